// Notification mail end to end inside lib/: notifications → batches (schedule.ts) → mail
// (send.ts), on SQLite and Postgres. Times are given, so windows open and close exactly.
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { markThreadNotificationsRead } from '../../../src/lib/forum/notifications.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { watchThread } from '../../../src/lib/forum/watches.ts';
import { openDatabase, type Db } from '../../../src/lib/db/index.ts';
import { setMailPrefs } from '../../../src/lib/notification-mail/preferences.ts';
import {
  DAILY_SUMMARY_DELAY_MS,
  MAIL_BATCH_DELAY_MS,
  scheduleNotificationMail,
} from '../../../src/lib/notification-mail/schedule.ts';
import { MAX_ATTEMPTS, sendNotificationMails } from '../../../src/lib/notification-mail/send.ts';
import { readUnsubscribeToken } from '../../../src/lib/notification-mail/unsubscribe.ts';
import type { MailMessage } from '../../../src/lib/mail/index.ts';
import { ok } from '../factories.ts';
import { ask, forum, MINUTE, T0 } from '../forum/fixture.ts';
import { expandNotificationFanouts } from '../../../src/lib/forum/fanout.ts';
import { fanOut, freshPostgresUrl, memoryMailer, onPostgres, tempSite } from '../helpers.ts';

const ORIGIN = 'https://help.example.com';

async function scene() {
  const f = await forum();
  const thread = await ask(
    f.db,
    f.asker,
    f.categoryId,
    'Refund did not arrive',
    'Paid twice, refunded once.',
    T0,
    'fa',
  );
  const mailer = memoryMailer();
  // The worker's rounds in its order: watchers told, notifications batched, batches due sent.
  const run = async (now: number) => {
    await fanOut(f.db);
    while ((await scheduleNotificationMail(f.db, { now })) > 0);
    return sendNotificationMails({ db: f.db, mailer, origin: ORIGIN }, { now });
  };
  const to = (userId: number) =>
    f.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return { ...f, thread, mailer, run, to };
}

