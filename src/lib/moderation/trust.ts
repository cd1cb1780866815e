// Trust levels. Level 0 is every new account: its first posts (setting trust.holdFirstPosts) wait
// for approval, it may put few links in a post and write few posts a day. It moves to level 1
// on its own once it has enough approved posts and days (trust.promotePosts, trust.promoteDays).
// Moderators set any level by hand. Level 3 and up flag with a moderator's weight.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { mayModerate, requirePermission } from '../auth/authorize.ts';
import { cleanReason, isModerator, timestampMs } from '../forum/policy.ts';
import { refuse, type ModerationOutcome } from '../outcome.ts';
import { getSettings, type Settings } from '../settings.ts';
import { notifyUser, recordModeration } from './audit.ts';

export const TRUST_LEVELS = [0, 1, 2, 3, 4] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];
const DAY = 24 * 60 * 60 * 1000;

/** Posts of this user that are published (not waiting for approval, not deleted). */
export async function approvedPostCount(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', userId)
    .where('held_at', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Whether this user has fewer than `count` published posts. Reads at most `count` of them: the
 * thread page asks for every level-0 reader, and counting all of a prolific author's posts grew
 * with the forum.
 */
async function hasFewerApprovedPosts(db: Db, userId: number, count: number): Promise<boolean> {
  if (count <= 0) return false;
  const rows = await db
    .selectFrom('posts')
    .select('id')
    .where('author_id', '=', userId)
    .where('held_at', 'is', null)
    .where('deleted_at', 'is', null)
    .limit(count)
    .execute();
  return rows.length < count;
}

/** Whether a new post by this level-0 user waits for approval. */
export async function holdsNewPost(
  db: Db,
  user: Pick<SessionUser, 'id' | 'trustLevel'>,
  settings: Settings,
): Promise<boolean> {
  if (user.trustLevel > 0) return false;
  return hasFewerApprovedPosts(db, user.id, settings['trust.holdFirstPosts']);
}

/** Whether this user's next post would wait for approval as a new member's: the composer says so before they write. */
export async function postsAwaitReview(db: Db, user: SessionUser): Promise<boolean> {
  if (isModerator(user) || user.trustLevel > 0) return false;
  return holdsNewPost(db, user, await getSettings(db));
}

/** A level-0 user's posts per 24 hours; a refusal with the time until the oldest one leaves the window. */
export async function dailyLimitRefusal(
  db: Db,
  user: Pick<SessionUser, 'id' | 'trustLevel'>,
  settings: Settings,
  now: number,
) {
  if (user.trustLevel > 0) return null;
  const max = settings['trust.newUserPostsPerDay'];
  const recent = await db
    .selectFrom('posts')
    .select('created_at')
    .where('author_id', '=', user.id)
    .where('created_at', '>', now - DAY)
    .orderBy('created_at', 'desc')
    .limit(max)
    .execute();
  if (recent.length < max) return null;
  return refuse('dailyLimit', Math.max(1, recent.at(-1)!.created_at + DAY - now));
}

/** Level 0 → 1 when the user has enough approved posts and days; in the caller's transaction. */
export async function maybePromote(trx: Db, userId: number, now = Date.now()): Promise<boolean> {
  const settings = await getSettings(trx);
  const user = await trx
    .selectFrom('users')
    .select(['trust_level', 'created_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.trust_level !== 0) return false;
  if (now - timestampMs(user.created_at) < settings['trust.promoteDays'] * DAY) return false;
  const posts = await approvedPostCount(trx, userId);
  if (posts < settings['trust.promotePosts']) return false;
  await trx
    .updateTable('users')
    .set({ trust_level: 1 })
    .where('id', '=', userId)
    .where('trust_level', '=', 0)
    .execute();
  await recordModeration(
    trx,
    { actorId: null, action: 'system.promote', targetUserId: userId, data: { from: 0, to: 1, approvedPosts: posts } },
    now,
  );
  await notifyUser(trx, userId, 'mod.trustLevel', { reason: null }, now);
  return true;
}

/** A moderator sets a member's trust level by hand (not their own, not another staff member's). */
export async function setTrustLevel(
  db: Db,
  actor: SessionUser | null,
  userId: number,
  level: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<ModerationOutcome<{ changed: boolean }>> {
  const moderator = requirePermission(actor, 'moderation');
  if (!(TRUST_LEVELS as readonly number[]).includes(level)) return refuse('invalidInput');
  const user = await db
    .selectFrom('users')
    .select(['id', 'role', 'trust_level'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return refuse('notFound');
  if (!mayModerate(moderator, user)) return refuse('staffAccount');
  if (user.trust_level === level) return { ok: true, changed: false };
  const why = cleanReason(reason);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ trust_level: level }).where('id', '=', userId).execute();
    await recordModeration(
      trx,
      {
        actorId: moderator.id,
        action: 'user.trustLevel',
        targetUserId: userId,
        reason: why,
        data: { from: user.trust_level, to: level },
      },
      now,
    );
    await notifyUser(trx, userId, 'mod.trustLevel', { actorId: moderator.id, reason: why }, now);
  });
  return { ok: true, changed: true };
}
