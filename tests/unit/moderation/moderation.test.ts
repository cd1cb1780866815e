import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import type { SessionUser } from '../../../src/lib/auth/session.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { listNotifications } from '../../../src/lib/forum/notifications.ts';
import { deletePost, editPost, hidePost, reply } from '../../../src/lib/forum/posts.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { createThread, deleteThread, hideThread, listThreads, threadPage, unhideThread } from '../../../src/lib/forum/threads.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import {
  addWatchedWord,
  approveItem,
  auditCsv,
  checkFormSubmission,
  claimReviewItem,
  closeAsDuplicate,
  countLinks,
  deleteItemPost,
  dismissFlags,
  editItemPost,
  exportWatchedWordsCsv,
  flagPost,
  formRefusal,
  getReviewItem,
  hideItemPost,
  importWatchedWordsCsv,
  issueFormStamp,
  liftSanction,
  listAudit,
  listReviewItems,
  listWatchedWords,
  lockThread,
  MODERATION_ACTIONS,
  moveThread,
  pendingReviewCounts,
  pinThread,
  removeWatchedWord,
  restoreItemPost,
  screenText,
  setSlowMode,
  setTrustLevel,
  silenceUser,
  spendAddressLimit,
  STAMP_MAX_AGE_MS,
  suspendUser,
  testText,
  unclaimReviewItem,
  unlockThread,
  unpinThread,
  updateModerationSettings,
  warnUser,
  type ModerationAction,
} from '../../../src/lib/moderation/index.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { testDb, testUser } from '../helpers.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const blns = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8')) as string[];

const person = testUser;