describe('notification mail', () => {
  it('batches a thread for MAIL_BATCH_DELAY_MS from its first notification, then sends one mail', async () => {
    const { db, asker, helper, stranger, thread, mailer, run, to } = await scene();
    ok(await reply(db, helper, thread.threadId, 'Check the **bank statement**: <script>x</script>', T0 + MINUTE));
    await run(T0 + MINUTE + 1);
    expect(mailer.sent).toHaveLength(0);
    ok(await reply(db, stranger, thread.threadId, 'Same here, it took a week.', T0 + 3 * MINUTE));
    await run(T0 + 3 * MINUTE + 1);
    expect(mailer.sent).toHaveLength(0);
    // The window is the first notification's: both replies leave together, in one mail.
    await run(T0 + MINUTE + MAIL_BATCH_DELAY_MS - 1);
    expect(mailer.sent).toHaveLength(0);
    await run(T0 + MINUTE + MAIL_BATCH_DELAY_MS);
    expect(mailer.sent).toHaveLength(1);
    const mail = mailer.sent[0]!;
    expect(mail.to).toBe((await to(asker.id)).email);
    expect(mail.subject).toBe('۲ اعلان تازه در «Refund did not arrive»');
    expect(mail.text).toContain('Check the bank statement: <script>x</script>');
    expect(mail.text).toContain('Same here, it took a week.');
    expect(mail.text).toContain(`${ORIGIN}/fa/community/t/${thread.threadId}/`);
    expect(mail.html).not.toContain('<script>');
    // A reply after the claim opens a new window.
    ok(await reply(db, helper, thread.threadId, 'Any news?', T0 + 10 * MINUTE));
    await run(T0 + 10 * MINUTE + 1);
    await run(T0 + 10 * MINUTE + MAIL_BATCH_DELAY_MS);
    expect(mailer.sent).toHaveLength(2);
    expect(mailer.sent[1]!.subject).toContain('Dmitry');
    expect(await db.selectFrom('notification_mail_batches').selectAll().execute()).toEqual([]);
  });

  it('leaves out what the member read on the site before the window closed, and sends nothing when that is all', async () => {
    const { db, asker, helper, thread, mailer, run } = await scene();
    ok(await reply(db, helper, thread.threadId, 'Try again tomorrow.', T0 + MINUTE));
    await run(T0 + MINUTE + 1);
    await markThreadNotificationsRead(db, asker.id, thread.threadId, T0 + 2 * MINUTE);
    expect(await run(T0 + MINUTE + MAIL_BATCH_DELAY_MS)).toBe(1);
    expect(mailer.sent).toEqual([]);
    expect(await db.selectFrom('notification_mail_batches').selectAll().execute()).toEqual([]);
  });

  it('follows each member’s choices: off sends nothing, daily gathers every thread into one mail a day', async () => {
    const { db, categoryId, asker, helper, stranger, thread, mailer, run, to } = await scene();
    await setMailPrefs(db, asker.id, { replyMine: 'off' });
    await setMailPrefs(db, stranger.id, { replyWatched: 'daily', mention: 'daily' });
    const other = await ask(db, helper, categoryId, 'Card declined', 'Which cards work?', T0, 'fa');
    ok(await watchThread(db, stranger, thread.threadId, T0));
    ok(await watchThread(db, stranger, other.threadId, T0));
    ok(await reply(db, helper, thread.threadId, 'First reply.', T0 + MINUTE));
    ok(await reply(db, asker, other.threadId, 'Visa works, ask @[Alex Stone].', T0 + 2 * MINUTE));
    await run(T0 + 2 * MINUTE + 1);
    await run(T0 + MINUTE + MAIL_BATCH_DELAY_MS + MINUTE);
    // The helper's own question had a reply (theirs at once); the asker turned replies off.
    expect(mailer.sent.map((m) => m.to)).toEqual([(await to(helper.id)).email]);
    await run(T0 + MINUTE + DAILY_SUMMARY_DELAY_MS);
    expect(mailer.sent).toHaveLength(2);
    const daily = mailer.sent[1]!;
    expect(daily.to).toBe((await to(stranger.id)).email);
    expect(daily.subject).toBe('خلاصهٔ روزانهٔ شما: ۲ اعلان');
    expect(daily.text).toContain('Refund did not arrive');
    expect(daily.text).toContain('Card declined');
    expect(daily.text).toContain('این خلاصهٔ روزانهٔ شماست');
    const token = /token=([^\s&>]+)/.exec(daily.headers!['List-Unsubscribe']!)![1]!;
    expect((await readUnsubscribeToken(db, token))!.kinds.sort()).toEqual(['mention', 'replyWatched']);
  });

  it('mails an accepted answer and a moderation notice; a kind turned off after the window opened is left out', async () => {
    const { db, asker, helper, thread, mailer, run } = await scene();
    const answer = ok(await reply(db, helper, thread.threadId, 'Refunds take 5 days.', T0 + MINUTE));
    ok(await acceptAnswer(db, asker, answer.postId, T0 + 2 * MINUTE));
    await run(T0 + 2 * MINUTE + 1);
    await db
      .insertInto('notifications')
      .values({
        user_id: helper.id,
        kind: 'mod.warned',
        thread_id: null,
        post_id: null,
        actor_id: null,
        created_at: T0 + 2 * MINUTE,
        reason: 'Be kind',
      })
      .execute();
    await run(T0 + 3 * MINUTE);
    await setMailPrefs(db, asker.id, { replyMine: 'off' });
    await run(T0 + 2 * MINUTE + MAIL_BATCH_DELAY_MS);
    const subjects = mailer.sent.map((m) => m.subject).sort();
    expect(subjects).toEqual(['پاسخ شما در «Refund did not arrive» پذیرفته شد', 'پیامی از ناظران پاسخ']);
    expect(mailer.sent.find((m) => m.subject.startsWith('پیامی'))!.text).toContain('Be kind');
  });

  it('retries a failed send with back-off and gives up after MAX_ATTEMPTS', async () => {
    const { db, helper, thread } = await scene();
    ok(await reply(db, helper, thread.threadId, 'A reply.', T0));
    await fanOut(db);
    await scheduleNotificationMail(db, { now: T0 });
    let tries = 0;
    const broken = {
      async send(): Promise<void> {
        tries++;
        throw new Error('SMTP down');
      },
    };
    const lines: string[] = [];
    let now = T0 + MAIL_BATCH_DELAY_MS;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      expect(
        await sendNotificationMails({ db, mailer: broken, origin: ORIGIN }, { now, log: (l) => lines.push(l) }),
      ).toBe(1);
      // Not again before the pause is over.
      expect(await sendNotificationMails({ db, mailer: broken, origin: ORIGIN }, { now: now + 1 })).toBe(0);
      now += 60_000 * 2 ** i + 1;
    }
    expect(tries).toBe(MAX_ATTEMPTS);
    expect(lines.at(-1)).toContain('gave up');
    expect(await db.selectFrom('notification_mail_batches').selectAll().execute()).toEqual([]);
  });

  it('does the request no mail work: a reply writes one fan-out row, the worker the rest', async () => {
    const { db, helper, thread } = await scene();
    ok(await reply(db, helper, thread.threadId, 'A reply.', T0));
    expect(await db.selectFrom('notifications').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('notification_fanouts').select('thread_id').execute()).toEqual([
      { thread_id: thread.threadId },
    ]);
    await fanOut(db);
    const rows = await db.selectFrom('notifications').select('mail_batch_id').execute();
    expect(rows).toEqual([{ mail_batch_id: null }]);
    expect(await db.selectFrom('notification_mail_batches').selectAll().execute()).toEqual([]);
  });
});

