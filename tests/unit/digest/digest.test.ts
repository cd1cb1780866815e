// The weekly digest (issue 20): following categories, the opt-in setting, who gets what (solved
// public threads and new or updated articles of the past 7 days in followed categories, in the
// member's language), nothing when there is nothing, one mail per member and ISO week however
// many processes plan and send at once, the mail in Persian (rtl, Persian digits, Solar Hijri
// dates) with one-click unsubscribe that turns the digest off. On SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { translationStatus, type StatusArticle } from '../../../src/lib/content/status.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { digestMessage } from '../../../src/lib/digest/message.ts';
import { planDigests, recentArticles, type DigestItems } from '../../../src/lib/digest/plan.ts';
import { digestEnabled, setDigest } from '../../../src/lib/digest/preference.ts';
import { digestRound, sendDigests } from '../../../src/lib/digest/send.ts';
import {
  follow,
  followsOf,
  followState,
  followTarget,
  isFollowing,
  unfollow,
} from '../../../src/lib/follows/follows.ts';
import { runFollowForm } from '../../../src/lib/follows/form.ts';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { hideThread } from '../../../src/lib/forum/threads.ts';
import { threadPath } from '../../../src/lib/forum/urls.ts';
import { runMailPrefsForm } from '../../../src/lib/notification-mail/preferences-form.ts';
import { readUnsubscribeToken, unsubscribe } from '../../../src/lib/notification-mail/unsubscribe.ts';
import { makeUser, ok } from '../factories.ts';
import { ask, DAY, forum, HOUR, MINUTE } from '../forum/fixture.ts';
import { memoryMailer } from '../helpers.ts';
import { statusArticle } from '../content/status-fixture.ts';

const ORIGIN = 'https://help.example.com';
/** A Wednesday of 2026-W48. */
const NOW = Date.parse('2026-11-25T09:00:00Z');
const ARTICLE_CATEGORIES = [
  { id: 'skills', title: 'Skills' },
  { id: 'other', title: 'Other' },
];

const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
});

const article = (id: string, updated: number, over: Partial<StatusArticle> = {}) =>
  statusArticle(id, { updated: new Date(updated).toISOString(), ...over });

const groups = translationStatus([
  article('fa/skills/patience', NOW - 2 * DAY, { title: 'صبر و همدلی' }),
  article('fa/skills/old', NOW - 10 * DAY),
  article('fa/skills/draft', NOW - DAY, { draft: true }),
  article('fa/other/new', NOW - DAY),
  article('en/skills/fresh', NOW - DAY),
]);

/** A confirmed member whose account is in `locale` (the factory leaves the column to its default). */
async function account(db: Db, name: string, locale: string, email?: string) {
  const user = await makeUser(db, name, { locale, ...(email ? { email } : {}) });
  await db.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
  return user;
}

