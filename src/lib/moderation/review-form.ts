// The review queue's form: one POST names an operation (`op`) and the item, and this module turns
// it into one call of the queue, claim or sanction functions. The page reads the form and renders
// the outcome; everything that decides lives here (and in the functions it calls), so the same
// rules hold for a keyboard shortcut, a plain form post and a test.
//
// Sanctions on the author are taken from an item: they obey its claim like the content actions
// do (another moderator's claim refuses them), and they land in the item's history.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { mayModerate, requirePermission } from '../auth/authorize.ts';
import type { FormNotice } from '../http/form-answer.ts';
import { refuse, type ModerationOutcome } from '../outcome.ts';
import { ACCOUNT_ACTIONS, MODERATION_ACTIONS, SYSTEM_ACTIONS, type AuditAction, type AuditFilters } from './audit.ts';
import { claimedByOther } from './review-items.ts';
import {
  approveItem,
  claimReviewItem,
  deleteItemPost,
  dismissFlags,
  editItemPost,
  hideItemPost,
  restoreItemPost,
  unclaimReviewItem,
} from './queue.ts';
import { SANCTION_DURATIONS, silenceUser, suspendUser, warnUser, type SanctionDuration } from './sanctions.ts';

export const REVIEW_OPS = [
  'claim',
  'unclaim',
  'approve',
  'dismiss',
  'hide',
  'delete',
  'restore',
  'edit',
  'warn',
  'silence',
  'suspend',
] as const;
export type ReviewOp = (typeof REVIEW_OPS)[number];

export function isReviewOp(value: unknown): value is ReviewOp {
  return typeof value === 'string' && (REVIEW_OPS as readonly string[]).includes(value);
}

/** The notice `?done=<op>` names after an operation; anything else in the address names none. */
export function reviewNotice(done: string): FormNotice | undefined {
  return isReviewOp(done) ? { kind: 'success', key: `mod.queue.done.${done}` } : undefined;
}

/** Runs the operation a queue form names. Fields: op, item, reason, body, title, duration. */
export async function runReviewForm(
  db: Db,
  actor: SessionUser | null,
  fields: Record<string, string | undefined>,
  now = Date.now(),
): Promise<ModerationOutcome<{ op: ReviewOp; itemId: number }>> {
  const user = requirePermission(actor, 'moderation');
  const op = fields.op;
  const itemId = /^\d{1,12}$/.test(fields.item ?? '') ? Number(fields.item) : 0;
  if (!isReviewOp(op) || itemId <= 0) return refuse('invalidInput');
  const reason = (fields.reason ?? '').trim() || null;
  const target = { itemId };
  const done = <T extends object>(
    outcome: ModerationOutcome<T>,
  ): ModerationOutcome<{ op: ReviewOp; itemId: number }> => (outcome.ok ? { ok: true, op, itemId } : outcome);
  switch (op) {
    case 'claim':
      return done(await claimReviewItem(db, user, itemId, now));
    case 'unclaim':
      return done(await unclaimReviewItem(db, user, itemId, now));
    case 'approve':
      return done(await approveItem(db, user, target, reason, now));
    case 'dismiss':
      return done(await dismissFlags(db, user, target, reason, now));
    case 'hide':
      return done(await hideItemPost(db, user, target, reason, now));
    case 'delete':
      return done(await deleteItemPost(db, user, target, reason, now));
    case 'restore':
      return done(await restoreItemPost(db, user, target, reason, now));
    case 'edit':
      return done(
        await editItemPost(
          db,
          user,
          target,
          {
            body: fields.body ?? '',
            ...(fields.title !== undefined ? { title: fields.title } : {}),
            reason: reason ?? '',
          },
          now,
        ),
      );
    case 'warn':
    case 'silence':
    case 'suspend': {
      const item = await db
        .selectFrom('review_items')
        .leftJoin('users', 'users.id', 'review_items.author_id')
        .select([
          'review_items.author_id',
          'review_items.claimed_by',
          'review_items.claimed_until',
          'users.role as author_role',
        ])
        .where('review_items.id', '=', itemId)
        .executeTakeFirst();
      if (!item) return refuse('notFound');
      if (claimedByOther(item, user.id, now)) return refuse('claimed');
      // The sanction functions throw on a staff author; from this form it is a refusal the page
      // explains (403 staffAccount), as the user record page does for the trust level.
      if (item.author_role && !mayModerate(user, { id: item.author_id, role: item.author_role }))
        return refuse('staffAccount');
      if (!reason) return refuse('reasonRequired');
      if (op === 'warn') return done(await warnUser(db, user, item.author_id, { reason, itemId }, now));
      const duration = fields.duration as SanctionDuration;
      if (!(SANCTION_DURATIONS as readonly string[]).includes(duration ?? '')) return refuse('invalidInput');
      const sanction = op === 'silence' ? silenceUser : suspendUser;
      return done(await sanction(db, user, item.author_id, { reason, duration, itemId }, now));
    }
  }
}

/** Moderators and admins, for the audit log's "who" filter. */
export async function staffMembers(db: Db, viewer: SessionUser | null): Promise<{ id: number; name: string }[]> {
  requirePermission(viewer, 'moderation');
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('role', 'in', ['moderator', 'admin'])
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** The audit log's filters from a URL (?actor=&action=&user=&item=&before=); anything malformed is ignored. */
export function readAuditQuery(params: URLSearchParams): AuditFilters {
  const id = (name: string) => {
    const value = params.get(name) ?? '';
    return /^\d{1,12}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
  };
  const action = params.get('action') ?? '';
  const filters: AuditFilters = {};
  const actorId = id('actor');
  const userId = id('user');
  const itemId = id('item');
  const before = id('before');
  if (actorId !== undefined) filters.actorId = actorId;
  if ((AUDIT_ACTIONS as readonly string[]).includes(action)) filters.action = action;
  if (userId !== undefined) filters.userId = userId;
  if (itemId !== undefined) filters.itemId = itemId;
  if (before !== undefined) filters.before = before;
  return filters;
}

/** Every action the log can hold, staff actions first. */
export const AUDIT_ACTIONS: readonly AuditAction[] = [...MODERATION_ACTIONS, ...SYSTEM_ACTIONS, ...ACCOUNT_ACTIONS];