/** The user as the next request's session would see them. */
async function reload(db: Db, user: SessionUser): Promise<SessionUser> {
  const row = await db.selectFrom('users').select(['trust_level', 'suspended_until', 'silenced_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
  return { ...user, trustLevel: row.trust_level, suspendedUntil: row.suspended_until, silencedUntil: row.silenced_until };
}

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`Refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

async function setup() {
  const db = await testDb();
  const { id: categoryId } = await saveCategory(db, 'system', { slug: 'billing', titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' } });
  const { id: otherCategoryId } = await saveCategory(db, 'system', { slug: 'accounts', titles: { fa: 'حساب', ru: 'Аккаунт', en: 'Accounts' } });
  const author = await person(db, 'Author');
  const members = [await person(db, 'Ann'), await person(db, 'Ben'), await person(db, 'Cai')];
  const trusted = await person(db, 'Tess', { trustLevel: 3 });
  const moderator = await person(db, 'Mod One', { role: 'moderator' });
  const moderator2 = await person(db, 'Mod Two', { role: 'moderator' });
  const admin = await person(db, 'Admin', { role: 'admin' });
  const thread = ok(await createThread(db, author, { locale: 'en', categoryId, title: 'Refund for a cancelled order', body: 'I cancelled order 42, where is my refund?' }, T0));
  const answer = ok(await reply(db, members[0]!, thread.threadId, 'Refunds take five working days to arrive.', T0 + MINUTE));
  const spam = ok(await reply(db, author, thread.threadId, 'Buy cheap watches at my shop today', T0 + 2 * MINUTE));
  return { db, categoryId, otherCategoryId, author, members, trusted, moderator, moderator2, admin, thread, answer, spam };
}

async function auditRows(db: Db) {
  return db.selectFrom('moderation_audit').selectAll().orderBy('id').execute();
}

describe('flags and thresholds', () => {
  it('hides a post at the third member flag, at once, and tells its author why', async () => {
    const { db, members, author, spam, thread } = await setup();
    expect(ok(await flagPost(db, members[0]!, spam.postId, { reason: 'spam' }, T0 + 10)).hidden).toBe(false);
    expect(ok(await flagPost(db, members[1]!, spam.postId, { reason: 'spam', note: 'Same link in five threads' }, T0 + 11)).hidden).toBe(false);
    expect((await searchThreads(db, 'en', 'watches')).hits).toHaveLength(1);
    const third = ok(await flagPost(db, members[2]!, spam.postId, { reason: 'offTopic' }, T0 + 12));
    expect(third.hidden).toBe(true);
    const post = await db.selectFrom('posts').select(['hidden_at', 'flag_count']).where('id', '=', spam.postId).executeTakeFirstOrThrow();
    expect(post).toEqual({ hidden_at: T0 + 12, flag_count: 3 });
    // Hidden posts leave the search and the counters at once.
    expect((await searchThreads(db, 'en', 'watches')).hits).toHaveLength(0);
    expect((await threadPage(db, null, thread.threadId))!.thread.replyCount).toBe(1);
    const notices = (await listNotifications(db, author)).notifications.filter((n) => n.kind === 'mod.flaggedHidden');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.reason).toBe('spam');
    const moderator = await person(db, 'Reviewer', { role: 'moderator' });
    const item = (await listReviewItems(db, moderator)).items[0]!;
    expect(item.kind).toBe('flag');
    expect(item.flags.map((f) => f.note)).toContain('Same link in five threads');
    expect(item.post.state).toBe('hidden');
    expect(item.author.flagsReceived).toBe(3);
    expect(item.history.map((h) => h.action)).toEqual(['system.flagHide']);
  });

  it('hides at one flag from a moderator or a trusted user (trust level 3)', async () => {
    const a = await setup();
    expect(ok(await flagPost(a.db, a.moderator, a.spam.postId, { reason: 'abusive' }, T0 + 10)).hidden).toBe(true);
    const b = await setup();
    expect(ok(await flagPost(b.db, b.trusted, b.spam.postId, { reason: 'spam' }, T0 + 10)).hidden).toBe(true);
    // The thresholds come from the settings.
    const c = await setup();
    await setSetting(c.db, 'moderation.flagThreshold', 1);
    expect(ok(await flagPost(c.db, c.members[0]!, c.spam.postId, { reason: 'spam' }, T0 + 10)).hidden).toBe(true);
  });

  it('flagging the question hides the whole thread', async () => {
    const { db, moderator, thread, categoryId } = await setup();
    ok(await flagPost(db, moderator, thread.postId, { reason: 'spam' }, T0 + 10));
    expect((await listThreads(db, { locale: 'en', categoryId })).threads).toHaveLength(0);
    expect(await threadPage(db, null, thread.threadId)).toBeNull();
  });

  it('takes one flag per member and post, never on one’s own post, and only known reasons', async () => {
    const { db, members, author, spam } = await setup();
    ok(await flagPost(db, members[0]!, spam.postId, { reason: 'spam' }, T0));
    expect(await flagPost(db, members[0]!, spam.postId, { reason: 'abusive' }, T0 + 1)).toEqual({ ok: false, problem: 'alreadyFlagged' });
    expect(await flagPost(db, author, spam.postId, { reason: 'spam' }, T0)).toEqual({ ok: false, problem: 'flagOwnPost' });
    expect(await flagPost(db, members[1]!, spam.postId, { reason: 'ugly' }, T0)).toEqual({ ok: false, problem: 'invalidInput' });
    // No reason chosen (the form preselects none): its own problem, so the member reads what to do.
    expect(await flagPost(db, members[1]!, spam.postId, { reason: '' }, T0)).toEqual({ ok: false, problem: 'flagReason' });
    expect(await flagPost(db, members[1]!, 999_999, { reason: 'spam' }, T0)).toEqual({ ok: false, problem: 'notFound' });
    await expect(flagPost(db, null, spam.postId, { reason: 'spam' })).rejects.toBeInstanceOf(AuthorizationError);
    expect(await db.selectFrom('flags').select('id').execute()).toHaveLength(1);
  });

  it('keeps any note from the list of naughty strings, bounded to 500 characters', async () => {
    const { db, author, thread } = await setup();
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(ok(await reply(db, author, thread.threadId, `Another reply number ${i} with text`, T0 + (10 + i) * MINUTE)).postId);
    let n = 0;
    for (const note of blns) {
      const flagger = await person(db, `Flagger ${n++}`);
      const outcome = await flagPost(db, flagger, posts[n % posts.length]!, { reason: 'other', note }, T0 + DAY);
      expect(outcome.ok).toBe(true);
    }
    const notes = await db.selectFrom('flags').select('note').execute();
    expect(notes.every((r) => r.note === null || [...r.note].length <= 500)).toBe(true);
  }, 60_000);
});

describe('review queue', () => {
  it('claims keep a second moderator off an item until the claim expires', async () => {
    const { db, moderator, moderator2, members, spam } = await setup();
    const { itemId } = ok(await flagPost(db, members[0]!, spam.postId, { reason: 'spam' }, T0));
    const claim = ok(await claimReviewItem(db, moderator, itemId, T0 + 1));
    expect(claim.until).toBe(T0 + 1 + 15 * MINUTE);
    expect(await claimReviewItem(db, moderator2, itemId, T0 + 2)).toEqual({ ok: false, problem: 'claimed' });
    expect(await approveItem(db, moderator2, { itemId }, null, T0 + 3)).toEqual({ ok: false, problem: 'claimed' });
    expect(await hideItemPost(db, moderator2, { postId: spam.postId }, 'spam', T0 + 3)).toEqual({ ok: false, problem: 'claimed' });
    expect(await unclaimReviewItem(db, moderator2, itemId, T0 + 4)).toEqual({ ok: false, problem: 'claimed' });
    expect((await getReviewItem(db, moderator2, itemId, T0 + 5))!.claim!.by.id).toBe(moderator.id);
    // Expired: anyone may act.
    ok(await dismissFlags(db, moderator2, { itemId }, 'not spam', T0 + 16 * MINUTE + 2));
    expect((await getReviewItem(db, moderator, itemId))!.status).toBe('dismissed');
    expect(await approveItem(db, moderator, { itemId }, null, T0 + 17 * MINUTE)).toEqual({ ok: false, problem: 'notPending' });
    await expect(listReviewItems(db, members[0]!)).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('restores a post hidden by flags, tells the author, and lists the context a moderator needs', async () => {
    const { db, moderator, members, author, spam } = await setup();
    for (const m of members) ok(await flagPost(db, m, spam.postId, { reason: 'spam' }, T0));
    ok(await warnUser(db, moderator, author.id, { reason: 'Please stop posting shop links' }, T0 + 1));
    const queue = await listReviewItems(db, moderator, {}, T0 + 2);
    expect(queue.items).toHaveLength(1);
    const item = queue.items[0]!;
    expect(item.author).toMatchObject({ id: author.id, postCount: 2, flagsReceived: 3 });
    expect(item.author.sanctions.map((s) => s.kind)).toEqual(['warn']);
    expect(item.thread.title).toBe('Refund for a cancelled order');
    expect(item.flags).toHaveLength(3);
    expect(await pendingReviewCounts(db, moderator)).toEqual({ flag: 1, held: 0, watched_word: 0, total: 1 });
    ok(await approveItem(db, moderator, { itemId: item.id }, 'Not spam after all', T0 + 3));
    expect((await searchThreads(db, 'en', 'watches')).hits).toHaveLength(1);
    const flags = await db.selectFrom('flags').select('status').execute();
    expect(flags.every((f) => f.status === 'dismissed')).toBe(true);
    const kinds = (await listNotifications(db, author)).notifications.map((n) => n.kind).filter((k) => k.startsWith('mod.'));
    expect(kinds).toEqual(['mod.restored', 'mod.warned', 'mod.flaggedHidden']);
    expect((await listReviewItems(db, moderator, { status: 'approved' })).items.map((i) => i.id)).toEqual([item.id]);
  });

  it('deletes softly and restores; an edit keeps the old text as a revision with the reason', async () => {
    const { db, moderator, author, spam, thread } = await setup();
    ok(await deleteItemPost(db, moderator, { postId: spam.postId }, 'advertising', T0));
    expect((await threadPage(db, null, thread.threadId))!.posts.find((p) => p.id === spam.postId)!.state).toBe('deleted');
    ok(await restoreItemPost(db, moderator, { postId: spam.postId }, 'mistake', T0 + 1));
    expect((await threadPage(db, null, thread.threadId))!.posts.find((p) => p.id === spam.postId)!.state).toBe('visible');
    expect(await editItemPost(db, moderator, { postId: spam.postId }, { body: 'x y', reason: '' }, T0 + 2)).toEqual({ ok: false, problem: 'reasonRequired' });
    ok(await editItemPost(db, moderator, { postId: spam.postId }, { body: 'Buy watches (link removed)', reason: 'removed the shop link' }, T0 + 2));
    const revision = await db.selectFrom('post_revisions').selectAll().where('post_id', '=', spam.postId).executeTakeFirstOrThrow();
    expect(revision).toMatchObject({ source: 'Buy cheap watches at my shop today', reason: 'removed the shop link', edited_by: moderator.id });
    const edited = (await listNotifications(db, author)).notifications.find((n) => n.kind === 'mod.edited')!;
    expect(edited.reason).toBe('removed the shop link');
  });

  it('every action leaves exactly one audit row, in the same transaction', async () => {
    const ctx = await setup();
    const { db, moderator, admin, author, members, thread, spam, answer, categoryId, otherCategoryId } = ctx;
    // A second thread to be the duplicate's original, and items to act on.
    const original = ok(await createThread(db, members[1]!, { locale: 'en', categoryId, title: 'Where is my refund for order 41?', body: 'Cancelled order 41, no refund yet.' }, T0 + 5));
    const itemFor = async (postId: number) => ok(await flagPost(db, members[2]!, postId, { reason: 'spam' }, T0 + 6)).itemId;
    const spamItem = await itemFor(spam.postId);
    const answerItem = await itemFor(answer.postId);
    const extra = ok(await reply(db, author, thread.threadId, 'One more reply to dismiss flags on', T0 + 7));
    const extraItem = await itemFor(extra.postId);
    const word = ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'casino', action: 'hold' }, T0 + 8));
    const calls: Record<ModerationAction, () => Promise<unknown>> = {
      'item.claim': () => claimReviewItem(db, moderator, spamItem, T0 + 10),
      'item.unclaim': () => unclaimReviewItem(db, moderator, spamItem, T0 + 11),
      'item.approve': () => approveItem(db, moderator, { itemId: answerItem }, 'fine', T0 + 12),
      'item.dismiss': () => dismissFlags(db, moderator, { itemId: extraItem }, 'fine', T0 + 13),
      'post.hide': () => hideItemPost(db, moderator, { itemId: spamItem }, 'spam', T0 + 14),
      'post.delete': () => deletePost(db, moderator, extra.postId, 'off topic', T0 + 15),
      'post.restore': () => restoreItemPost(db, moderator, { postId: extra.postId }, 'mistake', T0 + 16),
      'post.edit': () => editItemPost(db, moderator, { postId: spam.postId }, { body: 'Edited by a moderator', reason: 'link removed' }, T0 + 17),
      'thread.hide': () => hideThread(db, moderator, original.threadId, 'checking', T0 + 18),
      'thread.restore': () => unhideThread(db, moderator, original.threadId, 'checked', T0 + 19),
      'thread.delete': () => deleteThread(db, moderator, original.threadId, 'duplicate', T0 + 20),
      'thread.lock': () => lockThread(db, moderator, thread.threadId, 'heated', T0 + 21),
      'thread.unlock': () => unlockThread(db, moderator, thread.threadId, 'calm', T0 + 22),
      'thread.pin': () => pinThread(db, moderator, thread.threadId, null, T0 + 23),
      'thread.unpin': () => unpinThread(db, moderator, thread.threadId, null, T0 + 24),
      'thread.move': () => moveThread(db, moderator, thread.threadId, otherCategoryId, 'wrong category', T0 + 25),
      'thread.slowMode': () => setSlowMode(db, moderator, thread.threadId, 5, 'busy', T0 + 26),
      'thread.duplicate': async () => {
        await restoreItemPost(db, moderator, { postId: original.postId }, null, T0 + 26); // (its own row, counted below)
        return closeAsDuplicate(db, moderator, thread.threadId, original.threadId, 'asked before', T0 + 27);
      },
      'user.warn': () => warnUser(db, moderator, author.id, { reason: 'be kind' }, T0 + 28),
      'user.silence': () => silenceUser(db, moderator, author.id, { reason: 'cool down', duration: '1d' }, T0 + 29),
      'user.unsilence': () => liftSanction(db, moderator, author.id, 'silence', 'appeal', T0 + 30),
      'user.suspend': () => suspendUser(db, moderator, author.id, { reason: 'spam', duration: '7d' }, T0 + 31),
      'user.unsuspend': () => liftSanction(db, moderator, author.id, 'suspend', 'appeal', T0 + 32),
      'user.trustLevel': () => setTrustLevel(db, moderator, author.id, 2, 'helpful', T0 + 33),
      'words.add': () => addWatchedWord(db, moderator, { locale: 'ru', word: 'казино', action: 'block' }, T0 + 34),
      'words.remove': () => removeWatchedWord(db, moderator, word.id, T0 + 35),
      'words.import': () => importWatchedWordsCsv(db, moderator, 'locale,word,action\nfa,قمار,hold\n', T0 + 36),
      'settings.update': () => updateModerationSettings(db, admin, { 'moderation.flagThreshold': 4 }, 'fewer false alarms', T0 + 37),
    };
    expect(Object.keys(calls).sort()).toEqual([...MODERATION_ACTIONS].sort());
    for (const action of MODERATION_ACTIONS) {
      const before = (await auditRows(db)).length;
      const outcome = (await calls[action]()) as { ok: boolean };
      expect(outcome.ok, action).toBe(true);
      const added = (await auditRows(db)).slice(before).filter((r) => !(action === 'thread.duplicate' && r.action === 'thread.restore'));
      expect(added.map((r) => r.action), action).toEqual([action]);
      expect(added[0]!.actor_id, action).toBe(action === 'settings.update' ? admin.id : moderator.id);
    }
    // Filters and keyset pagination over the log; CSV export.
    const byAuthor = await listAudit(db, moderator, { userId: author.id, limit: 3 });
    expect(byAuthor.entries).toHaveLength(3);
    const next = await listAudit(db, moderator, { userId: author.id, limit: 3, before: byAuthor.next! });
    expect(next.entries[0]!.id).toBeLessThan(byAuthor.entries.at(-1)!.id);
    expect((await listAudit(db, moderator, { action: 'user.suspend' })).entries.map((e) => e.reason)).toEqual(['spam']);
    expect((await listAudit(db, moderator, { actorId: admin.id })).entries.map((e) => e.action)).toEqual(['settings.update']);
    const csv = await auditCsv(db, moderator, { action: 'user.warn' });
    expect(csv.startsWith('\uFEFFid,time,action')).toBe(true);
    expect(csv).toContain('be kind');
    await expect(listAudit(db, members[0]!)).rejects.toBeInstanceOf(AuthorizationError);
    await expect(updateModerationSettings(db, moderator, { 'moderation.flagThreshold': 2 })).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('the audit log refuses UPDATE and DELETE', async () => {
    const { db, moderator, thread } = await setup();
    ok(await lockThread(db, moderator, thread.threadId, 'why', T0));
    await expect(sql`UPDATE moderation_audit SET reason = 'rewritten'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM moderation_audit`.execute(db)).rejects.toThrow(/append-only/);
    expect(await auditRows(db)).toHaveLength(1);
  });
});

describe('sanctions', () => {
  it('silenced and suspended users are refused every write; the notice carries the reason', async () => {
    const { db, moderator, author, members, thread, categoryId, answer } = await setup();
    ok(await silenceUser(db, moderator, author.id, { reason: 'cool down', duration: '1d' }, Date.now()));
    const silenced = await reload(db, author);
    expect(await reply(db, silenced, thread.threadId, 'Can I still post?')).toEqual({ ok: false, problem: 'silenced' });
    expect(await createThread(db, silenced, { locale: 'en', categoryId, title: 'A brand new question here', body: 'Body text' })).toEqual({ ok: false, problem: 'silenced' });
    expect(await flagPost(db, silenced, answer.postId, { reason: 'spam' })).toEqual({ ok: false, problem: 'silenced' });
    expect(await votePost(db, silenced, answer.postId)).toEqual({ ok: false, problem: 'silenced' });
    ok(await suspendUser(db, moderator, members[0]!.id, { reason: 'spam links', duration: 'permanent' }));
    const suspended = await reload(db, members[0]!);
    expect(suspended.suspendedUntil).toBe('9999-12-31T23:59:59.000Z');
    expect(await reply(db, suspended, thread.threadId, 'Still here?')).toEqual({ ok: false, problem: 'suspended' });
    expect(await editPost(db, suspended, answer.postId, { body: 'changed' })).toEqual({ ok: false, problem: 'suspended' });
    const notice = (await listNotifications(db, suspended)).notifications[0]!;
    expect([notice.kind, notice.reason, notice.thread]).toEqual(['mod.suspended', 'spam links', null]);
    expect(await suspendUser(db, moderator, author.id, { reason: '  ', duration: '7d' })).toEqual({ ok: false, problem: 'reasonRequired' });
    expect(await suspendUser(db, moderator, author.id, { reason: 'x', duration: '2d' as '7d' })).toEqual({ ok: false, problem: 'invalidInput' });
    await expect(suspendUser(db, moderator, moderator.id, { reason: 'x', duration: '1d' })).rejects.toBeInstanceOf(AuthorizationError);
    await expect(warnUser(db, members[1]!, author.id, { reason: 'x' })).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('refuses to lift a sanction on a staff account, the moderator’s own included, with staffAccount', async () => {
    const { db, moderator, moderator2, admin } = await setup();
    // Sanctioned while they were members, promoted since: mayModerate leaves every staff account alone.
    const until = new Date(T0 + 7 * DAY).toISOString();
    await db.updateTable('users').set({ suspended_until: until }).where('id', '=', moderator.id).execute();
    await db.updateTable('users').set({ silenced_until: until }).where('id', '=', moderator2.id).execute();
    const cases = [
      [moderator, moderator, 'suspend'],
      [moderator, moderator2, 'silence'],
      [admin, moderator, 'suspend'],
      [admin, moderator2, 'silence'],
    ] as const;
    for (const [actor, target, kind] of cases) {
      expect(await liftSanction(db, actor, target.id, kind, 'appeal', T0)).toEqual({ ok: false, problem: 'staffAccount' });
    }
    expect((await reload(db, moderator)).suspendedUntil).toBe(until);
    expect((await reload(db, moderator2)).silencedUntil).toBe(until);
    expect(await auditRows(db)).toEqual([]);
  });
});

describe('trust levels', () => {
  it('holds a new member’s first posts until approved, shows them to the author as pending, then promotes', async () => {
    const { db, moderator, categoryId, thread, members } = await setup();
    await setSetting(db, 'trust.promotePosts', 3);
    const newbie = await person(db, 'Newbie', { trustLevel: 0 });
    const asked = ok(await createThread(db, newbie, { locale: 'en', categoryId, title: 'How do I change my billing email?', body: 'The settings page has no field for it.' }, T0));
    expect(asked.pending).toBe(true);
    expect((await listThreads(db, { locale: 'en', categoryId })).threads.map((t) => t.id)).not.toContain(asked.threadId);
    expect(await threadPage(db, null, asked.threadId)).toBeNull();
    expect(await threadPage(db, members[0]!, asked.threadId)).toBeNull();
    const own = (await threadPage(db, newbie, asked.threadId))!;
    expect(own.thread.pending).toBe(true);
    expect(own.posts[0]!.state).toBe('pending');
    expect(own.posts[0]!.html).toContain('settings page');
    expect((await searchThreads(db, 'en', 'billing email')).hits).toHaveLength(0);

    const replied = ok(await reply(db, newbie, thread.threadId, 'I had the same problem last week.', T0 + MINUTE));
    expect(replied.pending).toBe(true);
    const page = (await threadPage(db, null, thread.threadId))!;
    expect(page.thread.replyCount).toBe(2);
    expect(page.posts.find((p) => p.id === replied.postId)!.html).toBeNull();
    expect((await threadPage(db, newbie, thread.threadId))!.posts.find((p) => p.id === replied.postId)!.state).toBe('pending');

    const queue = await listReviewItems(db, moderator);
    expect(queue.items.map((i) => [i.kind, i.post.state])).toEqual([
      ['held', 'pending'],
      ['held', 'pending'],
    ]);
    for (const item of queue.items) ok(await approveItem(db, moderator, { itemId: item.id }, null, T0 + 2 * MINUTE));
    expect((await listThreads(db, { locale: 'en', categoryId })).threads.map((t) => t.id)).toContain(asked.threadId);
    expect((await searchThreads(db, 'en', 'billing email')).hits.map((h) => h.id)).toEqual([asked.threadId]);
    expect((await threadPage(db, null, thread.threadId))!.thread.replyCount).toBe(3);
    expect((await listNotifications(db, newbie)).notifications.filter((n) => n.kind === 'mod.approved')).toHaveLength(2);

    // Two approved posts: the third is published at once, and with it the promotion comes.
    const third = ok(await reply(db, newbie, asked.threadId, 'Found it under Account, Billing.', T0 + 3 * MINUTE));
    expect(third.pending).toBe(false);
    expect((await reload(db, newbie)).trustLevel).toBe(1);
    expect((await listAudit(db, moderator, { action: 'system.promote' })).entries.map((e) => e.targetUser?.id)).toEqual([newbie.id]);
  });

  it('does not promote before the account is old enough, and moderators set levels by hand', async () => {
    const { db, moderator } = await setup();
    await setSetting(db, 'trust.holdFirstPosts', 0);
    await setSetting(db, 'trust.promotePosts', 1);
    await setSetting(db, 'trust.promoteDays', 30);
    const newbie = await person(db, 'Fresh', { trustLevel: 0 });
    const { id: categoryId } = await saveCategory(db, 'system', { slug: 'general', titles: { en: 'General' } });
    ok(await createThread(db, newbie, { locale: 'en', categoryId, title: 'Question from a fresh account', body: 'Body of the question' }, T0));
    expect((await reload(db, newbie)).trustLevel).toBe(0);
    ok(await setTrustLevel(db, moderator, newbie.id, 3, 'known customer'));
    expect((await reload(db, newbie)).trustLevel).toBe(3);
    expect(await setTrustLevel(db, moderator, newbie.id, 9)).toEqual({ ok: false, problem: 'invalidInput' });
  });

  it('leaves staff trust levels alone, the moderator’s own included', async () => {
    const { db, moderator, moderator2, admin } = await setup();
    for (const [actor, target] of [[moderator, moderator], [moderator, moderator2], [moderator, admin], [admin, moderator]] as const) {
      const before = (await reload(db, target)).trustLevel;
      expect(await setTrustLevel(db, actor, target.id, before === 0 ? 1 : 0, 'test')).toEqual({ ok: false, problem: 'staffAccount' });
      expect((await reload(db, target)).trustLevel).toBe(before);
    }
  });

  it('limits links for level 0 only', async () => {
    const { db, thread, members } = await setup();
    const newbie = await person(db, 'Linker', { trustLevel: 0 });
    const three = 'See https://a.example, www.b.example and [docs](https://c.example/x).';
    expect(countLinks(three)).toBe(3);
    expect(countLinks('[docs](/en/billing/) and https://a.example')).toBe(2);
    expect(await reply(db, newbie, thread.threadId, three, T0)).toEqual({ ok: false, problem: 'tooManyLinks' });
    expect(ok(await reply(db, newbie, thread.threadId, 'See https://a.example and www.b.example', T0)).pending).toBe(true);
    expect(ok(await reply(db, members[1]!, thread.threadId, three, T0)).pending).toBe(false);
  });

  it('limits a new member’s posts per day', async () => {
    const { db, thread } = await setup();
    await setSetting(db, 'trust.newUserPostsPerDay', 2);
    const newbie = await person(db, 'Busy', { trustLevel: 0 });
    ok(await reply(db, newbie, thread.threadId, 'First reply of the day', T0));
    ok(await reply(db, newbie, thread.threadId, 'Second reply of the day', T0 + MINUTE));
    expect(await reply(db, newbie, thread.threadId, 'Third reply of the day', T0 + 2 * MINUTE)).toEqual({ ok: false, problem: 'dailyLimit', retryAfterMs: DAY - 2 * MINUTE });
    ok(await reply(db, newbie, thread.threadId, 'Next day reply', T0 + DAY + 1));
  });
});

describe('watched words', () => {
  const words = [
    { id: 1, word: 'کس', action: 'block' as const },
    { id: 2, word: 'کلاهبردار', action: 'hold' as const },
    { id: 3, word: 'بلядь', action: 'block' as const },
    { id: 4, word: 'бля', action: 'censor' as const },
    { id: 5, word: 'ass', action: 'censor' as const },
    { id: 6, word: 'casino', action: 'hold' as const },
    { id: 7, word: 'spam*', action: 'block' as const },
    { id: 8, word: '09121234567', action: 'hold' as const },
    { id: 9, word: 'мошенник', action: 'hold' as const },
    { id: 10, word: 'می‌فروشم', action: 'hold' as const },
  ];
  const hits = (locale: string, text: string) => screenText(locale, text, words).matches.map((m) => [m.wordId, m.how]);

  it('sees through ZWNJ, tatweel, Arabic letters and Persian digits', () => {
    expect(hits('fa', 'او کلاه‌بردار است')).toEqual([[2, 'exact']]); // ZWNJ inside
    expect(hits('fa', 'او کلاهبـــردار است')).toEqual([[2, 'exact']]); // tatweel
    expect(hits('fa', 'او كلاهبردار است')).toEqual([[2, 'exact']]); // Arabic kaf
    expect(hits('fa', 'با ۰۹۱۲۱۲۳۴۵۶۷ تماس بگیرید')).toEqual([[8, 'exact']]); // Persian digits
    expect(hits('fa', 'با ٠٩١٢١٢٣٤٥٦٧ تماس بگیرید')).toEqual([[8, 'exact']]); // Arabic-Indic digits
    expect(hits('fa', 'ارزان مي فروشم')).toEqual([[10, 'joined']]); // Arabic yeh, prefix written apart
    expect(hits('fa', 'ارزان میفروشم')).toEqual([[10, 'exact']]);
    expect(hits('ru', 'он мошeнник')).toEqual([[9, 'lookalike']]); // Latin e inside Cyrillic
    expect(hits('ru', 'он мошённик')).toEqual([[9, 'exact']]); // ё folds to е
    expect(hits('en', 'play at the cаsino')).toEqual([[6, 'lookalike']]); // Cyrillic а
    expect(hits('en', 'play at the ｃａｓｉｎｏ')).toEqual([[6, 'exact']]); // full width
    expect(hits('en', 'play at the cas\u00ADino or c\u200Basino')).toEqual([
      [6, 'exact'],
      [6, 'exact'],
    ]); // soft hyphen, zero-width space
    expect(hits('en', 'spammers and spamming')).toEqual([
      [7, 'prefix'],
      [7, 'prefix'],
    ]);
  });

  it('matches whole words only (the Scunthorpe problem) in fa, ru and en', () => {
    expect(hits('fa', 'کسب و کار من و کسی که آمد')).toEqual([]); // کس inside کسب, کسی
    expect(hits('fa', 'این کس را نمی‌شناسم')).toEqual([[1, 'exact']]);
    expect(hits('ru', 'Корабля не было, а вот оскорбляет он часто')).toEqual([]); // бля inside корабля, оскорбляет
    expect(hits('ru', 'ну бля')).toEqual([[4, 'exact']]);
    expect(hits('en', 'A classic assistant passed the class in Scunthorpe')).toEqual([]);
    expect(hits('en', 'what an ass')).toEqual([[5, 'exact']]);
    // A Russian word that happens to look like an English one is left alone in Russian text.
    expect(screenText('ru', 'сор', [{ id: 1, word: 'cop', action: 'block' }]).matches).toEqual([]);
  });

  it('catches Persian inflections of a watched word: plurals, ی, possessives, solid, with ZWNJ or a space, Arabic letters', () => {
    const persian = [
      { id: 1, word: 'کلاهبردار', action: 'hold' as const },
      { id: 2, word: 'دزد', action: 'hold' as const },
      { id: 3, word: 'جنده', action: 'censor' as const },
      { id: 4, word: 'کس', action: 'block' as const },
    ];
    const caught = (text: string) => screenText('fa', text, persian).matches.map((m) => [m.word, m.how, m.text]);
    expect(caught('مراقب کلاهبردارها باشید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارها']]);
    expect(caught('مراقب کلاهبردار‌ها باشید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردار‌ها']]); // ZWNJ
    expect(caught('مراقب کلاهبردار ها باشید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردار ها']]); // space, one match, not two
    expect(caught('شگردهای کلاهبردارهای اینترنتی')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارهای']]);
    expect(caught('شگردهای کلاهبردارها‌ی اینترنتی')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارها‌ی']]); // ZWNJ inside های
    expect(caught('شگردهای كلاهبردارهاي اینترنتی')).toEqual([['کلاهبردار', 'inflection', 'كلاهبردارهاي']]); // Arabic kaf and yeh
    expect(caught('فریب کلاهبرداران را نخورید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبرداران']]);
    expect(caught('یک کلاهبرداری تمام‌عیار بود')).toEqual([['کلاهبردار', 'inflection', 'کلاهبرداری']]);
    expect(caught('پول‌هایم را کلاهبردارهایشان بردند')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارهایشان']]);
    expect(caught('دزدها دیشب آمدند')).toEqual([['دزد', 'inflection', 'دزدها']]);
    expect(caught('دزد‌ها دیشب آمدند')).toEqual([['دزد', 'inflection', 'دزد‌ها']]);
    expect(caught('این جنده‌ای بیش نیست')).toEqual([['جنده', 'inflection', 'جنده‌ای']]); // ای after a silent ه
    expect(caught('از جندگان نوشته بود')).toEqual([['جنده', 'inflection', 'جندگان']]); // ه → گان
    expect(caught('کس‌ها را نمی‌شناسم')).toEqual([['کس', 'inflection', 'کس‌ها']]); // a short word with ZWNJ still counts
    expect(screenText('fa', 'این جنده‌ها', persian).censored).toBe('این ■■■■■■');
  });

  it('no new Scunthorpe cases: a longer different word, or a short word whose ending makes another word, is left alone', () => {
    const persian = [
      { id: 1, word: 'کلاه', action: 'hold' as const },
      { id: 2, word: 'کس', action: 'block' as const },
      { id: 3, word: 'ارز', action: 'hold' as const },
      { id: 4, word: 'دزد', action: 'hold' as const },
      { id: 5, word: 'تن', action: 'hold' as const },
    ];
    const caught = (text: string) => screenText('fa', text, persian).matches.map((m) => m.text);
    expect(caught('یک کلاهبردار به من زنگ زد')).toEqual([]); // کلاه inside کلاهبردار
    expect(caught('از کلاهبرداری‌ها خسته شدم')).toEqual([]);
    expect(caught('کسی زنگ نزد؛ کسان دیگری آمدند')).toEqual([]); // کس + ی = someone, کس + ان
    expect(caught('کسب و کار کوچکی دارم')).toEqual([]);
    expect(caught('این گوشی خیلی ارزان است')).toEqual([]); // ارز + ان = cheap
    expect(caught('دزدگیر ماشین خراب شد')).toEqual([]); // a compound, not an inflection
    expect(caught('تنها راهش همین است')).toEqual([]); // تن + ها = alone
    // The same words, inflected, are caught.
    expect(caught('کلاهی سرم گذاشتند و کلاه‌ها را بردند')).toEqual(['کلاهی', 'کلاه‌ها']);
    expect(caught('خرید ارزها و تبدیل ارز‌ها')).toEqual(['ارزها', 'ارز‌ها']);
    expect(caught('دزدی کردند؛ دزدان فرار کردند')).toEqual([]); // solid ی and ان need four letters (ارزان); دزد‌ها above still counts
  });

  it('censors in place, and the strongest action wins', () => {
    const screen = screenText('ru', 'ну бля, ну БЛЯ', words);
    expect(screen.censored).toBe('ну ■■■, ну ■■■');
    expect(screen.action).toBe('censor');
    expect(screenText('en', 'spam and casino and ass', words).action).toBe('block');
    expect(screenText('en', 'nothing to see', words)).toEqual({ action: null, matches: [], censored: 'nothing to see' });
  });

  it('tests text against the stored list and never throws on naughty strings', async () => {
    const { db, moderator } = await setup();
    for (const w of words) await addWatchedWord(db, moderator, { locale: 'fa', word: w.word, action: w.action });
    const result = await testText(db, 'fa', 'يك كلاهبردار');
    expect(result.matches.map((m) => [m.word, m.text, m.how])).toEqual([['کلاهبردار', 'كلاهبردار', 'exact']]);
    for (const text of blns) {
      expect(() => screenText('fa', text, words)).not.toThrow();
      expect(() => screenText('ru', text, words)).not.toThrow();
    }
    for (const text of blns) {
      const outcome = await addWatchedWord(db, moderator, { locale: 'en', word: text, action: 'censor' });
      expect(typeof outcome.ok).toBe('boolean');
    }
  });

  it('blocks, holds and censors in the forum write paths', async () => {
    const { db, moderator, members, thread, categoryId } = await setup();
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'casino', action: 'block' }));
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'crypto', action: 'hold' }));
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'damn', action: 'censor' }));
    const user = members[1]!;
    expect(await reply(db, user, thread.threadId, 'Try the cаsino!', T0)).toEqual({ ok: false, problem: 'watchedWord' });
    expect(await createThread(db, user, { locale: 'en', categoryId, title: 'Casino bonus for everyone', body: 'Plain body text' }, T0)).toEqual({ ok: false, problem: 'watchedWord' });
    const held = ok(await reply(db, user, thread.threadId, 'Pay with crypto instead', T0 + 1));
    expect(held.pending).toBe(true);
    const item = (await listReviewItems(db, moderator)).items.find((i) => i.post.id === held.postId)!;
    expect(item.kind).toBe('watched_word');
    expect(item.data).toMatchObject({ reason: 'watchedWord', matches: [{ word: 'crypto', how: 'exact' }] });
    const censored = ok(await reply(db, user, thread.threadId, 'This damn form again', T0 + 2));
    const stored = await db.selectFrom('posts').select('source').where('id', '=', censored.postId).executeTakeFirstOrThrow();
    expect(stored.source).toBe('This ■■■■ form again');
    // An edit that brings in a held word takes a published post back to the queue.
    const edited = ok(await editPost(db, user, censored.postId, { body: 'This form again, pay with crypto' }, T0 + 3));
    expect(edited.pending).toBe(true);
    expect((await threadPage(db, null, thread.threadId))!.posts.find((p) => p.id === censored.postId)!.html).toBeNull();
    // Moderators are not screened.
    expect(ok(await reply(db, moderator, thread.threadId, 'Quoting: casino', T0 + 4)).pending).toBe(false);
  });

  it('round-trips CSV and reports bad lines', async () => {
    const { db, moderator } = await setup();
    ok(await addWatchedWord(db, moderator, { locale: 'fa', word: 'کلاهبردار', action: 'hold' }));
    ok(await addWatchedWord(db, moderator, { locale: 'ru', word: 'казино', action: 'block' }));
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: '-minus, "quoted"', action: 'censor' }));
    const csv = await exportWatchedWordsCsv(db, moderator);
    const fresh = (await setup()).db;
    const freshMod = await person(fresh, 'Importer', { role: 'moderator' });
    const imported = await importWatchedWordsCsv(fresh, freshMod, csv);
    expect(imported).toMatchObject({ added: 3, updated: 0, problems: [] });
    expect((await listWatchedWords(fresh, freshMod)).words.map((w) => [w.locale, w.word, w.action]).sort()).toEqual(
      [
        ['en', '-minus, "quoted"', 'censor'],
        ['fa', 'کلاهبردار', 'hold'],
        ['ru', 'казино', 'block'],
      ].sort(),
    );
    const bad = await importWatchedWordsCsv(fresh, freshMod, 'locale,word,action\nde,wort,block\nfa,,hold\nen,word,ban\nen,only-two\nen,sp*am,block\nen,casino,HOLD\nru,казино,hold\n');
    expect(bad.problems).toEqual([
      { line: 2, problem: 'invalidLocale' },
      { line: 3, problem: 'emptyWord' },
      { line: 4, problem: 'invalidAction' },
      { line: 5, problem: 'columns' },
      { line: 6, problem: 'misplacedWildcard' },
    ]);
    expect(bad).toMatchObject({ added: 1, updated: 1 });
    expect((await importWatchedWordsCsv(fresh, freshMod, 'locale,word,action\nen,"unclosed,block\n')).problems[0]!.problem).toBe('unparsable');
  });
});

describe('spam defences', () => {
  it('slow mode: one post per N minutes per user', async () => {
    const { db, moderator, members, thread } = await setup();
    ok(await setSlowMode(db, moderator, thread.threadId, 10, 'busy thread', T0));
    ok(await reply(db, members[1]!, thread.threadId, 'First in slow mode', T0 + MINUTE));
    expect(await reply(db, members[1]!, thread.threadId, 'Second too soon', T0 + 3 * MINUTE)).toEqual({ ok: false, problem: 'slowMode', retryAfterMs: 8 * MINUTE });
    ok(await reply(db, members[2]!, thread.threadId, 'Another member is fine', T0 + 3 * MINUTE));
    ok(await reply(db, members[1]!, thread.threadId, 'After the wait', T0 + 11 * MINUTE));
    expect(await setSlowMode(db, moderator, thread.threadId, -1)).toEqual({ ok: false, problem: 'invalidInput' });
  });

  it('refuses the same text from the same user within the window', async () => {
    const { db, members, thread, categoryId } = await setup();
    ok(await reply(db, members[1]!, thread.threadId, 'Have you tried turning it off and on?', T0));
    expect(await reply(db, members[1]!, thread.threadId, 'have you tried  turning it off, and on', T0 + MINUTE)).toEqual({ ok: false, problem: 'duplicate' });
    ok(await reply(db, members[2]!, thread.threadId, 'Have you tried turning it off and on?', T0 + MINUTE));
    expect(await createThread(db, members[1]!, { locale: 'en', categoryId, title: 'Turning it off and on again', body: 'Have you tried turning it off and on?' }, T0 + 2 * MINUTE)).toEqual({ ok: false, problem: 'duplicate' });
    ok(await reply(db, members[1]!, thread.threadId, 'Have you tried turning it off and on?', T0 + 61 * MINUTE));
  });

  it('locked threads refuse replies; duplicates are closed with a link', async () => {
    const { db, moderator, members, thread, categoryId } = await setup();
    const other = ok(await createThread(db, members[0]!, { locale: 'en', categoryId, title: 'Refund for my cancelled order', body: 'Where is the refund for order 43?' }, T0));
    ok(await closeAsDuplicate(db, moderator, other.threadId, thread.threadId, 'asked before', T0 + 1));
    const page = (await threadPage(db, null, other.threadId))!;
    expect([page.thread.locked, page.thread.duplicateOf]).toEqual([true, thread.threadId]);
    expect(await reply(db, members[1]!, other.threadId, 'Me too, same problem', T0 + 2)).toEqual({ ok: false, problem: 'locked' });
    expect(await closeAsDuplicate(db, moderator, other.threadId, other.threadId)).toEqual({ ok: false, problem: 'invalidInput' });
  });

  it('form stamps: honeypot, too fast, forged, expired, fine', async () => {
    const { db } = await setup();
    const stamp = await issueFormStamp(db, T0);
    expect(await checkFormSubmission(db, { website: 'http://spam', form_stamp: stamp }, T0 + 10_000)).toBe('honeypot');
    expect(await checkFormSubmission(db, { form_stamp: stamp }, T0 + 1000)).toBe('tooFast');
    expect(await checkFormSubmission(db, { form_stamp: stamp.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }, T0 + 10_000)).toBe('badStamp');
    expect(await checkFormSubmission(db, { form_stamp: `${T0 - 100_000}.${stamp.split('.')[1]}` }, T0 + 10_000)).toBe('badStamp');
    expect(await checkFormSubmission(db, {}, T0)).toBe('badStamp');
    expect(await checkFormSubmission(db, { form_stamp: stamp }, T0 + 2 * DAY)).toBe('expired');
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 10_000)).toBeNull();
  });

  it('a form stamp lasts hours, not a day: 3 h 59 min old still posts, 4 h 01 min is refused as spam', async () => {
    const { db } = await setup();
    const HOUR = 60 * MINUTE;
    expect(STAMP_MAX_AGE_MS).toBe(4 * HOUR);
    const stamp = await issueFormStamp(db, T0);
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR - MINUTE)).toBeNull();
    expect(await formRefusal(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR - MINUTE)).toBeNull();
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR + MINUTE)).toBe('expired');
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 23 * HOUR)).toBe('expired');
    // The same refusal as the other spam verdicts: the forms say "wait a moment and send it again".
    expect(await formRefusal(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR + MINUTE)).toEqual({ ok: false, problem: 'spam' });
  });

  it('limits writes per address without storing the address', async () => {
    const { db } = await setup();
    await setSetting(db, 'spam.writesPerAddressPerHour', 2);
    expect(await spendAddressLimit(db, '203.0.113.7', 'forum', T0)).toBeNull();
    expect(await spendAddressLimit(db, '203.0.113.7', 'forum', T0 + 1)).toBeNull();
    expect(await spendAddressLimit(db, '203.0.113.7', 'forum', T0 + 2)).toMatchObject({ ok: false, problem: 'rateLimited' });
    expect(await spendAddressLimit(db, '203.0.113.8', 'forum', T0 + 3)).toBeNull();
    const keys = (await db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key).join(' ');
    expect(keys).not.toContain('203.0.113');
  });

  it('hidden, held and deleted posts never reach search results', async () => {
    const { db, moderator, members, thread, spam } = await setup();
    const newbie = await person(db, 'Hidden Newbie', { trustLevel: 0 });
    ok(await reply(db, newbie, thread.threadId, 'zebracrossing tip for refunds', T0));
    ok(await reply(db, members[1]!, thread.threadId, 'zebracrossing deleted later', T0));
    const later = (await db.selectFrom('posts').select('id').where('source', '=', 'zebracrossing deleted later').executeTakeFirstOrThrow()).id;
    ok(await hidePost(db, moderator, spam.postId, 'spam', T0 + 1));
    ok(await deletePost(db, moderator, later, 'spam', T0 + 2));
    expect((await searchThreads(db, 'en', 'zebracrossing')).hits).toHaveLength(0);
    expect((await searchThreads(db, 'en', 'watches')).hits).toHaveLength(0);
  });
});

describe('demo seed', () => {
  it('fills the queue, the watched words and the log, invisibly to readers, once', async () => {
    const { seedForum } = await import('../../../db/seed/forum.ts');
    const { seedModeration } = await import('../../../db/seed/moderation.ts');
    const { createOrPromoteUser } = await import('../../../src/lib/auth/accounts.ts');
    const db = await testDb();
    await createOrPromoteUser(db, { email: 'moderator@pasokh.example', role: 'moderator', name: 'رضا ناظر', password: 'demo-moderator-pass' });
    await seedForum(db, T0);
    const before = (await listThreads(db, { locale: 'en' })).threads.length;
    expect(await seedModeration(db, T0)).toEqual({ seeded: true });
    expect(await seedModeration(db, T0)).toEqual({ seeded: false });
    const moderator = { id: 1, email: 'moderator@pasokh.example', emailVerified: true, displayName: 'رضا ناظر', role: 'moderator' as const, trustLevel: 1, locale: 'fa', suspendedUntil: null, silencedUntil: null };
    const queue = await listReviewItems(db, moderator);
    expect(queue.items.map((i) => i.kind).sort()).toEqual(['flag', 'held', 'watched_word']);
    expect((await listWatchedWords(db, moderator)).words.length).toBeGreaterThanOrEqual(8);
    expect((await listThreads(db, { locale: 'en' })).threads.length).toBe(before);
  });
});
