// In-app notifications: a reply in a thread I watch (my own questions included), my answer
// accepted, someone @mentioning me. Written in the transaction of the post that causes them, but
// a reply's watchers are told in the background (./fanout.ts); read newest first by keyset on id.
// Nobody is told about their own actions, and one post tells a user one thing (a mention wins over
// a reply).
import type { Db } from '../db/index.ts';
import type { ModerationNotificationKind, NotificationKind } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { requireMember } from './policy.ts';

interface About {
  threadId: number;
  postId: number | null;
  actorId: number;
}

/** Tells these users (minus the actor) about a post. */
export async function notifyUsers(
  db: Db,
  userIds: readonly number[],
  kind: NotificationKind,
  about: About,
  now = Date.now(),
): Promise<void> {
  const recipients = [...new Set(userIds)].filter((id) => id !== about.actorId);
  if (!recipients.length) return;
  await db
    .insertInto('notifications')
    .values(
      recipients.map((user_id) => ({
        user_id,
        kind,
        thread_id: about.threadId,
        post_id: about.postId,
        actor_id: about.actorId,
        created_at: now,
      })),
    )
    .execute();
}

export interface ForumNotification {
  id: number;
  kind: NotificationKind;
  /** Null for a moderation notice about the user (warning, silence, suspension, trust level). */
  thread: { id: number; locale: string; slug: string; title: string } | null;
  /** A moderation notice's reason: the moderator's words, or a flag reason code for `mod.flaggedHidden`. */
  reason: string | null;
  postNumber: number | null;
  actor: { id: number; name: string } | null;
  createdAt: number;
  read: boolean;
}

/** Every moderation notice kind (the UI renders `forum.notifications.<kind>`). */
export const MODERATION_NOTIFICATION_KINDS: readonly ModerationNotificationKind[] = [
  'mod.flaggedHidden',
  'mod.held',
  'mod.approved',
  'mod.hidden',
  'mod.deleted',
  'mod.restored',
  'mod.edited',
  'mod.warned',
  'mod.silenced',
  'mod.suspended',
  'mod.trustLevel',
];
export const isModerationKind = (kind: string): kind is ModerationNotificationKind =>
  (MODERATION_NOTIFICATION_KINDS as readonly string[]).includes(kind);

function visibleNotifications(db: Db, userId: number) {
  return db
    .selectFrom('notifications')
    .leftJoin('threads', 'threads.id', 'notifications.thread_id')
    .leftJoin('posts', 'posts.id', 'notifications.post_id')
    .where('notifications.user_id', '=', userId)
    .where((eb) =>
      eb.or([
        // Moderation notices are about the user's own content: shown even when it is hidden or deleted.
        eb('notifications.kind', 'in', [...MODERATION_NOTIFICATION_KINDS]),
        eb.and([
          eb('threads.id', 'is not', null),
          eb('threads.hidden_at', 'is', null),
          eb('threads.deleted_at', 'is', null),
          eb('posts.hidden_at', 'is', null),
          eb('posts.deleted_at', 'is', null),
        ]),
      ]),
    );
}

/** The user's notifications, newest first; `before` is the last id of the previous page. */
export async function listNotifications(
  db: Db,
  actor: SessionUser | null,
  options: { before?: number; limit?: number; unreadOnly?: boolean } = {},
): Promise<{ notifications: ForumNotification[]; next: number | null }> {
  const user = requireMember(actor);
  const limit = Math.min(Math.max(options.limit ?? 30, 1), 100);
  let query = visibleNotifications(db, user.id)
    .leftJoin('users as actor', 'actor.id', 'notifications.actor_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.created_at',
      'notifications.read_at',
      'notifications.reason',
      'notifications.actor_id',
      'actor.display_name as actor_name',
      'threads.id as thread_id',
      'threads.locale',
      'threads.slug',
      'threads.title',
      'posts.number',
    ])
    .orderBy('notifications.id', 'desc')
    .limit(limit + 1);
  if (options.before !== undefined) query = query.where('notifications.id', '<', options.before);
  if (options.unreadOnly) query = query.where('notifications.read_at', 'is', null);
  const rows = await query.execute();
  const notifications = rows.slice(0, limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    thread:
      r.thread_id !== null && r.locale !== null && r.slug !== null && r.title !== null
        ? { id: r.thread_id, locale: r.locale, slug: r.slug, title: r.title }
        : null,
    reason: r.reason,
    postNumber: r.number ?? null,
    actor: r.actor_id !== null ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
    createdAt: r.created_at,
    read: r.read_at !== null,
  }));
  return { notifications, next: rows.length > limit ? notifications.at(-1)!.id : null };
}

/**
 * The notifications page: one page of the user's notifications, newest first, from `?before=<id>`
 * (anything but an id is the first page). Shown on a GET, the unread ones are marked read, yet they
 * keep `read: false` here so the page still marks them as new.
 */
export async function notificationsPage(
  db: Db,
  actor: SessionUser | null,
  beforeParam: string | null,
  markShown: boolean,
) {
  const before = beforeParam && /^\d{1,15}$/.test(beforeParam) ? Number(beforeParam) : undefined;
  const { notifications, next } = await listNotifications(db, actor, before === undefined ? {} : { before });
  const unread = notifications.filter((n) => !n.read).map((n) => n.id);
  if (markShown && unread.length) await markNotificationsRead(db, actor, unread);
  return { notifications, next, before };
}

/** Shown as "99+" beyond this: the count reads at most this many index entries. */
export const UNREAD_CAP = 100;

/** Unread notifications of a signed-in user, counted up to UNREAD_CAP. */
export async function unreadNotificationCount(db: Db, userId: number): Promise<number> {
  const capped = visibleNotifications(db, userId)
    .where('notifications.read_at', 'is', null)
    .select('notifications.id')
    .limit(UNREAD_CAP);
  const row = await db
    .selectFrom(capped.as('unread'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the given notifications read, or all of them when `ids` is left out. Only the user's own. */
export async function markNotificationsRead(
  db: Db,
  actor: SessionUser | null,
  ids?: readonly number[],
  now = Date.now(),
): Promise<number> {
  const user = requireMember(actor);
  if (ids && !ids.length) return 0;
  let query = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', user.id)
    .where('read_at', 'is', null);
  if (ids) query = query.where('id', 'in', [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Opening a thread reads what it had to say to this user. */
export async function markThreadNotificationsRead(
  db: Db,
  userId: number,
  threadId: number,
  now = Date.now(),
): Promise<void> {
  // Read first: this runs on every signed-in view of a thread, and an UPDATE that finds nothing
  // still takes SQLite's write lock, which every other process of the site then waits for.
  const unread = await db
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', userId)
    .where('thread_id', '=', threadId)
    .where('read_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!unread) return;
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('thread_id', '=', threadId)
    .where('read_at', 'is', null)
    .execute();
}
