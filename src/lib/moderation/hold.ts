// Holding a post for approval: the forum stores the post hidden with held_at set (so every list,
// count, search and JSON-LD leaves it out), and this opens its review item, records the system's
// action and tells the author, in the transaction of the post.
import type { Db } from '../db/index.ts';
import type { HoldReason } from './gate.ts';
import type { WordMatch } from './words.ts';
import { notifyUser, recordModeration } from './audit.ts';
import { openReviewItem } from './review-items.ts';

export async function holdForReview(
  trx: Db,
  held: { postId: number; threadId: number; authorId: number; hold: HoldReason; matches: readonly WordMatch[] },
  now = Date.now(),
): Promise<number> {
  const matches = held.matches.map((m) => ({ word: m.word, action: m.action, text: m.text, how: m.how }));
  const itemId = await openReviewItem(
    trx,
    {
      kind: held.hold === 'watchedWord' ? 'watched_word' : 'held',
      postId: held.postId,
      threadId: held.threadId,
      authorId: held.authorId,
      data: { reason: held.hold, matches },
    },
    now,
  );
  await recordModeration(
    trx,
    {
      actorId: null,
      action: 'system.hold',
      targetUserId: held.authorId,
      threadId: held.threadId,
      postId: held.postId,
      itemId,
      reason: held.hold,
      data: matches.length ? { matches } : null,
    },
    now,
  );
  await notifyUser(trx, held.authorId, 'mod.held', { threadId: held.threadId, postId: held.postId, reason: null }, now);
  return itemId;
}
