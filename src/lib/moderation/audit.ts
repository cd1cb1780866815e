// The moderation audit log: every staff action (and the few the system takes on its own, such as
// hiding a post that reached its flag threshold) as one row, who / what / on what / when / why.
// Append-only: this module has no update or delete, and on SQLite two triggers refuse both.
// Callers write the row in the transaction of the action itself (`recordModeration(trx, …)`),
// so an action without its record cannot be committed. Users hear about actions on their
// content through notices (`notifyUser`) carrying the moderator's reason.
import type { Db } from '../db/index.ts';
import type { ModerationNotificationKind } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';
import { toCsv } from '../analytics/csv.ts';

/** Every action a moderator or admin can take; each leaves exactly one audit row. */
export const MODERATION_ACTIONS = [
  'item.claim',
  'item.unclaim',
  'item.approve',
  'item.dismiss',
  'post.hide',
  'post.delete',
  'post.restore',
  'post.edit',
  'thread.hide',
  'thread.delete',
  'thread.restore',
  'thread.lock',
  'thread.unlock',
  'thread.pin',
  'thread.unpin',
  'thread.move',
  'thread.slowMode',
  'thread.duplicate',
  'user.warn',
  'user.silence',
  'user.suspend',
  'user.unsilence',
  'user.unsuspend',
  'user.trustLevel',
  'words.add',
  'words.remove',
  'words.import',
  'settings.update',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** What the system records on its own (actor null). */
export const SYSTEM_ACTIONS = ['system.flagHide', 'system.hold', 'system.promote'] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/**
 * What members do to their own account's security (actor: the member) or, for `twoFactor.reset`,
 * an operator does from the command line (actor null). Kept here so staff see them beside the rest.
 */
export const ACCOUNT_ACTIONS = [
  'twoFactor.enable',
  'twoFactor.disable',
  'twoFactor.recoveryCodeUsed',
  'twoFactor.recoveryCodesRenewed',
  'twoFactor.reset',
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export type AuditAction = ModerationAction | SystemAction | AccountAction;

export interface AuditInput {
  /** Null: the system acted. */
  actorId: number | null;
  action: AuditAction;
  targetUserId?: number | null;
  threadId?: number | null;
  postId?: number | null;
  itemId?: number | null;
  reason?: string | null;
  data?: Record<string, unknown> | null;
}

/** Appends one audit row. Call it with the transaction that performs the action. */
export async function recordModeration(trx: Db, entry: AuditInput, now = Date.now()): Promise<void> {
  await trx
    .insertInto('moderation_audit')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_user_id: entry.targetUserId ?? null,
      thread_id: entry.threadId ?? null,
      post_id: entry.postId ?? null,
      item_id: entry.itemId ?? null,
      reason: entry.reason ?? null,
      data: entry.data ? JSON.stringify(entry.data) : null,
      created_at: now,
    })
    .execute();
}

/**
 * A moderation notice to a user: the kind says what happened (localized by the UI under
 * `moderation.notice.<kind>`), `reason` is the moderator's words or a flag reason code.
 */
export async function notifyUser(
  trx: Db,
  userId: number,
  kind: ModerationNotificationKind,
  about: { threadId?: number | null; postId?: number | null; actorId?: number | null; reason?: string | null },
  now = Date.now(),
): Promise<void> {
  if (about.actorId !== undefined && about.actorId === userId) return;
  await trx
    .insertInto('notifications')
    .values({
      user_id: userId,
      kind,
      thread_id: about.threadId ?? null,
      post_id: about.postId ?? null,
      actor_id: about.actorId ?? null,
      reason: about.reason ?? null,
      created_at: now,
    })
    .execute();
}

export interface AuditEntry {
  id: number;
  action: string;
  actor: { id: number; name: string } | null;
  targetUser: { id: number; name: string } | null;
  threadId: number | null;
  postId: number | null;
  itemId: number | null;
  reason: string | null;
  data: Record<string, unknown> | null;
  createdAt: number;
}

export interface AuditFilters {
  actorId?: number;
  action?: string;
  /** The user acted upon. */
  userId?: number;
  itemId?: number;
  /** Keyset: the last id of the previous page. */
  before?: number;
  limit?: number;
}

function auditQuery(db: Db, filters: AuditFilters) {
  let query = db
    .selectFrom('moderation_audit as a')
    .leftJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('users as target', 'target.id', 'a.target_user_id')
    .select([
      'a.id',
      'a.action',
      'a.actor_id',
      'actor.display_name as actor_name',
      'a.target_user_id',
      'target.display_name as target_name',
      'a.thread_id',
      'a.post_id',
      'a.item_id',
      'a.reason',
      'a.data',
      'a.created_at',
    ])
    .orderBy('a.id', 'desc');
  if (filters.actorId !== undefined) query = query.where('a.actor_id', '=', filters.actorId);
  if (filters.action !== undefined) query = query.where('a.action', '=', filters.action);
  if (filters.userId !== undefined) query = query.where('a.target_user_id', '=', filters.userId);
  if (filters.itemId !== undefined) query = query.where('a.item_id', '=', filters.itemId);
  if (filters.before !== undefined) query = query.where('a.id', '<', filters.before);
  return query;
}

type AuditRow = Awaited<ReturnType<ReturnType<typeof auditQuery>['execute']>>[number];
const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  action: r.action,
  actor: r.actor_id !== null ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  targetUser: r.target_user_id !== null ? { id: r.target_user_id, name: r.target_name ?? '' } : null,
  threadId: r.thread_id,
  postId: r.post_id,
  itemId: r.item_id,
  reason: r.reason,
  data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
  createdAt: r.created_at,
});

/** The log, newest first, for moderators; filter by moderator, action, user or review item. */
export async function listAudit(
  db: Db,
  viewer: SessionUser | null,
  filters: AuditFilters = {},
): Promise<{ entries: AuditEntry[]; next: number | null }> {
  requirePermission(viewer, 'moderation');
  const limit = Math.min(Math.max(filters.limit ?? 50, 1), 200);
  const rows = await auditQuery(db, filters)
    .limit(limit + 1)
    .execute();
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, next: rows.length > limit ? entries.at(-1)!.id : null };
}

/** At most this many rows in one CSV download. */
export const AUDIT_CSV_MAX = 50_000;

/** The filtered log as CSV (UTF-8 with BOM, formula-looking cells defused); times in ISO UTC. */
export async function auditCsv(
  db: Db,
  viewer: SessionUser | null,
  filters: Omit<AuditFilters, 'before' | 'limit'> = {},
): Promise<string> {
  requirePermission(viewer, 'moderation');
  const rows = (await auditQuery(db, filters).limit(AUDIT_CSV_MAX).execute()).map(toEntry);
  return toCsv(
    [
      'id',
      'time',
      'action',
      'actor_id',
      'actor',
      'user_id',
      'user',
      'thread_id',
      'post_id',
      'item_id',
      'reason',
      'data',
    ],
    rows.map((e) => [
      e.id,
      new Date(e.createdAt).toISOString(),
      e.action,
      e.actor?.id,
      e.actor?.name ?? 'system',
      e.targetUser?.id,
      e.targetUser?.name,
      e.threadId,
      e.postId,
      e.itemId,
      e.reason,
      e.data ? JSON.stringify(e.data) : null,
    ]),
  );
}
