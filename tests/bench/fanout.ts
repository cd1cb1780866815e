// Notification fan-out (issue 20): the reply action's latency on a thread nobody watches next to
// one 10,000 members watch (medians of the same run, and their ratio; the goal is ≈1×, since the
// reply only queues one row), then the background work those 10,000 notifications make: writing
// them (src/lib/forum/fanout.ts, one transaction per reply), deciding and batching their mail
// (schedule.ts) and sending it through the real outbox mailer (.eml files in a temp folder).
// Called through lib/, as the reply action and the worker call it, on a file database (SQLite
// WAL, or PostgreSQL with DATABASE_URL).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import { saveCategory } from '../../src/lib/forum/categories.ts';
import { expandNotificationFanouts } from '../../src/lib/forum/fanout.ts';
import { reply } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { outboxMailer } from '../../src/lib/mail/index.ts';
import { MAIL_BATCH_DELAY_MS, scheduleNotificationMail } from '../../src/lib/notification-mail/schedule.ts';
import { sendNotificationMails } from '../../src/lib/notification-mail/send.ts';
import type { Db } from '../../src/lib/db/index.ts';
import { setSetting } from '../../src/lib/settings.ts';
import { createBenchDatabase } from './database.ts';

const WATCHERS = 10_000;
const ROUNDS = 15;

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function member(db: Db, email: string, name: string): Promise<SessionUser> {
  const { id } = await createOrPromoteUser(db, { email, role: 'member', name, password: 'a long bench password' });
  await db.updateTable('users').set({ trust_level: 3 }).where('id', '=', id).execute();
  return {
    id,
    email,
    emailVerified: true,
    displayName: name,
    role: 'member',
    trustLevel: 3,
    locale: 'en',
    suspendedUntil: null,
    silencedUntil: null,
  };
}

const countNotifications = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export async function benchFanout(): Promise<void> {
  const bench = await createBenchDatabase('fanout');
  const db = bench.open();
  const outbox = mkdtempSync(join(tmpdir(), 'pasokh-fanout-outbox-'));
  try {
    await setSetting(db, 'trust.holdFirstPosts', 0);
    await setSetting(db, 'spam.duplicateWindowMinutes', 0);
    await setSetting(db, 'trust.newUserPostsPerDay', 1_000_000);
    const category = await saveCategory(db, 'system', {
      slug: 'bench',
      titles: { fa: 'بنچ', ru: 'Бенч', en: 'Bench' },
      position: 1,
    });
    const asker = await member(db, 'asker@bench.example', 'Asker');
    const replier = await member(db, 'replier@bench.example', 'Replier');
    const ask = async (title: string) => {
      const made = await createThread(db, asker, {
        locale: 'en',
        categoryId: category.id,
        title,
        body: 'A question to reply to.',
      });
      if (!made.ok) throw new Error(JSON.stringify(made));
      return made.threadId;
    };
    const quiet = await ask('A thread nobody else watches');
    const busy = await ask('A thread ten thousand members watch');
    const now = Date.now();
    for (let i = 0; i < WATCHERS; i += 500) {
      const rows = await db
        .insertInto('users')
        .values(
          Array.from({ length: Math.min(500, WATCHERS - i) }, (_, k) => ({
            email: `watcher${i + k}@bench.example`,
            email_verified_at: new Date(now).toISOString(),
            password_hash: 'x',
            username: `watcher${i + k}`,
            username_skeleton: `watcher${i + k}`,
            display_name: `Watcher ${i + k}`,
            name_skeleton: `watcher ${i + k}`,
            locale: ['fa', 'ru', 'en'][(i + k) % 3]!,
          })),
        )
        .returning('id')
        .execute();
      await db
        .insertInto('thread_watches')
        .values(rows.map((r) => ({ thread_id: busy, user_id: r.id, created_at: now })))
        .execute();
    }

    const timeReply = async (threadId: number, n: number) => {
      const start = performance.now();
      const done = await reply(db, replier, threadId, `Reply number ${n} with a few words of text.`);
      if (!done.ok) throw new Error(JSON.stringify(done));
      return performance.now() - start;
    };
    for (let n = 0; n < 3; n++) {
      await timeReply(quiet, n);
      await timeReply(busy, n);
    }
    const quietMs: number[] = [];
    const busyMs: number[] = [];
    // Each goes first every other round, so neither always follows the other's commit.
    for (let n = 0; n < ROUNDS; n++) {
      if (n % 2) busyMs.push(await timeReply(busy, n));
      quietMs.push(await timeReply(quiet, n));
      if (!(n % 2)) busyMs.push(await timeReply(busy, n));
    }
    const q = median(quietMs);
    const b = median(busyMs);
    console.log(`reply, 0 watchers (baseline):   median ${q.toFixed(2)} ms over ${ROUNDS} replies`);
    console.log(
      `reply, ${WATCHERS.toLocaleString('en')} watchers:     median ${b.toFixed(2)} ms  (${(b / q).toFixed(2)}× the baseline)`,
    );

    // The background work of one such reply, as the worker does it. The timed replies above only
    // queued their fan-out: those rows are dropped, not expanded (180,000 notifications nobody needs).
    await db.deleteFrom('notification_fanouts').execute();
    const expandMs: number[] = [];
    let toldPerReply = 0;
    for (let n = 0; n < 3; n++) {
      // Only the last reply's notifications go on to the mail rounds below.
      await db.updateTable('notifications').set({ mail_batch_id: 0 }).where('mail_batch_id', 'is', null).execute();
      await timeReply(busy, 2 * ROUNDS + n);
      const before = await countNotifications(db);
      const start = performance.now();
      while ((await expandNotificationFanouts(db)) > 0);
      expandMs.push(performance.now() - start);
      toldPerReply = (await countNotifications(db)) - before;
    }
    const e = median(expandMs);
    let start = performance.now();
    let looked = 0;
    for (let n; (n = await scheduleNotificationMail(db)) > 0;) looked += n;
    const scheduled = performance.now() - start;
    const mailer = outboxMailer(outbox, () => {});
    const due = Date.now() + MAIL_BATCH_DELAY_MS;
    start = performance.now();
    while (
      (await sendNotificationMails({ db, mailer, origin: 'https://help.example.com' }, { now: due, limit: 100 })) > 0
    );
    const sent = performance.now() - start;
    const files = readdirSync(outbox).length;
    console.log(
      `fan-out of one reply: ${toldPerReply.toLocaleString('en')} in-app notifications written in ${e.toFixed(0)} ms (median of 3, one transaction each)`,
    );
    console.log(
      `                      ${looked.toLocaleString('en')} notifications batched for mail in ${(scheduled / 1000).toFixed(2)} s`,
    );
    console.log(
      `                      ${files.toLocaleString('en')} mails composed and filed in ${(sent / 1000).toFixed(2)} s (${(files / (sent / 1000)).toFixed(0)} mails/s)`,
    );
  } finally {
    await db.destroy();
    await bench.drop();
    rmSync(outbox, { recursive: true, force: true });
  }
}