/** The forum scene plus readers in fa and en, and threads solved at different times in both categories. */
async function scene() {
  const f = await forum();
  dbs.push(f.db);
  const { db, asker, helper, moderator, categoryId, otherCategoryId } = f;
  const solved = async (title: string, at: number, locale = 'fa', category = categoryId) => {
    const thread = await ask(db, asker, category, title, `Details of ${title}.`, at - HOUR, locale);
    const answer = ok(await reply(db, helper, thread.threadId, `An answer to ${title}.`, at - MINUTE));
    ok(await acceptAnswer(db, asker, answer.postId, at));
    return thread;
  };
  const recent = await solved('کارت بانکی من در پرداخت رد شد', NOW - 2 * DAY);
  const older = await solved('یک پرسش قدیمی دربارهٔ فاکتور', NOW - 8 * DAY);
  const hidden = await solved('گفتگویی که ناظر پنهان کرد', NOW - DAY);
  ok(await hideThread(db, moderator, hidden.threadId, 'spam', NOW - HOUR));
  const elsewhere = await solved('پرسشی در دستهٔ حساب کاربری', NOW - DAY, 'fa', otherCategoryId);
  const english = await solved('Card declined at checkout', NOW - DAY, 'en');
  await ask(db, asker, categoryId, 'پرسش بی‌پاسخ دربارهٔ پرداخت', 'Details.', NOW - DAY, 'fa');

  const reader = await account(db, 'Reza', 'fa', 'reza@example.com');
  await follow(db, reader.id, 'community', 'billing', NOW - 20 * DAY);
  await follow(db, reader.id, 'articles', 'skills', NOW - 20 * DAY);
  await setDigest(db, reader.id, true, NOW - 20 * DAY);
  const english_reader = await account(db, 'Emma', 'en', 'emma@example.com');
  await follow(db, english_reader.id, 'community', 'billing');
  await setDigest(db, english_reader.id, true);
  // Follows the same, but never turned the digest on (it is off by default).
  const quiet = await account(db, 'Quiet', 'fa');
  await follow(db, quiet.id, 'community', 'billing');
  await follow(db, quiet.id, 'articles', 'skills');
  // Turned it on, but nothing happened in what they follow this week.
  const idle = await account(db, 'Idle', 'ru');
  await follow(db, idle.id, 'articles', 'skills');
  await setDigest(db, idle.id, true);
  // Turned it on, but their address is not confirmed.
  const unconfirmed = await account(db, 'Unconfirmed', 'fa');
  await db.updateTable('users').set({ email_verified_at: null }).where('id', '=', unconfirmed.id).execute();
  await follow(db, unconfirmed.id, 'community', 'billing');
  await setDigest(db, unconfirmed.id, true);
  return { ...f, recent, older, hidden, elsewhere, english, reader, english_reader, quiet, idle, unconfirmed };
}

const rows = (db: Db) => db.selectFrom('digest_mails').selectAll().orderBy('user_id').execute();

describe('following categories', () => {
  it('follows, unfollows and lists, once per category however often it is pressed', async () => {
    const { db, asker } = await scene();
    await follow(db, asker.id, 'community', 'billing', 1);
    await follow(db, asker.id, 'community', 'billing', 2);
    await follow(db, asker.id, 'articles', 'billing', 3);
    expect(await followsOf(db, asker.id)).toEqual([
      { kind: 'community', category: 'billing', createdAt: 1 },
      { kind: 'articles', category: 'billing', createdAt: 3 },
    ]);
    expect(await isFollowing(db, asker.id, 'articles', 'billing')).toBe(true);
    await unfollow(db, asker.id, 'articles', 'billing');
    expect(await isFollowing(db, asker.id, 'articles', 'billing')).toBe(false);
    expect(await isFollowing(db, asker.id, 'community', 'billing')).toBe(true);
  });

  it('tells a prerendered page’s button the state, and nothing for what is not a category’s shape', async () => {
    const { db, asker } = await scene();
    await follow(db, asker.id, 'articles', 'skills', 1);
    expect(await followState(db, asker.id, 'articles', 'skills')).toBe(true);
    expect(await followState(db, asker.id, 'community', 'skills')).toBe(false);
    expect(await followState(db, asker.id, 'articles', 'no-such-category')).toBe(false);
    for (const [kind, category] of [
      ['threads', 'skills'],
      [null, 'skills'],
      ['articles', null],
      ['articles', ''],
      ['articles', 'x'.repeat(101)],
    ])
      expect(await followState(db, asker.id, kind, category)).toBeNull();
  });

  it('knows only categories that exist, with their title and page in the locale', async () => {
    const { db } = await scene();
    expect(await followTarget(db, 'fa', 'community', 'billing', ARTICLE_CATEGORIES)).toEqual({
      kind: 'community',
      category: 'billing',
      title: 'پرداخت',
      path: '/fa/community/billing/',
    });
    expect(await followTarget(db, 'ru', 'articles', 'skills', ARTICLE_CATEGORIES)).toMatchObject({
      path: '/ru/skills/',
    });
    expect(await followTarget(db, 'fa', 'community', 'nope', ARTICLE_CATEGORIES)).toBeNull();
    expect(await followTarget(db, 'fa', 'articles', 'billing', ARTICLE_CATEGORIES)).toBeNull();
    expect(await followTarget(db, 'fa', 'threads', 'billing', ARTICLE_CATEGORIES)).toBeNull();
    expect(await followTarget(db, 'fa', 'community', null, ARTICLE_CATEGORIES)).toBeNull();
  });

  it('the form refuses unknown categories and forged values with a localized message, and is rate-limited', async () => {
    const { db, stranger } = await scene();
    const input = { userId: stranger.id, locale: 'ru' as const, articleCategories: ARTICLE_CATEGORIES };
    const missing = await runFollowForm(db, { ...input, kind: 'community', category: 'x', form: { follow: '1' } });
    expect(missing).toMatchObject({ status: 404, notice: { kind: 'error', text: 'Такого раздела нет.' } });
    const forged = await runFollowForm(db, { ...input, kind: 'community', category: 'billing', form: { follow: 'y' } });
    expect(forged).toMatchObject({ status: 422, following: false });
    const shown = await runFollowForm(db, { ...input, kind: 'community', category: 'billing', form: null });
    expect(shown).toMatchObject({ status: 200, following: false });
    expect(shown.notice).toBeUndefined();
    const followed = await runFollowForm(db, { ...input, kind: 'articles', category: 'skills', form: { follow: '1' } });
    expect(followed).toMatchObject({
      status: 200,
      following: true,
      notice: { kind: 'success', text: 'Вы подписались на раздел «Skills».' },
    });
    expect(await isFollowing(db, stranger.id, 'articles', 'skills')).toBe(true);
    const left = await runFollowForm(db, { ...input, kind: 'articles', category: 'skills', form: { follow: '0' } });
    expect(left).toMatchObject({ status: 200, following: false });
    expect(await followsOf(db, stranger.id)).toEqual([]);
    let last;
    for (let i = 0; i < 60; i++)
      last = await runFollowForm(db, { ...input, kind: 'articles', category: 'skills', form: { follow: '1' } }, NOW);
    expect(last).toMatchObject({ status: 429 });
  });
});

