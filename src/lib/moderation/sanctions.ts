// Sanctions on an author: a warning (a notice, nothing else), silence (read-only: may read and
// sign in, may not post, reply, edit, vote or flag) or suspension (the same refusals, shown as a
// suspension) for 1, 7 or 30 days or permanently, always with a reason the user sees. The effect
// lives on users.silenced_until / users.suspended_until, which the session reads on every
// request and policy.ts `postingRestriction` checks on every forum write. Suspended users can
// still sign in and read, as the accounts code always allowed; staff cannot be sanctioned here.
import type { Db } from '../db/index.ts';
import type { SanctionKind } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { AuthorizationError, mayModerate, requirePermission } from '../auth/authorize.ts';
import { cleanReason, timestampMs } from '../forum/policy.ts';
import { refuse, type ModerationOutcome } from '../outcome.ts';
import { notifyUser, recordModeration } from './audit.ts';

export const SANCTION_DURATIONS = ['1d', '7d', '30d', 'permanent'] as const;
export type SanctionDuration = (typeof SANCTION_DURATIONS)[number];
/** What "permanently" is stored as: far enough that no comparison ever passes it. */
export const PERMANENT_UNTIL = '9999-12-31T23:59:59.000Z';
const DAY = 24 * 60 * 60 * 1000;

export function sanctionUntil(duration: SanctionDuration, now: number): string {
  if (duration === 'permanent') return PERMANENT_UNTIL;
  return new Date(now + Number.parseInt(duration, 10) * DAY).toISOString();
}

export interface SanctionInput {
  reason: string;
  /** Not for warnings. */
  duration?: SanctionDuration;
  /** The review item this came from, for its history. */
  itemId?: number | null;
}

async function target(db: Db, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'silenced_until', 'suspended_until'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

async function sanction(
  db: Db,
  actor: SessionUser | null,
  userId: number,
  kind: SanctionKind,
  input: SanctionInput,
  now: number,
): Promise<ModerationOutcome<{ until: string | null }>> {
  const moderator = requirePermission(actor, 'moderation');
  const reason = cleanReason(input.reason);
  if (!reason) return refuse('reasonRequired');
  if (kind !== 'warn' && !(SANCTION_DURATIONS as readonly string[]).includes(input.duration ?? ''))
    return refuse('invalidInput');
  const user = await target(db, userId);
  if (!user) return refuse('notFound');
  if (!mayModerate(moderator, user)) throw new AuthorizationError(403);
  const until = kind === 'warn' ? null : sanctionUntil(input.duration!, now);
  await db.transaction().execute(async (trx) => {
    if (kind === 'silence')
      await trx.updateTable('users').set({ silenced_until: until }).where('id', '=', userId).execute();
    if (kind === 'suspend')
      await trx.updateTable('users').set({ suspended_until: until }).where('id', '=', userId).execute();
    await trx
      .insertInto('user_sanctions')
      .values({
        user_id: userId,
        kind,
        reason,
        until,
        item_id: input.itemId ?? null,
        created_by: moderator.id,
        created_at: now,
      })
      .execute();
    const action = kind === 'warn' ? 'user.warn' : kind === 'silence' ? 'user.silence' : 'user.suspend';
    await recordModeration(
      trx,
      {
        actorId: moderator.id,
        action,
        targetUserId: userId,
        itemId: input.itemId ?? null,
        reason,
        data: until ? { until, duration: input.duration } : null,
      },
      now,
    );
    await notifyUser(
      trx,
      userId,
      kind === 'warn' ? 'mod.warned' : kind === 'silence' ? 'mod.silenced' : 'mod.suspended',
      { actorId: moderator.id, reason },
      now,
    );
  });
  return { ok: true, until };
}

export const warnUser = (db: Db, actor: SessionUser | null, userId: number, input: SanctionInput, now = Date.now()) =>
  sanction(db, actor, userId, 'warn', input, now);
/** Read-only for the duration: may read and sign in, may not write. */
export const silenceUser = (
  db: Db,
  actor: SessionUser | null,
  userId: number,
  input: SanctionInput & { duration: SanctionDuration },
  now = Date.now(),
) => sanction(db, actor, userId, 'silence', input, now);
export const suspendUser = (
  db: Db,
  actor: SessionUser | null,
  userId: number,
  input: SanctionInput & { duration: SanctionDuration },
  now = Date.now(),
) => sanction(db, actor, userId, 'suspend', input, now);

/** Ends a silence or a suspension early. */
export async function liftSanction(
  db: Db,
  actor: SessionUser | null,
  userId: number,
  kind: 'silence' | 'suspend',
  reason: string | null = null,
  now = Date.now(),
): Promise<ModerationOutcome<{ changed: boolean }>> {
  const moderator = requirePermission(actor, 'moderation');
  const user = await target(db, userId);
  if (!user) return refuse('notFound');
  // The same rule as giving one: a moderator may not end their own or another staff member's.
  if (!mayModerate(moderator, user)) return refuse('staffAccount');
  const current = kind === 'silence' ? user.silenced_until : user.suspended_until;
  if (!(timestampMs(current) > now)) return { ok: true, changed: false };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set(kind === 'silence' ? { silenced_until: null } : { suspended_until: null })
      .where('id', '=', userId)
      .execute();
    await recordModeration(
      trx,
      {
        actorId: moderator.id,
        action: kind === 'silence' ? 'user.unsilence' : 'user.unsuspend',
        targetUserId: userId,
        reason: cleanReason(reason),
        data: { was: current },
      },
      now,
    );
  });
  return { ok: true, changed: true };
}

/** A user's sanctions, newest first (keyset on id), for the user's moderation page. */
export async function listSanctions(
  db: Db,
  viewer: SessionUser | null,
  userId: number,
  options: { before?: number; limit?: number } = {},
) {
  requirePermission(viewer, 'moderation');
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  let query = db
    .selectFrom('user_sanctions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  const rows = await query.execute();
  const sanctions = rows.slice(0, limit).map((s) => ({
    id: s.id,
    kind: s.kind,
    reason: s.reason,
    until: s.until,
    itemId: s.item_id,
    by: s.created_by,
    createdAt: s.created_at,
  }));
  return { sanctions, next: rows.length > limit ? sanctions.at(-1)!.id : null };
}
