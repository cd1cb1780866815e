// Review items as steps inside the caller's transaction: opening one (a flag, a held post, a
// watched-word hit), closing the pending ones about a post, and whether another moderator's
// claim stands in the way. The queue (queue.ts) reads and acts on items; the forum's writes
// (through hold.ts) and flags open them.
import { forUpdate, type Db } from '../db/index.ts';
import type { ReviewKind, ReviewStatus } from '../db/schema.ts';

/** Opens (or returns) the pending item of this kind for a post. */
export async function openReviewItem(
  trx: Db,
  item: { kind: ReviewKind; postId: number; threadId: number; authorId: number; data?: Record<string, unknown> | null },
  now = Date.now(),
): Promise<number> {
  // The post's row is the lock for its items (Postgres): two flags at once would both find no
  // pending item, and the second insert would break the one-pending-item-per-post index.
  await forUpdate(trx, trx.selectFrom('posts').select('id').where('id', '=', item.postId)).execute();
  const existing = await trx
    .selectFrom('review_items')
    .select('id')
    .where('post_id', '=', item.postId)
    .where('kind', '=', item.kind)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (existing) {
    await trx.updateTable('review_items').set({ updated_at: now }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await trx
    .insertInto('review_items')
    .values({
      kind: item.kind,
      post_id: item.postId,
      thread_id: item.threadId,
      author_id: item.authorId,
      data: item.data ? JSON.stringify(item.data) : null,
      claimed_by: null,
      claimed_until: null,
      created_at: now,
      updated_at: now,
      resolved_at: null,
      resolved_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Resolves every pending item about a post (any kind) and releases their claims. */
export async function closeReviewItems(
  trx: Db,
  postId: number,
  status: Exclude<ReviewStatus, 'pending'>,
  actorId: number,
  now: number,
): Promise<void> {
  await trx
    .updateTable('review_items')
    .set({ status, resolved_at: now, resolved_by: actorId, claimed_by: null, claimed_until: null, updated_at: now })
    .where('post_id', '=', postId)
    .where('status', '=', 'pending')
    .execute();
}

/** Another moderator holds the item and the claim has not expired: this moderator must wait. */
export const claimedByOther = (
  item: { claimed_by: number | null; claimed_until: number | null },
  actorId: number,
  now: number,
) => item.claimed_by !== null && item.claimed_by !== actorId && (item.claimed_until ?? 0) > now;