describe('the digest setting', () => {
  it('is off by default, turned on and off by the e-mail form, and a forged value changes nothing', async () => {
    const { db, stranger } = await scene();
    const base = {
      replyMine: 'immediately',
      replyWatched: 'immediately',
      mention: 'off',
      accepted: 'daily',
      moderation: 'immediately',
    };
    expect(await digestEnabled(db, stranger.id)).toBe(false);
    const on = await runMailPrefsForm(db, { userId: stranger.id, locale: 'en', form: { ...base, digest: 'weekly' } });
    expect(on).toMatchObject({ status: 200, digest: true, prefs: { mention: 'off' } });
    const forged = await runMailPrefsForm(db, {
      userId: stranger.id,
      locale: 'en',
      form: { ...base, digest: 'daily' },
    });
    expect(forged).toMatchObject({ status: 422, digest: true });
    // A form without the field (one from before the digest) leaves it alone.
    expect(await runMailPrefsForm(db, { userId: stranger.id, locale: 'en', form: base })).toMatchObject({
      digest: true,
    });
    const off = await runMailPrefsForm(db, { userId: stranger.id, locale: 'en', form: { ...base, digest: 'off' } });
    expect(off).toMatchObject({ status: 200, digest: false });
  });
});

describe('planning', () => {
  it('plans what each member follows from the past 7 days in their language, and nothing for the rest', async () => {
    const s = await scene();
    const { db } = s;
    expect(await planDigests(db, groups, NOW)).toBe(2);
    const planned = await rows(db);
    expect(planned.map((r) => [r.user_id, r.week, r.state])).toEqual([
      [s.reader.id, '2026-W48', 'pending'],
      [s.english_reader.id, '2026-W48', 'pending'],
      [s.idle.id, '2026-W48', 'empty'],
    ]);
    const items = JSON.parse(planned[0]!.items) as DigestItems;
    expect(items.threads).toEqual([
      {
        id: s.recent.threadId,
        title: 'کارت بانکی من در پرداخت رد شد',
        category: 'billing',
        path: threadPath({ locale: 'fa', id: s.recent.threadId, slug: s.recent.slug }),
        solvedAt: NOW - 2 * DAY,
      },
    ]);
    expect(items.articles.map((a) => [a.id, a.path])).toEqual([['fa/skills/patience', '/fa/skills/patience/']]);
    const english = JSON.parse(planned[1]!.items) as DigestItems;
    expect(english.threads.map((t) => t.title)).toEqual(['Card declined at checkout']);
    expect(english.articles).toEqual([]);
  });

  it('plans once per member and week, even when two processes plan at the same moment', async () => {
    const s = await scene();
    const { db } = s;
    const planned = await Promise.all([planDigests(db, groups, NOW), planDigests(db, groups, NOW)]);
    expect(planned[0] + planned[1]).toBe(2);
    expect(await rows(db)).toHaveLength(3);
    // An hour later, the same week: nothing more, even with news.
    expect(await planDigests(db, groups, NOW + HOUR)).toBe(0);
    expect(await rows(db)).toHaveLength(3);
    // The next week: new rows (the thread solved on Monday is still within 7 days of Tuesday).
    expect(await planDigests(db, groups, NOW + 6 * DAY)).toBe(1);
    expect((await rows(db)).map((r) => r.week).sort()).toEqual([
      '2026-W48',
      '2026-W48',
      '2026-W48',
      '2026-W49',
      '2026-W49',
      '2026-W49',
    ]);
  });

  it('reads recent articles from the build status only: published, in the window', () => {
    const recent = recentArticles(groups, NOW - 7 * DAY, NOW);
    expect([...recent.keys()].sort()).toEqual(['en/skills', 'fa/other', 'fa/skills']);
    expect(recent.get('fa/skills')!.map((a) => a.id)).toEqual(['fa/skills/patience']);
  });
});

