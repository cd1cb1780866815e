// Flags: any signed-in member flags a post once (spam, abusive, off-topic, other + a note of up
// to 500 characters), never their own. Each flag lands on the post's pending "flag" review item.
// When the flags reach the threshold (settings: `moderation.flagThreshold` from members, or
// `moderation.trustedFlagThreshold` from moderators and users of trust level
// `moderation.trustedFlagLevel` and up), the post (post 1: its thread) is hidden at once,
// pending review, and its author gets a notice with the main reason.
import type { Db } from '../db/index.ts';
import type { FlagReason } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { cleanReason, isModerator, requireMember, writeRestriction } from '../forum/policy.ts';
import { applyReplyChange, applyThreadChange, loadPost } from '../forum/visibility.ts';
import { refuse, type Outcome, type Refusal } from '../outcome.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { getSettings } from '../settings.ts';
import { notifyUser, recordModeration } from './audit.ts';
import { openReviewItem } from './review-items.ts';

export const FLAG_REASONS: readonly FlagReason[] = ['spam', 'abusive', 'offTopic', 'other'];
export const FLAG_NOTE_MAX = 500;
/** Flags per member and hour: enough for a bad evening on the forum, not for a flagging spree. */
export const FLAG_RATE_LIMIT = { max: 20, windowMs: 60 * 60 * 1000 };

export function isFlagReason(value: unknown): value is FlagReason {
  return typeof value === 'string' && (FLAG_REASONS as readonly string[]).includes(value);
}

/** Why a flag's reason is refused: none chosen (the form preselects none), or not one of ours. */
export function flagReasonRefusal(reason: string | null | undefined): Refusal | null {
  if (!reason) return refuse('flagReason');
  return isFlagReason(reason) ? null : refuse('invalidInput');
}

export interface FlagInput {
  reason: string;
  note?: string | null;
}

/** Flags a post. `hidden` says whether this flag made the post reach its threshold. */
export async function flagPost(
  db: Db,
  actor: SessionUser | null,
  postId: number,
  input: FlagInput,
  now = Date.now(),
): Promise<Outcome<{ flagId: number; itemId: number; hidden: boolean }>> {
  const user = requireMember(actor);
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  const badReason = flagReasonRefusal(input.reason);
  if (badReason) return badReason;
  const note = cleanReason(input.note); // trimmed, invisible characters out, at most 500 characters
  const post = await loadPost(db, postId);
  if (!post || post.deleted_at !== null || post.thread_deleted_at !== null || post.held_at !== null)
    return refuse('notFound');
  if (post.author_id === user.id) return refuse('flagOwnPost');
  const settings = await getSettings(db);
  const trusted = isModerator(user) || user.trustLevel >= settings['moderation.trustedFlagLevel'];
  const already = await db
    .selectFrom('flags')
    .select('id')
    .where('post_id', '=', postId)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (already) return refuse('alreadyFlagged');
  if (!isModerator(user)) {
    const hit = await hitRateLimit(db, `forum:flag:user:${user.id}`, FLAG_RATE_LIMIT, now);
    if (!hit.allowed) return refuse('rateLimited', hit.retryAfterMs);
  }

  return db.transaction().execute(async (trx) => {
    const itemId = await openReviewItem(
      trx,
      { kind: 'flag', postId, threadId: post.thread_id, authorId: post.author_id },
      now,
    );
    const flag = await trx
      .insertInto('flags')
      .values({
        post_id: postId,
        user_id: user.id,
        reason: input.reason as FlagReason,
        note,
        trusted: trusted ? 1 : 0,
        item_id: itemId,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!flag) return refuse('alreadyFlagged'); // a double submit raced the check above
    await trx
      .updateTable('posts')
      .set((eb) => ({ flag_count: eb('flag_count', '+', 1) }))
      .where('id', '=', postId)
      .execute();
    if (post.number === 1)
      await trx
        .updateTable('threads')
        .set((eb) => ({ flag_count: eb('flag_count', '+', 1) }))
        .where('id', '=', post.thread_id)
        .execute();

    // Counted under the post's row lock (openReviewItem), so of flags arriving at once the last sees them all.
    const pending = await trx
      .selectFrom('flags')
      .select(['reason', 'trusted'])
      .where('post_id', '=', postId)
      .where('status', '=', 'pending')
      .execute();
    const trustedCount = pending.filter((f) => f.trusted === 1).length;
    const reached =
      pending.length >= settings['moderation.flagThreshold'] ||
      trustedCount >= settings['moderation.trustedFlagThreshold'];
    const visible = post.number === 1 ? post.thread_hidden_at === null : post.hidden_at === null;
    let hidden = false;
    if (reached && visible) {
      const counts = new Map<string, number>();
      for (const f of pending) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      hidden =
        post.number === 1
          ? await applyThreadChange(trx, null, post.thread_id, 'thread.hide', `flags:${top}`, now)
          : await applyReplyChange(trx, null, post, 'post.hide', `flags:${top}`, now);
      if (hidden) {
        await recordModeration(
          trx,
          {
            actorId: null,
            action: 'system.flagHide',
            targetUserId: post.author_id,
            threadId: post.thread_id,
            postId,
            itemId,
            reason: top,
            data: { flags: pending.length, trusted: trustedCount },
          },
          now,
        );
        // The reason is a code (spam, abusive, offTopic, other): the UI shows mod.flagReason.<code>.
        await notifyUser(
          trx,
          post.author_id,
          'mod.flaggedHidden',
          { threadId: post.thread_id, postId, reason: top },
          now,
        );
      }
    }
    return { ok: true as const, flagId: flag.id, itemId, hidden };
  });
}

/** The flags this member raised on these posts, so a thread page can show "flagged" instead of the button. */
export async function flaggedByViewer(
  db: Db,
  viewer: SessionUser | null,
  postIds: readonly number[],
): Promise<Set<number>> {
  if (!viewer || !postIds.length) return new Set();
  const rows = await db
    .selectFrom('flags')
    .select('post_id')
    .where('user_id', '=', viewer.id)
    .where('post_id', 'in', [...postIds])
    .execute();
  return new Set(rows.map((r) => r.post_id));
}