describe('notification mail with two workers on one database', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function twoHandles(): Promise<[Db, Db]> {
    if (onPostgres) {
      const url = await freshPostgresUrl();
      const handles: [Db, Db] = [openDatabase(url, { poolSize: 4 }), openDatabase(url, { poolSize: 4 })];
      closers.push(async () => void (await Promise.all(handles.map((db) => db.destroy()))));
      return handles;
    }
    const site = await tempSite();
    const other = openDatabase(site.database);
    closers.push(async () => {
      await other.destroy();
      await site.remove();
    });
    return [site.db, other];
  }

  it('tell, decide and send every notification once: one mail per watcher, none twice', async () => {
    const handles = await twoHandles();
    const f = await forum(handles[0]);
    const thread = await ask(f.db, f.asker, f.categoryId, 'Many watchers', 'Body text here.', T0, 'en');
    const watchers = 40;
    for (let i = 0; i < watchers; i++) {
      const id = (
        await f.db
          .insertInto('users')
          .values({
            email: `w${i}@example.com`,
            email_verified_at: '2026-11-01T00:00:00Z',
            password_hash: 'x',
            display_name: `W ${i}`,
            name_skeleton: `w ${i}`,
            username: `w${i}`,
            username_skeleton: `w${i}`,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await f.db
        .insertInto('thread_watches')
        .values({ thread_id: thread.threadId, user_id: id, created_at: T0 })
        .execute();
    }
    for (let r = 0; r < 3; r++) ok(await reply(f.db, f.helper, thread.threadId, `Reply ${r}.`, T0 + r));
    const sent: MailMessage[] = [];
    const mailer = {
      async send(m: MailMessage) {
        sent.push(m);
      },
    };
    // Small rounds, all at once from both handles, until nothing is left.
    const until = async (step: (db: Db) => Promise<number>, together = true) => {
      for (;;) {
        const taken = together
          ? await Promise.all([...handles, ...handles].map((db) => step(db)))
          : [await step(handles[0]), await step(handles[1])];
        if (taken.every((n) => n === 0)) return;
      }
    };
    // Side by side on Postgres. Two SQLite handles in one thread cannot run write transactions
    // side by side (better-sqlite3 waits for the lock synchronously, so the holder never goes on);
    // there, separate processes take turns on the file's write lock, as here.
    await until((db) => expandNotificationFanouts(db, { replies: 1 }), onPostgres);
    expect(await f.db.selectFrom('notifications').select('id').execute()).toHaveLength(3 * (watchers + 1));
    await until((db) => scheduleNotificationMail(db, { now: T0 + 10, limit: 7 }), onPostgres);
    const due = T0 + MAIL_BATCH_DELAY_MS;
    await until((db) => sendNotificationMails({ db, mailer, origin: ORIGIN }, { now: due, limit: 3 }));
    const recipients = sent.map((m) => m.to);
    expect(new Set(recipients).size).toBe(recipients.length);
    // Every watcher and the asker: one mail each, with the three replies in it.
    expect(recipients).toHaveLength(watchers + 1);
    expect(sent.every((m) => m.text.includes('Reply 0.') && m.text.includes('Reply 2.'))).toBe(true);
  });
});

describe('the rendered mail', () => {
  it('is Persian and right to left for a fa member, with both parts and the unsubscribe headers', async () => {
    const { db, helper, thread, mailer, run } = await scene();
    ok(await reply(db, helper, thread.threadId, 'بانک «ملت» را **بررسی** کنید.', T0));
    await run(T0 + 1);
    await run(T0 + MAIL_BATCH_DELAY_MS);
    const message = mailer.sent[0]!;
    expect(message.subject).toBe('Dmitry به پرسش شما «Refund did not arrive» پاسخ داد');
    expect(message.html).toMatch(/<html lang="fa" dir="rtl">/);
    expect(message.html).toContain('<div lang="fa" dir="rtl"');
    expect(message.html).toContain('<p dir="auto"><bdi>بانک «ملت» را بررسی کنید.</bdi></p>');
    expect(message.text).toContain('این نامه را می‌گیرید چون این پرسش را شما مطرح کرده‌اید.');
    expect(message.text).toContain(`${ORIGIN}/fa/account/email/`);
    expect(message.headers!['List-Unsubscribe']).toMatch(
      /^<https:\/\/help\.example\.com\/api\/unsubscribe\/\?token=[\w.-]+>$/,
    );
    expect(message.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    // Through nodemailer, as the outbox files it: the headers survive, the parts parse.
    const built = await nodemailer
      .createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
      .sendMail({ from: 'Pasokh <no-reply@pasokh.example>', ...message });
    const parsed = await simpleParser(built.message as Buffer);
    const header = (name: string) => {
      const line = parsed.headerLines.find((h) => h.key === name)?.line ?? '';
      return line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
    };
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toBe(message.headers!['List-Unsubscribe']);
    expect(parsed.text).toContain('سلام');
    expect(parsed.html).toContain('dir="rtl"');
  });
});