describe('sending', () => {
  it('mails each planned digest once with two workers at once, and none to those with nothing', async () => {
    const s = await scene();
    const { db } = s;
    await planDigests(db, groups, NOW);
    const mailer = memoryMailer();
    const deps = { db, mailer, origin: ORIGIN };
    const claimed = await Promise.all([sendDigests(deps, { now: NOW }), sendDigests(deps, { now: NOW })]);
    expect(claimed[0] + claimed[1]).toBe(2);
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['emma@example.com', 'reza@example.com']);
    expect((await rows(db)).map((r) => r.state)).toEqual(['sent', 'sent', 'empty']);
    expect(await sendDigests(deps, { now: NOW + DAY })).toBe(0);
    expect(mailer.sent).toHaveLength(2);
  });

  it('looks again before sending: nothing to a member who turned it off, no thread hidden since', async () => {
    const s = await scene();
    const { db } = s;
    await planDigests(db, groups, NOW);
    await setDigest(db, s.english_reader.id, false);
    ok(await hideThread(db, s.moderator, s.recent.threadId, 'off topic', NOW));
    const mailer = memoryMailer();
    await sendDigests({ db, mailer, origin: ORIGIN }, { now: NOW });
    expect((await rows(db)).map((r) => r.state)).toEqual(['sent', 'skipped', 'empty']);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.text).not.toContain('کارت بانکی من در پرداخت رد شد');
    expect(mailer.sent[0]!.text).toContain('صبر و همدلی');
  });

  it('retries a failed send after a pause', async () => {
    const s = await scene();
    const { db } = s;
    await planDigests(db, groups, NOW);
    const failing = { send: async () => Promise.reject(new Error('SMTP down')) };
    const log: string[] = [];
    expect(await sendDigests({ db, mailer: failing, origin: ORIGIN }, { now: NOW, log: (l) => log.push(l) })).toBe(2);
    expect((await rows(db))[0]).toMatchObject({ state: 'pending', attempts: 1, last_error: 'Error: SMTP down' });
    expect(log[0]).toContain('attempt 1 failed');
    const mailer = memoryMailer();
    expect(await sendDigests({ db, mailer, origin: ORIGIN }, { now: NOW + 59_000 })).toBe(0);
    expect(await sendDigests({ db, mailer, origin: ORIGIN }, { now: NOW + 60_000 })).toBe(2);
    expect(mailer.sent).toHaveLength(2);
  });

  it('the worker round plans at most once an hour and sends what it planned', async () => {
    const s = await scene();
    const mailer = memoryMailer();
    let reads = 0;
    const round = digestRound({
      db: s.db,
      mailer,
      origin: ORIGIN,
      status: async () => {
        reads++;
        return { groups };
      },
    });
    // The real clock: the fixture's threads are old news then, so only what is planned for today counts.
    await round();
    await round();
    expect(reads).toBe(1);
  });

  it('one-click unsubscribe with the mail’s token turns the digest off', async () => {
    const s = await scene();
    const { db } = s;
    await planDigests(db, groups, NOW);
    const mailer = memoryMailer();
    await sendDigests({ db, mailer, origin: ORIGIN }, { now: NOW });
    const mail = mailer.sent.find((m) => m.to === 'reza@example.com')!;
    const header = mail.headers!['List-Unsubscribe']!;
    expect(header).toMatch(/^<https:\/\/help\.example\.com\/api\/unsubscribe\/\?token=[^>]+>$/);
    expect(mail.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const token = new URL(header.slice(1, -1)).searchParams.get('token');
    expect(await readUnsubscribeToken(db, token)).toMatchObject({
      userId: s.reader.id,
      kinds: ['digest'],
      digest: true,
    });
    expect(await unsubscribe(db, token)).toMatchObject({ digest: false });
    expect(await digestEnabled(db, s.reader.id)).toBe(false);
    // The notification mail choices are untouched, and a tampered token does nothing.
    expect((await readUnsubscribeToken(db, token))!.prefs.replyMine).toBe('immediately');
    expect(await unsubscribe(db, token!.replace('digest', 'mention'))).toBeNull();
  });
});

