import SQLite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../src/lib/auth/authorize.ts';
import { nameSkeleton } from '../../src/lib/auth/names.ts';
import { usernameFrom, usernameSkeleton } from '../../src/lib/auth/usernames.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import { migrateToLatest, type Db } from '../../src/lib/db/index.ts';
import type { Database, Role } from '../../src/lib/db/schema.ts';
import { acceptAnswer, unacceptAnswer } from '../../src/lib/forum/answers.ts';
import { categoryBySlug, listCategories, saveCategory } from '../../src/lib/forum/categories.ts';
import {
  abandonComposerSession,
  closeIdleComposerSessions,
  deflectionFunnel,
  recordSuggestionClick,
  recordSuggestionsShown,
  startComposerSession,
} from '../../src/lib/forum/deflection.ts';
import { listForumEvents } from '../../src/lib/forum/events.ts';
import { listNotifications, markNotificationsRead, markThreadNotificationsRead, unreadNotificationCount } from '../../src/lib/forum/notifications.ts';
import { FORUM_RATE_LIMITS, timestampMs } from '../../src/lib/forum/policy.ts';
import { deletePost, editPost, hidePost, postForEditing, postLocation, reply, unhidePost } from '../../src/lib/forum/posts.ts';
import { postRevisions } from '../../src/lib/forum/revisions.ts';
import { userProfile } from '../../src/lib/forum/profiles.ts';
import { searchTerms, searchThreads, suggestAnsweredThreads } from '../../src/lib/forum/search.ts';
import {
  createThread,
  decodeCursor,
  deleteThread,
  hideThread,
  listThreads,
  recentSolvedThreads,
  recordThreadView,
  setThreadLocked,
  setThreadPinned,
  threadPage,
  unhideThread,
} from '../../src/lib/forum/threads.ts';
import { pageOfPost, threadSlug } from '../../src/lib/forum/urls.ts';
import { unvotePost, votePost } from '../../src/lib/forum/votes.ts';
import { unwatchThread, watchThread } from '../../src/lib/forum/watches.ts';
import { seedForum } from '../../db/seed/forum.ts';
import { testDb } from './helpers.ts';
import { setSetting } from '../../src/lib/settings.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let users = 0;
async function member(db: Db, name: string, options: { role?: Role; trustLevel?: number; suspendedUntil?: string; silencedUntil?: string } = {}): Promise<SessionUser> {
  const email = `user${++users}@example.com`;
  const row = await db
    .insertInto('users')
    .values({
      email,
      email_verified_at: '2026-11-01T00:00:00Z',
      password_hash: 'x',
      display_name: name,
      name_skeleton: nameSkeleton(name),
      username: usernameFrom(name),
      username_skeleton: usernameSkeleton(usernameFrom(name)),
      role: options.role ?? 'member',
      trust_level: options.trustLevel ?? 0,
      suspended_until: options.suspendedUntil ?? null,
      silenced_until: options.silencedUntil ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    email,
    emailVerified: true,
    displayName: name,
    role: options.role ?? 'member',
    trustLevel: options.trustLevel ?? 0,
    locale: 'fa',
    suspendedUntil: options.suspendedUntil ?? null,
    silencedUntil: options.silencedUntil ?? null,
  };
}

async function forum(db?: Db) {
  db ??= await testDb();
  // These tests are about the forum itself: moderation's holds for new members, duplicate
  // detection and daily limits are tested in moderation.test.ts, so they are off here.
  await setSetting(db, 'trust.holdFirstPosts', 0);
  await setSetting(db, 'spam.duplicateWindowMinutes', 0);
  await setSetting(db, 'trust.newUserPostsPerDay', 10_000);
  const category = await saveCategory(db, 'system', { slug: 'billing', titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' }, position: 1 });
  const other = await saveCategory(db, 'system', { slug: 'accounts', titles: { fa: 'حساب کاربری', en: 'Accounts' }, position: 2 });
  const asker = await member(db, 'سارا');
  const helper = await member(db, 'Dmitry');
  const stranger = await member(db, 'Alex Stone');
  const moderator = await member(db, 'رضا ناظر', { role: 'moderator' });
  return { db, categoryId: category.id, otherCategoryId: other.id, asker, helper, stranger, moderator };
}

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`Refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

async function ask(db: Db, user: SessionUser, categoryId: number, title: string, body = 'Some details about the problem.', now = T0, locale = 'en') {
  return ok(await createThread(db, user, { locale, categoryId, title, body }, now));
}

describe('threads and posts', () => {
  it('asks, replies, numbers posts and keeps the thread counters in step', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const thread = await ask(db, asker, categoryId, 'Refund did not arrive after two weeks', 'I returned the order **on time**.');
    expect(thread.slug).toBe('refund-did-not-arrive-after-two-weeks');
    const first = ok(await reply(db, helper, thread.threadId, 'Refunds take up to 10 business days.', T0 + MINUTE));
    const second = ok(await reply(db, asker, thread.threadId, 'Thanks, I will wait.', T0 + 2 * MINUTE));
    expect([first.number, second.number, second.page]).toEqual([2, 3, 1]);

    const page = (await threadPage(db, null, thread.threadId))!;
    expect(page.posts.map((p) => [p.number, p.author.name])).toEqual([
      [1, 'سارا'],
      [2, 'Dmitry'],
      [3, 'سارا'],
    ]);
    expect(page.posts[0]!.html).toBe('<p dir="auto">I returned the order <strong>on time</strong>.</p>');
    expect(page.thread).toMatchObject({ replyCount: 2, lastPostAt: T0 + 2 * MINUTE, lastPoster: { id: asker.id }, state: 'open', solved: false, lastPostNumber: 3 });
    expect(page.viewer).toEqual({ watching: false, canReply: false, canAccept: false, canModerate: false });

    await recordThreadView(db, thread.threadId);
    await recordThreadView(db, thread.threadId, helper.id);
    await recordThreadView(db, thread.threadId, asker.id); // the asker is not a reader
    const [summary] = (await listThreads(db, { locale: 'en' })).threads;
    expect(summary).toMatchObject({ id: thread.threadId, replyCount: 2, viewCount: 2, author: { name: 'سارا' }, lastPoster: { name: 'سارا' }, category: { slug: 'billing' } });
    expect(await postLocation(db, first.postId)).toEqual({ threadId: thread.threadId, locale: 'en', slug: thread.slug, number: 2, page: 1 });
  });

  it('refuses anonymous writers, bad input and silenced or suspended members', async () => {
    const { db, categoryId, moderator } = await forum();
    await expect(createThread(db, null, { locale: 'en', categoryId, title: 'A perfectly fine title', body: 'Body' })).rejects.toThrow(AuthorizationError);
    const writer = await member(db, 'Writer');
    expect(await createThread(db, writer, { locale: 'en', categoryId, title: 'Short', body: 'Body text' })).toEqual({ ok: false, problem: 'titleLength' });
    expect(await createThread(db, writer, { locale: 'en', categoryId, title: 'A perfectly fine title', body: ' ' })).toEqual({ ok: false, problem: 'bodyLength' });
    expect(await createThread(db, writer, { locale: 'de', categoryId, title: 'A perfectly fine title', body: 'Body' })).toEqual({ ok: false, problem: 'invalidLocale' });
    expect(await createThread(db, writer, { locale: 'en', categoryId: 999, title: 'A perfectly fine title', body: 'Body' })).toEqual({ ok: false, problem: 'invalidCategory' });
    // Bidi controls never reach a stored title.
    const spoof = ok(await createThread(db, writer, { locale: 'en', categoryId, title: 'Invoice \u202Efdp.exe for March', body: 'Body' }, T0));
    expect((await threadPage(db, null, spoof.threadId))!.thread.title).toBe('Invoice fdp.exe for March');

    const silenced = await member(db, 'Quiet One', { silencedUntil: new Date(T0 + HOUR).toISOString() });
    const suspended = await member(db, 'Gone For Now', { suspendedUntil: '2026-11-21 00:00:00' });
    expect(await createThread(db, silenced, { locale: 'en', categoryId, title: 'A perfectly fine title', body: 'Body' }, T0)).toEqual({ ok: false, problem: 'silenced' });
    expect(await reply(db, suspended, spoof.threadId, 'Hello there', T0)).toEqual({ ok: false, problem: 'suspended' });
    expect(await votePost(db, silenced, spoof.postId, T0)).toEqual({ ok: false, problem: 'silenced' });
    // Once the time is up, they write again.
    expect((await createThread(db, silenced, { locale: 'en', categoryId, title: 'A perfectly fine title', body: 'Body' }, T0 + 2 * HOUR)).ok).toBe(true);
    expect((await reply(db, moderator, spoof.threadId, 'Moderators are never restricted here', T0)).ok).toBe(true);
  });

  it('rate-limits new members: 5 questions and 30 replies an hour, more with trust, none for staff', async () => {
    const { db, categoryId, moderator } = await forum();
    expect(FORUM_RATE_LIMITS.thread.newUser.max).toBe(5);
    expect(FORUM_RATE_LIMITS.reply.newUser.max).toBe(30);
    const newbie = await member(db, 'Newbie');
    for (let i = 0; i < 5; i++) ok(await createThread(db, newbie, { locale: 'en', categoryId, title: `Question number ${i} about billing`, body: 'Body' }, T0 + i));
    const refused = await createThread(db, newbie, { locale: 'en', categoryId, title: 'Question number 6 about billing', body: 'Body' }, T0 + 10 * MINUTE);
    expect(refused).toEqual({ ok: false, problem: 'rateLimited', retryAfterMs: 50 * MINUTE });
    expect((await createThread(db, newbie, { locale: 'en', categoryId, title: 'Question number 6 about billing', body: 'Body' }, T0 + HOUR)).ok).toBe(true);

    const thread = await ask(db, moderator, categoryId, 'A thread to reply to a lot');
    for (let i = 0; i < 30; i++) ok(await reply(db, newbie, thread.threadId, `reply ${i}`, T0 + i));
    expect(await reply(db, newbie, thread.threadId, 'one too many', T0 + 40)).toMatchObject({ ok: false, problem: 'rateLimited' });

    const trusted = await member(db, 'Trusted', { trustLevel: 1 });
    for (let i = 0; i < 6; i++) ok(await createThread(db, trusted, { locale: 'en', categoryId, title: `Trusted question ${i} here`, body: 'Body' }, T0));
    for (let i = 0; i < 8; i++) ok(await createThread(db, moderator, { locale: 'en', categoryId, title: `Announcement number ${i}`, body: 'Body' }, T0));
  });

  it('pages a long thread at 50 posts by post number and shows the accepted answer on every page', async () => {
    const { db, categoryId, asker, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'A very long discussion thread');
    const replies = [];
    for (let i = 2; i <= 121; i++) replies.push(ok(await reply(db, moderator, thread.threadId, `Reply number ${i}`, T0 + i)));
    expect(replies.at(-1)).toMatchObject({ number: 121, page: 3 });
    expect([pageOfPost(1), pageOfPost(50), pageOfPost(51), pageOfPost(100), pageOfPost(101)]).toEqual([1, 1, 2, 2, 3]);
    ok(await acceptAnswer(db, asker, replies[3]!.postId, T0 + 500)); // post 5, on page 1

    const one = (await threadPage(db, asker, thread.threadId, 1))!;
    const three = (await threadPage(db, asker, thread.threadId, 3))!;
    expect([one.posts.length, one.posts[0]!.number, one.posts.at(-1)!.number, one.pageCount]).toEqual([50, 1, 50, 3]);
    expect([three.posts.length, three.posts[0]!.number, three.posts.at(-1)!.number]).toEqual([21, 101, 121]);
    expect(three.acceptedAnswer).toMatchObject({ number: 5, accepted: true, html: '<p dir="auto">Reply number 5</p>' });
    expect(one.acceptedAnswer?.number).toBe(5);
    expect(await threadPage(db, asker, thread.threadId, 4)).toBeNull();
    expect(await threadPage(db, asker, thread.threadId, 0)).toBeNull();
  });
});

describe('lists', () => {
  it('pages latest activity by keyset, without overlap, and a reply moves a thread up', async () => {
    const { db, categoryId, otherCategoryId, asker, helper, moderator } = await forum();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await ask(db, i % 2 ? helper : asker, i < 5 ? categoryId : otherCategoryId, `Question about topic ${i}`, 'Body', T0 + i * MINUTE)).threadId);
    const page1 = await listThreads(db, { locale: 'en', limit: 3 });
    const page2 = await listThreads(db, { locale: 'en', limit: 3, cursor: page1.next });
    const page3 = await listThreads(db, { locale: 'en', limit: 3, cursor: page2.next });
    expect([...page1.threads, ...page2.threads, ...page3.threads].map((t) => t.id)).toEqual([...ids].reverse());
    expect(page3.next).toBeNull();
    expect(decodeCursor(page1.next)).toEqual({ at: T0 + 4 * MINUTE, id: ids[4] });
    expect(decodeCursor("1' OR 1=1")).toBeNull();

    ok(await reply(db, helper, ids[0]!, 'An answer', T0 + HOUR));
    expect((await listThreads(db, { locale: 'en', limit: 1 })).threads[0]!.id).toBe(ids[0]);
    expect((await listThreads(db, { locale: 'en', kind: 'unanswered' })).threads.map((t) => t.id)).not.toContain(ids[0]);
    expect((await listThreads(db, { locale: 'en', categoryId: otherCategoryId })).threads.map((t) => t.id)).toEqual([ids[6], ids[5]]);
    expect((await listThreads(db, { locale: 'fa' })).threads).toEqual([]);

    // Pinned threads come once, on top of the first page only.
    ok(await setThreadPinned(db, moderator, ids[2]!, true, T0));
    const pinnedFirst = await listThreads(db, { locale: 'en', limit: 10 });
    expect(pinnedFirst.pinned.map((t) => t.id)).toEqual([ids[2]]);
    expect(pinnedFirst.threads.map((t) => t.id)).not.toContain(ids[2]);
    expect((await listThreads(db, { locale: 'en', limit: 2, cursor: pinnedFirst.next ?? (await listThreads(db, { locale: 'en', limit: 2 })).next })).pinned).toEqual([]);

    ok(await acceptAnswer(db, asker, (await threadPage(db, asker, ids[0]!))!.posts[1]!.id, T0 + 2 * HOUR));
    const solved = await listThreads(db, { locale: 'en', kind: 'solved' });
    expect(solved.threads.map((t) => [t.id, t.solved, t.state])).toEqual([[ids[0], true, 'solved']]);
  });

  it("the home page's recently solved: visible solved threads of the locale, latest activity first, gone when unaccepted", async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const solve = async (title: string, at: number, locale = 'en') => {
      const { threadId } = await ask(db, asker, categoryId, title, 'Body', at, locale);
      const answer = ok(await reply(db, helper, threadId, 'An answer', at + MINUTE));
      ok(await acceptAnswer(db, asker, answer.postId, at + 2 * MINUTE));
      return threadId;
    };
    const first = await solve('First solved question', T0);
    const second = await solve('Second solved question', T0 + HOUR);
    const hidden = await solve('Solved, then hidden', T0 + 2 * HOUR);
    await solve('Solved in Persian', T0 + 3 * HOUR, 'fa');
    await ask(db, asker, categoryId, 'Still open question', 'Body', T0 + 4 * HOUR);
    ok(await hideThread(db, moderator, hidden, 'off topic', T0 + 5 * HOUR));
    expect((await recentSolvedThreads(db, 'en')).map((t) => t.id)).toEqual([second, first]);
    expect((await recentSolvedThreads(db, 'en', 1)).map((t) => t.id)).toEqual([second]);
    ok(await unacceptAnswer(db, asker, second, null, T0 + 6 * HOUR));
    expect((await recentSolvedThreads(db, 'en')).map((t) => t.id)).toEqual([first]);
  });

  it('reads each list from its own index, in order, with no sort step', async () => {
    const plans: string[][] = [];
    const sqlite = new SQLite(':memory:');
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (event.level === 'query' && /from "threads"/.test(event.query.sql) && /order by "threads"."last_post_at" desc/.test(event.query.sql)) captured.push(event.query);
      },
    });
    await migrateToLatest(db);
    const { categoryId } = await forum(db);
    const cursor = `${T0}.5`;
    for (const kind of ['latest', 'unanswered', 'solved'] as const) {
      await listThreads(db, { locale: 'en', kind, cursor });
      await listThreads(db, { locale: 'en', kind, categoryId, cursor });
    }
    for (const query of captured) {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[];
      plans.push(plan.map((p) => p.detail));
    }
    expect(plans).toHaveLength(6);
    const expected = ['threads_latest', 'threads_category_latest', 'threads_unanswered', 'threads_category_unanswered', 'threads_solved', 'threads_category_solved'];
    plans.forEach((plan, i) => {
      expect(plan.join(' | ')).toMatch(new RegExp(`SEARCH threads USING INDEX ${expected[i]} \\(`));
      expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
    });
    await db.destroy();
  });

  it('lists categories in order with the locale\u2019s titles, falling back to English', async () => {
    const { db } = await forum();
    expect((await listCategories(db, 'ru')).map((c) => [c.slug, c.title])).toEqual([
      ['billing', 'Оплата'],
      ['accounts', 'Accounts'],
    ]);
    expect((await categoryBySlug(db, 'fa', 'accounts'))?.title).toBe('حساب کاربری');
    expect(await categoryBySlug(db, 'fa', 'nope')).toBeNull();
  });

  it('makes URL slugs from titles in any script', () => {
    expect(threadSlug('چگونه رمز عبور را تغییر می‌دهم؟')).toBe('چگونه-رمز-عبور-را-تغییر-می-دهم');
    expect(threadSlug('Не приходит СМС с кодом!')).toBe('не-приходит-смс-с-кодом');
    expect(threadSlug('???')).toBe('thread');
  });
});

describe('accepted answers', () => {
  it('lets the asker accept, a moderator move it, and nobody else touch it', async () => {
    const { db, categoryId, asker, helper, stranger, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'How do I change the card on file?');
    const a = ok(await reply(db, helper, thread.threadId, 'Settings → Billing → Card.', T0 + 1));
    const b = ok(await reply(db, stranger, thread.threadId, 'Or ask support.', T0 + 2));

    await expect(acceptAnswer(db, stranger, a.postId)).rejects.toThrow(AuthorizationError);
    await expect(acceptAnswer(db, helper, a.postId)).rejects.toThrow(AuthorizationError);
    await expect(acceptAnswer(db, null, a.postId)).rejects.toThrow(AuthorizationError);
    expect(await acceptAnswer(db, asker, thread.postId)).toEqual({ ok: false, problem: 'notAReply' });

    expect(await acceptAnswer(db, asker, a.postId, T0 + 10)).toEqual({ ok: true, changed: true });
    expect(await acceptAnswer(db, asker, a.postId, T0 + 11)).toEqual({ ok: true, changed: false });
    let page = (await threadPage(db, asker, thread.threadId))!;
    expect(page.thread).toMatchObject({ state: 'solved', solved: true, acceptedPostId: a.postId });
    expect(page.acceptedAnswer?.id).toBe(a.postId);
    expect(page.viewer.canAccept).toBe(true);

    // A moderator moves the mark to the other reply.
    expect(await acceptAnswer(db, moderator, b.postId, T0 + 20)).toEqual({ ok: true, changed: true });
    page = (await threadPage(db, asker, thread.threadId))!;
    expect(page.acceptedAnswer?.id).toBe(b.postId);
    expect(page.posts.filter((p) => p.accepted).map((p) => p.id)).toEqual([b.postId]);
    expect((await userProfile(db, helper.id))!.acceptedAnswers).toEqual([]);
    expect((await userProfile(db, stranger.id))!.acceptedAnswers.map((x) => x.postId)).toEqual([b.postId]);

    await expect(unacceptAnswer(db, stranger, thread.threadId)).rejects.toThrow(AuthorizationError);
    expect(await unacceptAnswer(db, asker, thread.threadId, null, T0 + 30)).toEqual({ ok: true, changed: true });
    page = (await threadPage(db, asker, thread.threadId))!;
    expect(page.thread).toMatchObject({ state: 'open', solved: false, acceptedPostId: null });
    expect(page.acceptedAnswer).toBeNull();

    const log = await listForumEvents(db, moderator, { threadId: thread.threadId });
    expect(log.events.map((e) => [e.action, e.actor?.id])).toEqual([
      ['answer.unaccept', asker.id],
      ['answer.accept', moderator.id],
      ['answer.accept', asker.id],
    ]);
    await expect(listForumEvents(db, asker)).rejects.toThrow(AuthorizationError);
  });

  it('keeps a locked thread locked; only moderators reply or accept there; unlocking restores solved', async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'Can I pay with two cards?');
    const answer = ok(await reply(db, helper, thread.threadId, 'No, one card per order.', T0 + 1));
    ok(await setThreadLocked(db, moderator, thread.threadId, true, 'Off-topic replies', T0 + 2));
    expect(await reply(db, helper, thread.threadId, 'Another thing', T0 + 3)).toEqual({ ok: false, problem: 'locked' });
    expect(await acceptAnswer(db, asker, answer.postId, T0 + 3)).toEqual({ ok: false, problem: 'locked' });
    ok(await acceptAnswer(db, moderator, answer.postId, T0 + 4));
    expect((await threadPage(db, null, thread.threadId))!.thread).toMatchObject({ state: 'locked', locked: true, solved: true });
    await expect(setThreadLocked(db, asker, thread.threadId, false)).rejects.toThrow(AuthorizationError);
    ok(await setThreadLocked(db, moderator, thread.threadId, false, null, T0 + 5));
    expect((await threadPage(db, null, thread.threadId))!.thread.state).toBe('solved');
  });
});

describe('votes', () => {
  it('counts one upvote per member and post, never one\u2019s own, and takes it back', async () => {
    const { db, categoryId, asker, helper, stranger } = await forum();
    const thread = await ask(db, asker, categoryId, 'Where is my invoice for October?');
    const answer = ok(await reply(db, helper, thread.threadId, 'Account → Invoices.', T0 + 1));

    expect(await votePost(db, asker, answer.postId)).toEqual({ ok: true, changed: true, voteScore: 1 });
    expect(await votePost(db, asker, answer.postId)).toEqual({ ok: true, changed: false, voteScore: 1 });
    expect(await votePost(db, stranger, answer.postId)).toEqual({ ok: true, changed: true, voteScore: 2 });
    expect(await votePost(db, helper, answer.postId)).toEqual({ ok: false, problem: 'ownPost' });
    await expect(votePost(db, null, answer.postId)).rejects.toThrow(AuthorizationError);

    // The question's score is copied to the thread row that lists read.
    ok(await votePost(db, helper, thread.postId));
    expect((await listThreads(db, { locale: 'en' })).threads[0]!.voteScore).toBe(1);

    expect(await unvotePost(db, asker, answer.postId)).toEqual({ ok: true, changed: true, voteScore: 1 });
    expect(await unvotePost(db, asker, answer.postId)).toEqual({ ok: true, changed: false, voteScore: 1 });
    const page = (await threadPage(db, stranger, thread.threadId))!;
    expect(page.posts.map((p) => [p.voteScore, p.votedByViewer])).toEqual([
      [1, false],
      [1, true],
    ]);
    expect(await db.selectFrom('post_votes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 2 });
  });
});

describe('notifications', () => {
  it('tells watchers of replies, the answerer of acceptance, and mentioned members once', async () => {
    const { db, categoryId, asker, helper, stranger, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'Two-factor codes stopped arriving');
    ok(await watchThread(db, stranger, thread.threadId, T0));
    const answer = ok(await reply(db, helper, thread.threadId, 'Check the phone number. @[Alex Stone] had the same issue.', T0 + 1));
    ok(await reply(db, asker, thread.threadId, 'Thanks @Dmitry, and @nobody-here.', T0 + 2));

    const forAsker = await listNotifications(db, asker);
    expect(forAsker.notifications.map((n) => [n.kind, n.actor?.name, n.postNumber])).toEqual([['reply', 'Dmitry', 2]]);
    // The stranger watches and is mentioned in the same post: one notification, the mention.
    expect((await listNotifications(db, stranger)).notifications.map((n) => [n.kind, n.postNumber])).toEqual([
      ['reply', 3],
      ['mention', 2],
    ]);
    expect((await listNotifications(db, helper)).notifications.map((n) => [n.kind, n.postNumber])).toEqual([['mention', 3]]);
    expect(await unreadNotificationCount(db, moderator.id)).toBe(0);

    ok(await acceptAnswer(db, asker, answer.postId, T0 + 3));
    expect(await unreadNotificationCount(db, helper.id)).toBe(2);
    const forHelper = await listNotifications(db, helper, { limit: 1 });
    expect(forHelper.notifications.map((n) => [n.kind, n.thread?.title])).toEqual([['accepted', 'Two-factor codes stopped arriving']]);
    expect((await listNotifications(db, helper, { limit: 1, before: forHelper.next! })).notifications.map((n) => n.kind)).toEqual(['mention']);

    expect(await markNotificationsRead(db, helper, [forHelper.notifications[0]!.id])).toBe(1);
    expect(await unreadNotificationCount(db, helper.id)).toBe(1);
    // Someone else's ids mark nothing.
    expect(await markNotificationsRead(db, stranger, [forHelper.notifications[0]!.id])).toBe(0);
    await markThreadNotificationsRead(db, helper.id, thread.threadId);
    expect(await unreadNotificationCount(db, helper.id)).toBe(0);
    expect(await markNotificationsRead(db, stranger)).toBe(2);

    // Unwatching stops replies; one's own replies never notify oneself.
    ok(await unwatchThread(db, stranger, thread.threadId));
    ok(await reply(db, asker, thread.threadId, 'Solved, thanks all.', T0 + 4));
    expect(await unreadNotificationCount(db, stranger.id)).toBe(0);
    expect(await unreadNotificationCount(db, asker.id)).toBe(1);
    expect((await threadPage(db, asker, thread.threadId))!.viewer.watching).toBe(true);
  });

  it('resolves mentions by look-alike username and links them to the profile', async () => {
    const { db, categoryId, asker, helper } = await forum();
    // Arabic yeh/kaf and a different case still find the member (who has a post, so a profile).
    const kasra = await member(db, 'کسری', { trustLevel: 1 });
    await ask(db, kasra, categoryId, 'Exports in Persian look broken');
    const thread = await ask(db, asker, categoryId, 'Who can help with exports?', 'Maybe @كسري or @dmitry know.');
    const html = (await threadPage(db, null, thread.threadId))!.posts[0]!.html!;
    expect(html).toContain(`<a href="/en/community/u/${kasra.id}/" class="mention" dir="auto" rel="nofollow ugc noopener">@کسری</a>`);
    // Dmitry has no visible post, so no public profile: a plain @username, not a link to a 404.
    expect(html).toContain(' or <bdi>@Dmitry</bdi> know.');
    expect(html).not.toContain(`/en/community/u/${helper.id}/`);
    expect(await unreadNotificationCount(db, kasra.id)).toBe(1);
  });
});

describe('editing', () => {
  it('keeps every earlier version, shows "edited", and lets only the author or a moderator edit', async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'Invoice shows the wrong company name', 'The invoice says ACME Ltd.');
    expect(await postForEditing(db, asker, thread.postId)).toEqual({ source: 'The invoice says ACME Ltd.', title: 'Invoice shows the wrong company name', threadId: thread.threadId });
    await expect(postForEditing(db, helper, thread.postId)).rejects.toThrow(AuthorizationError);
    await expect(editPost(db, helper, thread.postId, { body: 'vandalism' })).rejects.toThrow(AuthorizationError);

    expect(await editPost(db, asker, thread.postId, { body: 'The invoice says ACME Ltd.' }, T0 + 1)).toEqual({ ok: true, changed: false, revision: 0, pending: false });
    expect(await editPost(db, asker, thread.postId, { body: 'The invoice says ACME Ltd, not Zenith Inc.', title: 'Invoice shows another company name' }, T0 + 2)).toEqual({
      ok: true,
      changed: true,
      revision: 1,
      pending: false,
    });
    expect(await editPost(db, moderator, thread.postId, { body: 'The invoice says ACME Ltd, not Zenith Inc. (order 1234)', reason: 'added order number' }, T0 + 3)).toMatchObject({ revision: 2 });

    const page = (await threadPage(db, helper, thread.threadId))!;
    expect(page.thread).toMatchObject({ title: 'Invoice shows another company name', slug: 'invoice-shows-another-company-name' });
    expect(page.posts[0]).toMatchObject({ editedAt: T0 + 3, html: '<p dir="auto">The invoice says ACME Ltd, not Zenith Inc. (order 1234)</p>' });
    const revisions = await postRevisions(db, asker, thread.postId);
    expect(revisions.map((r) => [r.revision, r.source, r.title, r.editedBy, r.reason])).toEqual([
      [2, 'The invoice says ACME Ltd, not Zenith Inc.', null, moderator.id, 'added order number'],
      [1, 'The invoice says ACME Ltd.', 'Invoice shows the wrong company name', asker.id, null],
    ]);
    await expect(postRevisions(db, helper, thread.postId)).rejects.toThrow(AuthorizationError);
    // Search follows the edit.
    expect((await searchThreads(db, 'en', 'zenith')).hits.map((h) => h.id)).toEqual([thread.threadId]);
    expect((await searchThreads(db, 'en', 'wrong')).hits).toEqual([]);
    const log = await listForumEvents(db, moderator, { threadId: thread.threadId });
    expect(log.events[0]).toMatchObject({ action: 'post.edit', actor: { id: moderator.id }, reason: 'added order number', subjectUserId: asker.id });
  });
});

describe('moderation hooks', () => {
  it('keeps hidden and deleted posts and threads out of lists, search and counters, and logs why', async () => {
    const { db, categoryId, asker, helper, stranger, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'Shipping label printer question', 'My label printer prints blank pages.');
    const good = ok(await reply(db, helper, thread.threadId, 'Update the printer driver.', T0 + MINUTE));
    const spam = ok(await reply(db, stranger, thread.threadId, 'Buy cheap watches at spam dot example.', T0 + 2 * MINUTE));
    ok(await acceptAnswer(db, asker, good.postId, T0 + 3 * MINUTE));
    expect((await searchThreads(db, 'en', 'cheap watches')).hits).toHaveLength(1);

    await expect(hidePost(db, asker, spam.postId, 'spam')).rejects.toThrow(AuthorizationError);
    expect(await hidePost(db, moderator, spam.postId, 'Spam link', T0 + 4 * MINUTE)).toEqual({ ok: true, changed: true });
    expect(await hidePost(db, moderator, spam.postId, 'again', T0 + 4 * MINUTE)).toEqual({ ok: true, changed: false });
    expect((await searchThreads(db, 'en', 'cheap watches')).hits).toEqual([]);
    let page = (await threadPage(db, helper, thread.threadId))!;
    expect(page.thread).toMatchObject({ replyCount: 1, lastPostAt: T0 + MINUTE, lastPoster: { id: helper.id } });
    expect(page.posts[2]).toMatchObject({ state: 'hidden', html: null });
    expect((await threadPage(db, stranger, thread.threadId))!.posts[2]!.html).toContain('cheap watches');
    expect((await threadPage(db, moderator, thread.threadId))!.posts[2]!.html).toContain('cheap watches');
    ok(await unhidePost(db, moderator, spam.postId, 'Mistake', T0 + 5 * MINUTE));
    expect((await threadPage(db, null, thread.threadId))!.thread).toMatchObject({ replyCount: 2, lastPostAt: T0 + 2 * MINUTE });
    expect((await searchThreads(db, 'en', 'cheap watches')).hits).toHaveLength(1);

    // Deleting the accepted answer reopens the thread.
    await expect(deletePost(db, stranger, good.postId)).rejects.toThrow(AuthorizationError);
    ok(await deletePost(db, helper, good.postId, null, T0 + 6 * MINUTE));
    page = (await threadPage(db, null, thread.threadId))!;
    expect(page.thread).toMatchObject({ replyCount: 1, state: 'open', solved: false });
    expect(page.posts[1]).toMatchObject({ state: 'deleted', html: null });
    expect((await searchThreads(db, 'en', 'driver')).hits).toEqual([]);

    // A hidden thread is gone for readers, not for moderators.
    expect(await hideThread(db, moderator, thread.threadId, 'Under review', T0 + 7 * MINUTE)).toEqual({ ok: true, changed: true });
    expect((await listThreads(db, { locale: 'en' })).threads).toEqual([]);
    expect((await searchThreads(db, 'en', 'label printer')).hits).toEqual([]);
    expect(await suggestAnsweredThreads(db, 'en', 'label printer blank')).toEqual([]);
    expect(await threadPage(db, asker, thread.threadId)).toBeNull();
    expect((await threadPage(db, moderator, thread.threadId))!.thread.hidden).toBe(true);
    expect((await userProfile(db, asker.id, {}, asker))!.threads).toEqual([]); // as its owner sees it: to others it is gone
    ok(await unhideThread(db, moderator, thread.threadId, null, T0 + 8 * MINUTE));
    expect((await searchThreads(db, 'en', 'label printer')).hits.map((h) => h.id)).toEqual([thread.threadId]);

    const log = await listForumEvents(db, moderator, { threadId: thread.threadId });
    expect(log.events.map((e) => [e.action, e.reason])).toEqual([
      ['thread.unhide', null],
      ['thread.hide', 'Under review'],
      ['answer.unaccept', null],
      ['post.delete', null],
      ['post.unhide', 'Mistake'],
      ['post.hide', 'Spam link'],
      ['answer.accept', null],
    ]);
  });

  it('lets an asker delete their own question only while nobody has replied', async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const lonely = await ask(db, asker, categoryId, 'Question nobody answered yet');
    const busy = await ask(db, asker, categoryId, 'Question that got replies');
    ok(await reply(db, helper, busy.threadId, 'A reply', T0 + 1));
    await expect(deleteThread(db, helper, lonely.threadId)).rejects.toThrow(AuthorizationError);
    expect(await deletePost(db, asker, busy.postId)).toEqual({ ok: false, problem: 'hasReplies' });
    expect(await deletePost(db, asker, lonely.postId, null, T0 + 2)).toEqual({ ok: true, changed: true });
    expect((await listThreads(db, { locale: 'en' })).threads.map((t) => t.id)).toEqual([busy.threadId]);
    expect(await deleteThread(db, moderator, busy.threadId, 'Duplicate', T0 + 3)).toEqual({ ok: true, changed: true });
    expect((await listThreads(db, { locale: 'en' })).threads).toEqual([]);
    expect((await searchThreads(db, 'en', 'question')).hits).toEqual([]);
  });
});

describe('search', () => {
  async function corpus() {
    const f = await forum();
    const { db, categoryId, asker, helper } = f;
    const wallet = ok(await createThread(db, asker, { locale: 'fa', categoryId, title: 'کیف پول من شارژ نمی‌شود', body: 'هر بار که پرداخت می‌کنم خطا می‌دهد. مهارت‌های من کافی نیست!' }, T0));
    const refund = ok(await createThread(db, helper, { locale: 'ru', categoryId, title: 'Ещё не пришёл возврат за заказ', body: 'Прошло две недели, денег нет.' }, T0));
    const english = ok(await createThread(db, helper, { locale: 'en', categoryId, title: 'Refunds for cancelled orders', body: 'How long do refunds take?' }, T0));
    return { ...f, wallet, refund, english };
  }

  it('finds Persian text typed on an Arabic keyboard, with or without ZWNJ, and by word stem', async () => {
    const { db, wallet } = await corpus();
    for (const query of ['كيف پول', 'كيف', 'نمی شود', 'نمیشود', 'نمی‌شود', 'نميشود', 'مهارت', 'مهارتها', 'مهارت ها', 'شارژ', 'پرداخت']) {
      expect((await searchThreads(db, 'fa', query)).hits.map((h) => h.id), query).toEqual([wallet.threadId]);
    }
    expect((await searchThreads(db, 'fa', 'كيف پول')).hits[0]).toMatchObject({ postNumber: 1, title: 'کیف پول من شارژ نمی‌شود' });
    expect((await searchThreads(db, 'fa', 'خطا')).hits[0]!.excerpt).toContain('خطا می‌دهد');
    // Locales do not mix.
    expect((await searchThreads(db, 'en', 'كيف')).hits).toEqual([]);
  });

  it('folds ё and cuts Russian and English endings on the query side only', async () => {
    const { db, refund, english } = await corpus();
    for (const query of ['еще не пришел возврат', 'ещё', 'возврата', 'ВОЗВРАТ', 'заказы', 'денег']) {
      expect((await searchThreads(db, 'ru', query)).hits.map((h) => h.id), query).toEqual([refund.threadId]);
    }
    for (const query of ['refund', 'refunds', 'cancelled order', 'how long do refunds take']) {
      expect((await searchThreads(db, 'en', query)).hits.map((h) => h.id), query).toEqual([english.threadId]);
    }
    expect(searchTerms('en', 'How do I get my refunds?')).toEqual(['get', 'refund']);
    expect(searchTerms('fa', 'چطور كيف پول را شارژ کنم')).toEqual(['کیف', 'پول', 'شارژ']);
    // FTS5 syntax in a query is only ever text.
    for (const query of ['"', 'refund OR', 'title:refund', 'NEAR(a b)', '*', 'refund"*) OR ("x', 'locale:en']) {
      await expect(searchThreads(db, 'en', query)).resolves.toBeDefined();
    }
  });

  it('suggests solved threads first while a question is typed', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const open = await ask(db, asker, categoryId, 'Export invoices to CSV fails', 'The export button spins forever.', T0 + 10);
    const solved = await ask(db, asker, categoryId, 'Export invoices for the accountant', 'Where is the export?', T0);
    const answer = ok(await reply(db, helper, solved.threadId, 'Invoices → Export.', T0 + 1));
    ok(await acceptAnswer(db, asker, answer.postId, T0 + 2));
    const suggestions = await suggestAnsweredThreads(db, 'en', 'export invo');
    expect(suggestions.map((s) => [s.id, s.solved])).toEqual([
      [solved.threadId, true],
      [open.threadId, false],
    ]);
    expect(await suggestAnsweredThreads(db, 'en', 'ex')).toEqual([]);
  });
});

describe('deflection funnel', () => {
  it('records suggestions shown and clicked, and whether the question was posted or abandoned', async () => {
    const { db, categoryId, asker } = await forum();
    const posted = await startComposerSession(db, { locale: 'en', userId: asker.id }, T0);
    const deflected = await startComposerSession(db, { locale: 'en', userId: asker.id }, T0);
    const idle = await startComposerSession(db, { locale: 'en', userId: null }, T0);
    const elsewhere = await startComposerSession(db, { locale: 'fa', userId: null }, T0);

    expect(await recordSuggestionsShown(db, posted, 3, T0 + 1)).toBe(true);
    ok(await createThread(db, asker, { locale: 'en', categoryId, title: 'My question was not answered yet', body: 'Body', composerSessionId: posted }, T0 + 2));
    expect(await recordSuggestionsShown(db, posted, 2, T0 + 3)).toBe(false); // closed

    await recordSuggestionsShown(db, deflected, 4, T0 + 1);
    expect(await recordSuggestionClick(db, deflected, 42, T0 + 2)).toBe(true);
    expect(await abandonComposerSession(db, deflected, T0 + 3)).toBe(true);
    expect(await abandonComposerSession(db, deflected, T0 + 4)).toBe(false);

    await recordSuggestionsShown(db, idle, 1, T0 + 1);
    expect(await closeIdleComposerSessions(db, T0 + 10 * MINUTE)).toBe(0);
    expect(await closeIdleComposerSessions(db, T0 + HOUR)).toBe(2); // idle, and the fa one
    void elsewhere;

    const period = { fromMs: T0, toMs: T0 + HOUR, locale: 'en' };
    expect(await deflectionFunnel(db, period)).toEqual({ sessions: 3, sawSuggestions: 3, clicked: 1, posted: 1, postedAfterClick: 0, abandoned: 2, deflected: 1, open: 0 });
    expect((await deflectionFunnel(db, { fromMs: T0, toMs: T0 + HOUR })).sessions).toBe(4);
    const row = await db.selectFrom('composer_sessions').selectAll().where('id', '=', posted).executeTakeFirstOrThrow();
    expect([row.outcome, row.suggestions_shown, row.thread_id !== null]).toEqual(['posted', 3, true]);
  });
});

describe('profiles', () => {
  it('lists a member\u2019s visible questions and accepted answers, newest first, by keyset', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await ask(db, asker, categoryId, `Profile question number ${i}`, 'Body', T0 + i)).threadId);
    const answer = ok(await reply(db, helper, ids[0]!, 'Here is how.', T0 + 10));
    ok(await acceptAnswer(db, asker, answer.postId, T0 + 11));
    const first = (await userProfile(db, asker.id, { limit: 2 }))!;
    expect(first.user).toMatchObject({ id: asker.id, name: 'سارا' });
    expect(first.threads.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    const second = (await userProfile(db, asker.id, { limit: 2, threadsBefore: first.nextThreads }))!;
    expect(second.threads.map((t) => t.id)).toEqual([ids[0]]);
    expect(second.nextThreads).toBeNull();
    const helperProfile = (await userProfile(db, helper.id))!;
    expect(helperProfile.acceptedAnswers.map((a) => [a.postId, a.number, a.thread.id])).toEqual([[answer.postId, 2, ids[0]]]);
    expect(await userProfile(db, 9999)).toBeNull();
  });

  it('has no public profile for an account with no visible post; its owner and moderators still see it', async () => {
    const { db, categoryId } = await forum();
    const fresh = await member(db, 'Fresh Face');
    const reader = await member(db, 'Curious Reader');
    const moderator = await member(db, 'Mod', { role: 'moderator' });
    expect(await userProfile(db, fresh.id)).toBeNull();
    expect(await userProfile(db, fresh.id, {}, reader)).toBeNull();
    const own = await userProfile(db, fresh.id, {}, fresh);
    expect(own!.user).toMatchObject({ id: fresh.id, name: 'Fresh Face' });
    expect(Number.isFinite(timestampMs(own!.user.joinedAt))).toBe(true);
    expect([own!.threads, own!.acceptedAnswers, own!.nextThreads, own!.nextAnswers]).toEqual([[], [], null, null]);
    expect((await userProfile(db, fresh.id, {}, moderator))!.user.id).toBe(fresh.id);
    // One visible post makes the profile public; hiding it takes it back.
    const thread = await ask(db, fresh, categoryId, 'My first question here');
    expect((await userProfile(db, fresh.id))!.threads.map((t) => t.id)).toEqual([thread.threadId]);
    ok(await hideThread(db, moderator, thread.threadId, 'Under review', T0 + MINUTE));
    expect(await userProfile(db, fresh.id, {}, reader)).toBeNull();
  });
});

describe('schema', () => {
  it('enforces one vote per member and post and unique post numbers in the database itself', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const thread = await ask(db, asker, categoryId, 'Constraint check question');
    await db.insertInto('post_votes').values({ post_id: thread.postId, user_id: helper.id, created_at: T0 }).execute();
    await expect(db.insertInto('post_votes').values({ post_id: thread.postId, user_id: helper.id, created_at: T0 }).execute()).rejects.toThrow(/UNIQUE|PRIMARY/);
    await expect(
      db.insertInto('posts').values({ thread_id: thread.threadId, author_id: helper.id, number: 1, source: 'x', html: 'x', created_at: T0, accepted_at: null, edited_at: null, edited_by: null, hidden_at: null, hidden_by: null, hidden_reason: null, deleted_at: null, deleted_by: null }).execute(),
    ).rejects.toThrow(/UNIQUE/);
    const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'threads' ORDER BY name`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['threads_latest', 'threads_unanswered', 'threads_solved', 'threads_category_latest', 'threads_pinned', 'threads_author']));
  });
});

describe('demo seed', () => {
  it('creates categories and threads in every locale, some solved, and is idempotent', async () => {
    const db = await testDb();
    expect(await seedForum(db, T0)).toEqual({ threadsCreated: 12 });
    expect(await seedForum(db, T0 + DAY)).toEqual({ threadsCreated: 0 });
    expect((await listCategories(db, 'fa')).map((c) => c.slug)).toEqual(['account', 'billing', 'orders', 'technical']);
    for (const locale of ['fa', 'ru', 'en']) {
      const all = await listThreads(db, { locale });
      expect(all.threads, locale).toHaveLength(4);
      expect((await listThreads(db, { locale, kind: 'solved' })).threads.length, locale).toBeGreaterThan(0);
    }
    expect((await listThreads(db, { locale: 'ru', kind: 'unanswered' })).threads.map((t) => t.title)).toEqual(['Ошибка 502 при загрузке вложений больше 10 МБ']);
    expect((await searchThreads(db, 'fa', 'كد تاييد')).hits[0]?.title).toBe('کد تأیید پیامکی برایم ارسال نمی‌شود');
    expect((await suggestAnsweredThreads(db, 'en', 'charged twice'))[0]).toMatchObject({ title: 'Charged twice for the same order', solved: true });
  });
});
