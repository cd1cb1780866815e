import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { listNotifications } from '../../../src/lib/forum/notifications.ts';
import { deletePost, reply } from '../../../src/lib/forum/posts.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { createThread, deleteThread, hideThread, threadPage, unhideThread } from '../../../src/lib/forum/threads.ts';
import {
  addWatchedWord,
  approveItem,
  auditCsv,
  claimReviewItem,
  closeAsDuplicate,
  deleteItemPost,
  dismissFlags,
  editItemPost,
  flagPost,
  getReviewItem,
  hideItemPost,
  importWatchedWordsCsv,
  liftSanction,
  listAudit,
  listReviewItems,
  lockThread,
  MODERATION_ACTIONS,
  moveThread,
  pendingReviewCounts,
  pinThread,
  removeWatchedWord,
  restoreItemPost,
  setSlowMode,
  setTrustLevel,
  silenceUser,
  suspendUser,
  unclaimReviewItem,
  unlockThread,
  unpinThread,
  updateModerationSettings,
  warnUser,
  type ModerationAction,
} from '../../../src/lib/moderation/index.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, setup, auditRows } from './fixture.ts';

describe('review queue', () => {
  it('claims keep a second moderator off an item until the claim expires', async () => {
    const { db, moderator, moderator2, members, spam } = await setup();
    const { itemId } = ok(await flagPost(db, members[0]!, spam.postId, { reason: 'spam' }, T0));
    const claim = ok(await claimReviewItem(db, moderator, itemId, T0 + 1));
    expect(claim.until).toBe(T0 + 1 + 15 * MINUTE);
    expect(await claimReviewItem(db, moderator2, itemId, T0 + 2)).toEqual({ ok: false, problem: 'claimed' });
    expect(await approveItem(db, moderator2, { itemId }, null, T0 + 3)).toEqual({ ok: false, problem: 'claimed' });
    expect(await hideItemPost(db, moderator2, { postId: spam.postId }, 'spam', T0 + 3)).toEqual({
      ok: false,
      problem: 'claimed',
    });
    expect(await unclaimReviewItem(db, moderator2, itemId, T0 + 4)).toEqual({ ok: false, problem: 'claimed' });
    expect((await getReviewItem(db, moderator2, itemId, T0 + 5))!.claim!.by.id).toBe(moderator.id);
    // Expired: anyone may act.
    ok(await dismissFlags(db, moderator2, { itemId }, 'not spam', T0 + 16 * MINUTE + 2));
    expect((await getReviewItem(db, moderator, itemId))!.status).toBe('dismissed');
    expect(await approveItem(db, moderator, { itemId }, null, T0 + 17 * MINUTE)).toEqual({
      ok: false,
      problem: 'notPending',
    });
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
    const kinds = (await listNotifications(db, author)).notifications
      .map((n) => n.kind)
      .filter((k) => k.startsWith('mod.'));
    expect(kinds).toEqual(['mod.restored', 'mod.warned', 'mod.flaggedHidden']);
    expect((await listReviewItems(db, moderator, { status: 'approved' })).items.map((i) => i.id)).toEqual([item.id]);
  });

  it('deletes softly and restores; an edit keeps the old text as a revision with the reason', async () => {
    const { db, moderator, author, spam, thread } = await setup();
    ok(await deleteItemPost(db, moderator, { postId: spam.postId }, 'advertising', T0));
    expect((await threadPage(db, null, thread.threadId))!.posts.find((p) => p.id === spam.postId)!.state).toBe(
      'deleted',
    );
    ok(await restoreItemPost(db, moderator, { postId: spam.postId }, 'mistake', T0 + 1));
    expect((await threadPage(db, null, thread.threadId))!.posts.find((p) => p.id === spam.postId)!.state).toBe(
      'visible',
    );
    expect(await editItemPost(db, moderator, { postId: spam.postId }, { body: 'x y', reason: '' }, T0 + 2)).toEqual({
      ok: false,
      problem: 'reasonRequired',
    });
    ok(
      await editItemPost(
        db,
        moderator,
        { postId: spam.postId },
        { body: 'Buy watches (link removed)', reason: 'removed the shop link' },
        T0 + 2,
      ),
    );
    const revision = await db
      .selectFrom('post_revisions')
      .selectAll()
      .where('post_id', '=', spam.postId)
      .executeTakeFirstOrThrow();
    expect(revision).toMatchObject({
      source: 'Buy cheap watches at my shop today',
      reason: 'removed the shop link',
      edited_by: moderator.id,
    });
    const edited = (await listNotifications(db, author)).notifications.find((n) => n.kind === 'mod.edited')!;
    expect(edited.reason).toBe('removed the shop link');
  });

  it('every action leaves exactly one audit row, in the same transaction', async () => {
    const ctx = await setup();
    const { db, moderator, admin, author, members, thread, spam, answer, categoryId, otherCategoryId } = ctx;
    // A second thread to be the duplicate's original, and items to act on.
    const original = ok(
      await createThread(
        db,
        members[1]!,
        {
          locale: 'en',
          categoryId,
          title: 'Where is my refund for order 41?',
          body: 'Cancelled order 41, no refund yet.',
        },
        T0 + 5,
      ),
    );
    const itemFor = async (postId: number) =>
      ok(await flagPost(db, members[2]!, postId, { reason: 'spam' }, T0 + 6)).itemId;
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
      'post.edit': () =>
        editItemPost(
          db,
          moderator,
          { postId: spam.postId },
          { body: 'Edited by a moderator', reason: 'link removed' },
          T0 + 17,
        ),
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
      'settings.update': () =>
        updateModerationSettings(db, admin, { 'moderation.flagThreshold': 4 }, 'fewer false alarms', T0 + 37),
    };
    expect(Object.keys(calls).sort()).toEqual([...MODERATION_ACTIONS].sort());
    for (const action of MODERATION_ACTIONS) {
      const before = (await auditRows(db)).length;
      const outcome = (await calls[action]()) as { ok: boolean };
      expect(outcome.ok, action).toBe(true);
      const added = (await auditRows(db))
        .slice(before)
        .filter((r) => !(action === 'thread.duplicate' && r.action === 'thread.restore'));
      expect(
        added.map((r) => r.action),
        action,
      ).toEqual([action]);
      expect(added[0]!.actor_id, action).toBe(action === 'settings.update' ? admin.id : moderator.id);
    }
    // Filters and keyset pagination over the log; CSV export.
    const byAuthor = await listAudit(db, moderator, { userId: author.id, limit: 3 });
    expect(byAuthor.entries).toHaveLength(3);
    const next = await listAudit(db, moderator, { userId: author.id, limit: 3, before: byAuthor.next! });
    expect(next.entries[0]!.id).toBeLessThan(byAuthor.entries.at(-1)!.id);
    expect((await listAudit(db, moderator, { action: 'user.suspend' })).entries.map((e) => e.reason)).toEqual(['spam']);
    expect((await listAudit(db, moderator, { actorId: admin.id })).entries.map((e) => e.action)).toEqual([
      'settings.update',
    ]);
    const csv = await auditCsv(db, moderator, { action: 'user.warn' });
    expect(csv.startsWith('\uFEFFid,time,action')).toBe(true);
    expect(csv).toContain('be kind');
    await expect(listAudit(db, members[0]!)).rejects.toBeInstanceOf(AuthorizationError);
    await expect(updateModerationSettings(db, moderator, { 'moderation.flagThreshold': 2 })).rejects.toBeInstanceOf(
      AuthorizationError,
    );
  });

  it('the audit log refuses UPDATE and DELETE', async () => {
    const { db, moderator, thread } = await setup();
    ok(await lockThread(db, moderator, thread.threadId, 'why', T0));
    await expect(sql`UPDATE moderation_audit SET reason = 'rewritten'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM moderation_audit`.execute(db)).rejects.toThrow(/append-only/);
    expect(await auditRows(db)).toHaveLength(1);
  });
});
