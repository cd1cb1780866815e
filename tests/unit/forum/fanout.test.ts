import { describe, expect, it } from 'vitest';
import { startDeliveryWorker } from '../../../src/lib/contact/outbox.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { expandNotificationFanouts } from '../../../src/lib/forum/fanout.ts';
import { deletePost, hidePost, reply } from '../../../src/lib/forum/posts.ts';
import { hideThread } from '../../../src/lib/forum/threads.ts';
import { watchThread } from '../../../src/lib/forum/watches.ts';
import { approveItem, listReviewItems } from '../../../src/lib/moderation/index.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { ok } from '../factories.ts';
import { fanOut, memoryMailer, testOutboxConfig } from '../helpers.ts';
import { ask, forum, member, MINUTE, T0 } from './fixture.ts';

/**
 * Every notification as [user, kind, post, time], by post, then user (one INSERT … SELECT writes
 * a reply's rows in no set order on Postgres).
 */
const told = (db: Db) =>
  db
    .selectFrom('notifications')
    .select(['user_id', 'kind', 'post_id', 'created_at'])
    .orderBy('post_id')
    .orderBy('user_id')
    .execute()
    .then((rows) => rows.map((r) => [r.user_id, r.kind, r.post_id, r.created_at]));
const queued = (db: Db) => db.selectFrom('notification_fanouts').select('post_id').orderBy('id').execute();

async function scene() {
  const f = await forum();
  const thread = await ask(f.db, f.asker, f.categoryId, 'Invoices show the wrong address');
  ok(await watchThread(f.db, f.stranger, thread.threadId, T0));
  return { ...f, thread };
}

