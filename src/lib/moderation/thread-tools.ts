// Thread tools for moderators: lock, unlock, pin, unpin, move to another category, slow mode
// (one post per N minutes per user, enforced in the reply path by gate.ts), and close as a
// duplicate of another thread (locks it and records the link, which the thread page shows).
// Each change is one transaction with its forum event and its audit row.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';
import { logForumEvent } from '../forum/events.ts';
import { cleanReason } from '../forum/policy.ts';
import { applyThreadChange } from '../forum/visibility.ts';
import { refuse, type Outcome } from '../outcome.ts';
import { recordModeration, type ModerationAction } from './audit.ts';

/** Slow-mode choices offered by the UI, in minutes (0 = off). Any whole number up to a day is accepted. */
export const SLOW_MODE_CHOICES = [0, 1, 5, 15, 60, 240, 1440] as const;

async function threadRow(db: Db, threadId: number) {
  return db
    .selectFrom('threads')
    .select(['id', 'author_id', 'category_id', 'slow_mode_minutes', 'duplicate_of', 'state', 'pinned'])
    .where('id', '=', threadId)
    .executeTakeFirst();
}

type Simple = 'thread.lock' | 'thread.unlock' | 'thread.pin' | 'thread.unpin';

async function simple(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  action: Simple,
  reason: string | null | undefined,
  now: number,
): Promise<Outcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const thread = await threadRow(db, threadId);
  if (!thread) return refuse('notFound');
  const why = cleanReason(reason);
  return db.transaction().execute(async (trx) => {
    const changed = await applyThreadChange(trx, user.id, threadId, action, why, now);
    await recordModeration(
      trx,
      { actorId: user.id, action, targetUserId: thread.author_id, threadId, reason: why, data: { changed } },
      now,
    );
    return { ok: true as const, changed };
  });
}

export const lockThread = (
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null = null,
  now = Date.now(),
) => simple(db, actor, threadId, 'thread.lock', reason, now);
export const unlockThread = (
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null = null,
  now = Date.now(),
) => simple(db, actor, threadId, 'thread.unlock', reason, now);
export const pinThread = (
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null = null,
  now = Date.now(),
) => simple(db, actor, threadId, 'thread.pin', reason, now);
export const unpinThread = (
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null = null,
  now = Date.now(),
) => simple(db, actor, threadId, 'thread.unpin', reason, now);

async function update(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  action: Extract<ModerationAction, 'thread.move' | 'thread.slowMode' | 'thread.duplicate'>,
  reason: string | null | undefined,
  now: number,
  apply: (
    trx: Db,
    thread: NonNullable<Awaited<ReturnType<typeof threadRow>>>,
  ) => Promise<Record<string, unknown> | null>,
): Promise<Outcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const thread = await threadRow(db, threadId);
  if (!thread) return refuse('notFound');
  const why = cleanReason(reason);
  return db.transaction().execute(async (trx) => {
    const data = await apply(trx, thread);
    const changed = data !== null;
    if (changed)
      await logForumEvent(
        trx,
        { actorId: user.id, action, threadId, subjectUserId: thread.author_id, reason: why, data },
        now,
      );
    await recordModeration(
      trx,
      { actorId: user.id, action, targetUserId: thread.author_id, threadId, reason: why, data: { changed, ...data } },
      now,
    );
    return { ok: true as const, changed };
  });
}

/** Moves a thread to another category (same locale; lists follow at once). */
export async function moveThread(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  categoryId: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  requirePermission(actor, 'moderation');
  const category = await db.selectFrom('forum_categories').select('id').where('id', '=', categoryId).executeTakeFirst();
  if (!category) return refuse('invalidCategory');
  return update(db, actor, threadId, 'thread.move', reason, now, async (trx, thread) => {
    if (thread.category_id === categoryId) return null;
    await trx.updateTable('threads').set({ category_id: categoryId }).where('id', '=', threadId).execute();
    return { from: thread.category_id, to: categoryId };
  });
}

/** One post per `minutes` per user in this thread (0 turns it off). */
export async function setSlowMode(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  minutes: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  requirePermission(actor, 'moderation');
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) return refuse('invalidInput');
  return update(db, actor, threadId, 'thread.slowMode', reason, now, async (trx, thread) => {
    if (thread.slow_mode_minutes === minutes) return null;
    await trx.updateTable('threads').set({ slow_mode_minutes: minutes }).where('id', '=', threadId).execute();
    return { from: thread.slow_mode_minutes, to: minutes };
  });
}

/** Closes a thread as a duplicate of another (visible) one: records the link and locks it. */
export async function closeAsDuplicate(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  originalId: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  if (originalId === threadId) return refuse('invalidInput');
  const original = await db
    .selectFrom('threads')
    .select('id')
    .where('id', '=', originalId)
    .where('hidden_at', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!original) return refuse('notFound');
  return update(db, actor, threadId, 'thread.duplicate', reason, now, async (trx, thread) => {
    if (thread.duplicate_of === originalId && thread.state === 'locked') return null;
    await trx
      .updateTable('threads')
      .set({ duplicate_of: originalId, state: 'locked' })
      .where('id', '=', threadId)
      .execute();
    return { duplicateOf: originalId, lockedBy: user.id };
  });
}