describe('the mail', () => {
  const items: DigestItems = {
    threads: [
      {
        id: 7,
        title: 'کارت <b>رد</b> شد',
        category: 'billing',
        path: '/fa/community/t/7/card/',
        solvedAt: NOW - 2 * DAY,
      },
    ],
    articles: [
      {
        id: 'fa/skills/patience',
        title: 'صبر و همدلی',
        category: 'skills',
        path: '/fa/skills/patience/',
        updated: new Date(NOW - DAY).toISOString(),
      },
    ],
  };

  it('is in Persian, right to left, with Persian digits and Solar Hijri dates, escaped, with links and a way out', () => {
    const mail = digestMessage({
      locale: 'fa',
      to: 'reza@example.com',
      name: 'رضا',
      items,
      origin: ORIGIN,
      token: '5.digest.abc',
    });
    expect(mail.subject).toBe('خلاصهٔ هفتگی شما: ۲ مورد تازه');
    expect(mail.html).toContain('<html lang="fa" dir="rtl">');
    expect(mail.html).toContain('<bdi>کارت &lt;b&gt;رد&lt;/b&gt; شد</bdi>');
    expect(mail.html).not.toContain('<b>رد</b>');
    // 23 November 2026 is 2 Azar 1405.
    expect(mail.text).toContain('حل‌شده در ۲ آذر ۱۴۰۵');
    expect(mail.text).toContain(`${ORIGIN}/fa/community/t/7/card/`);
    expect(mail.text).toContain(`${ORIGIN}/fa/skills/patience/`);
    expect(mail.text).toContain(`لغو خلاصهٔ هفتگی: ${ORIGIN}/fa/account/unsubscribe/?token=5.digest.abc`);
    expect(mail.headers).toMatchObject({
      'List-Unsubscribe': `<${ORIGIN}/api/unsubscribe/?token=5.digest.abc>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