describe('notification fan-out', () => {
  it('a reply queues one row whatever the watchers; the worker tells each watcher once, at the reply’s time', async () => {
    const { db, asker, helper, stranger, thread } = await scene();
    const first = ok(await reply(db, helper, thread.threadId, 'Ask @[Alex Stone], who had it.', T0 + MINUTE));
    // The mention is told in the reply's transaction; the watchers are not told yet.
    expect(await told(db)).toEqual([[stranger.id, 'mention', first.postId, T0 + MINUTE]]);
    expect(await queued(db)).toEqual([{ post_id: first.postId }]);

    expect(await fanOut(db)).toBe(1);
    // The stranger heard already (mentioned): the asker only. The replier never hears of their own reply.
    expect(await told(db)).toEqual([
      [asker.id, 'reply', first.postId, T0 + MINUTE],
      [stranger.id, 'mention', first.postId, T0 + MINUTE],
    ]);
    expect(await queued(db)).toEqual([]);
    // Nothing is told twice: a second round finds nothing.
    expect(await fanOut(db)).toBe(0);
    expect(await told(db)).toHaveLength(2);

    const second = ok(await reply(db, asker, thread.threadId, 'Thanks.', T0 + 2 * MINUTE));
    await fanOut(db);
    // The helper replied without watching: not told.
    expect((await told(db)).slice(2)).toEqual([[stranger.id, 'reply', second.postId, T0 + 2 * MINUTE]]);
  });

  it('tells nobody about a reply hidden or deleted, or in a thread hidden, before the worker came', async () => {
    const { db, categoryId, asker, helper, stranger, moderator, thread } = await scene();
    const hidden = ok(await reply(db, helper, thread.threadId, 'Buy cheap followers here.', T0 + 1));
    const deleted = ok(await reply(db, helper, thread.threadId, 'Oops, wrong thread.', T0 + 2));
    const kept = ok(await reply(db, helper, thread.threadId, 'Settings, then Company details.', T0 + 3));
    ok(await hidePost(db, moderator, hidden.postId, 'spam', T0 + 4));
    ok(await deletePost(db, helper, deleted.postId, null, T0 + 5));
    const other = await ask(db, asker, categoryId, 'A thread about to be hidden');
    ok(await reply(db, helper, other.threadId, 'A reply in it.', T0 + 6));
    ok(await hideThread(db, moderator, other.threadId, 'off-topic', T0 + 7));

    expect(await fanOut(db)).toBe(4);
    // Only the reply still in view; the rows of the others are gone all the same.
    expect((await told(db)).filter(([, kind]) => kind === 'reply')).toEqual([
      [asker.id, 'reply', kept.postId, T0 + 3],
      [stranger.id, 'reply', kept.postId, T0 + 3],
    ]);
    expect(await queued(db)).toEqual([]);
  });

  it('a worker that fails half-way leaves every reply queued and nothing told; the next round tells each once', async () => {
    const { db, asker, helper, stranger, thread } = await scene();
    const first = ok(await reply(db, helper, thread.threadId, 'First.', T0 + 1));
    const second = ok(await reply(db, helper, thread.threadId, 'Second.', T0 + 2));
    // The second row cannot be read: the round fails after it expanded the first.
    await db
      .updateTable('notification_fanouts')
      .set({ skip_user_ids: '[' })
      .where('post_id', '=', second.postId)
      .execute();
    await expect(expandNotificationFanouts(db)).rejects.toThrow(SyntaxError);
    expect(await told(db)).toEqual([]);
    expect(await queued(db)).toEqual([{ post_id: first.postId }, { post_id: second.postId }]);

    await db.updateTable('notification_fanouts').set({ skip_user_ids: '[]' }).execute();
    expect(await fanOut(db)).toBe(2);
    expect((await told(db)).map(([user, , post]) => [user, post])).toEqual([
      [asker.id, first.postId],
      [stranger.id, first.postId],
      [asker.id, second.postId],
      [stranger.id, second.postId],
    ]);
  });

  it('bounds a transaction by replies and by notifications written, yet expands a big reply whole', async () => {
    const { db, helper, thread } = await scene();
    for (let i = 0; i < 3; i++) ok(await reply(db, helper, thread.threadId, `Reply ${i}.`, T0 + i));
    expect(await expandNotificationFanouts(db, { replies: 2 })).toBe(2);
    expect(await queued(db)).toHaveLength(1);
    expect(await told(db)).toHaveLength(4);
    for (let i = 0; i < 2; i++) ok(await reply(db, helper, thread.threadId, `More ${i}.`, T0 + 10 + i));
    // Each reply tells two watchers: past one notification, the transaction ends after that reply.
    expect(await expandNotificationFanouts(db, { notifications: 1 })).toBe(1);
    expect(await told(db)).toHaveLength(6);
    expect(await expandNotificationFanouts(db, { notifications: 1 })).toBe(1);
    expect(await expandNotificationFanouts(db, { notifications: 1 })).toBe(1);
    expect(await expandNotificationFanouts(db, { notifications: 1 })).toBe(0);
    expect(await told(db)).toHaveLength(10);
  });

  it('a held reply tells the watchers once a moderator approves it, not before', async () => {
    const { db, asker, stranger, moderator, thread } = await scene();
    await setSetting(db, 'trust.holdFirstPosts', 1);
    const newcomer = await member(db, 'Новичок');
    const held = ok(await reply(db, newcomer, thread.threadId, 'Mine shows the old address too.', T0 + MINUTE));
    expect(held.pending).toBe(true);
    expect(await queued(db)).toEqual([]);
    const item = (await listReviewItems(db, moderator)).items.find((i) => i.post.id === held.postId)!;
    ok(await approveItem(db, moderator, { itemId: item.id }, null, T0 + 5 * MINUTE));
    expect(await queued(db)).toEqual([{ post_id: held.postId }]);
    await fanOut(db);
    expect((await told(db)).filter(([, kind]) => kind === 'reply')).toEqual([
      [asker.id, 'reply', held.postId, T0 + 5 * MINUTE],
      [stranger.id, 'reply', held.postId, T0 + 5 * MINUTE],
    ]);
  });

  it('a reply wakes this process’s worker: its watchers are told long before the next poll', async () => {
    const { db, asker, helper, thread } = await scene();
    let rounds = 0;
    let firstRound!: () => void;
    const idle = new Promise<void>((resolve) => (firstRound = resolve));
    const worker = startDeliveryWorker(db, {
      config: testOutboxConfig(),
      mailer: memoryMailer(),
      pollMs: 60_000,
      moreRounds: [
        () => expandNotificationFanouts(db),
        async () => {
          if (++rounds === 1) firstRound();
          return 0;
        },
      ],
    });
    try {
      // The worker has looked once, found nothing and sleeps for a minute: only a wake tells anyone now.
      await idle;
      ok(await reply(db, helper, thread.threadId, 'Settings, then Company details.'));
      for (let i = 0; i < 200 && (await queued(db)).length; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await queued(db)).toEqual([]);
      expect((await told(db)).map(([user, kind]) => [user, kind])).toContainEqual([asker.id, 'reply']);
    } finally {
      await worker.stop();
    }
  });
});
