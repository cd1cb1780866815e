// The forum's state-change log: who did what to which thread or post, when and why. Written in
// the same transaction as the change it records, so the log and the data never disagree.
// Creating threads and posts is not logged (the rows say who and when); everything after is.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';

export type ForumAction =
  | 'post.edit'
  | 'post.hide'
  | 'post.unhide'
  | 'post.delete'
  | 'post.restore'
  | 'thread.restore'
  | 'thread.move'
  | 'thread.slowMode'
  | 'thread.duplicate'
  | 'thread.hide'
  | 'thread.unhide'
  | 'thread.delete'
  | 'thread.lock'
  | 'thread.unlock'
  | 'thread.pin'
  | 'thread.unpin'
  | 'answer.accept'
  | 'answer.unaccept';

export interface ForumEventInput {
  actorId: number | null;
  action: ForumAction;
  threadId?: number | null;
  postId?: number | null;
  /** The user the change is about (the post's author), for a per-user history. */
  subjectUserId?: number | null;
  reason?: string | null;
  data?: Record<string, unknown> | null;
}

export async function logForumEvent(db: Db, event: ForumEventInput, now = Date.now()): Promise<void> {
  await db
    .insertInto('forum_events')
    .values({
      actor_id: event.actorId,
      action: event.action,
      thread_id: event.threadId ?? null,
      post_id: event.postId ?? null,
      subject_user_id: event.subjectUserId ?? null,
      reason: event.reason ?? null,
      data: event.data ? JSON.stringify(event.data) : null,
      created_at: now,
    })
    .execute();
}

export interface ForumEvent {
  id: number;
  action: string;
  actor: { id: number; name: string } | null;
  threadId: number | null;
  postId: number | null;
  subjectUserId: number | null;
  reason: string | null;
  data: Record<string, unknown> | null;
  createdAt: number;
}

/** The log, newest first, for moderators; keyset by id (`before`). */
export async function listForumEvents(
  db: Db,
  viewer: SessionUser | null,
  options: { threadId?: number; before?: number; limit?: number } = {},
): Promise<{ events: ForumEvent[]; next: number | null }> {
  requirePermission(viewer, 'moderation');
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  let query = db
    .selectFrom('forum_events')
    .leftJoin('users', 'users.id', 'forum_events.actor_id')
    .select([
      'forum_events.id',
      'forum_events.action',
      'forum_events.actor_id',
      'users.display_name',
      'forum_events.thread_id',
      'forum_events.post_id',
      'forum_events.subject_user_id',
      'forum_events.reason',
      'forum_events.data',
      'forum_events.created_at',
    ])
    .orderBy('forum_events.id', 'desc')
    .limit(limit + 1);
  if (options.threadId !== undefined) query = query.where('forum_events.thread_id', '=', options.threadId);
  if (options.before !== undefined) query = query.where('forum_events.id', '<', options.before);
  const rows = await query.execute();
  const events = rows.slice(0, limit).map((r) => ({
    id: r.id,
    action: r.action,
    actor: r.actor_id !== null ? { id: r.actor_id, name: r.display_name ?? '' } : null,
    threadId: r.thread_id,
    postId: r.post_id,
    subjectUserId: r.subject_user_id,
    reason: r.reason,
    data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
    createdAt: r.created_at,
  }));
  return { events, next: rows.length > limit ? events.at(-1)!.id : null };
}
