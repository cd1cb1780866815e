// What moderation (and an author deleting their own words) does to a thread or a reply, as steps
// inside the caller's transaction: hide, unhide, delete, restore — one table of the columns each
// writes, for threads and posts alike — and for a whole thread also lock and pin. Each step
// changes a row only if it is not already so, keeps counters, answer mark and search entry in
// step, logs one forum event, and says whether anything changed. The commands around them
// (threads.ts, posts.ts, moderation/queue.ts, moderation/flags.ts) authorize, open the
// transaction and put staff actions on the moderation record.
import { sql, type Expression, type RawBuilder, type SqlBool, type UpdateObject } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database, ThreadState } from '../db/schema.ts';
import { clearAcceptedAnswer } from './answers.ts';
import { logForumEvent } from './events.ts';
import { indexPost, unindexPost } from './search-index.ts';

type Visibility = 'hide' | 'unhide' | 'delete' | 'restore';
/** The same on threads and posts. */
interface VisibilityColumns {
  hidden_at?: number | null;
  hidden_by?: number | null;
  hidden_reason?: string | null;
  held_at?: number | null;
  deleted_at?: number | null;
  deleted_by?: number | null;
}
interface Change<Columns = VisibilityColumns> {
  set: (actorId: number | null, reason: string | null, now: number) => Columns;
  /** Only rows not already so change. */
  applies: Expression<SqlBool>;
}

const published = { hidden_at: null, hidden_by: null, hidden_reason: null, held_at: null } as const;

/**
 * The columns a change writes on a thread or a post, and the rows it applies to (those not already
 * so). `unhide` also ends a hold (approval); `restore` brings back a deleted, hidden or held row.
 */
const VISIBILITY: Record<Visibility, Change> = {
  hide: {
    set: (actorId, reason, now) => ({ hidden_at: now, hidden_by: actorId, hidden_reason: reason }),
    applies: sql<SqlBool>`hidden_at IS NULL`,
  },
  unhide: { set: () => published, applies: sql<SqlBool>`hidden_at IS NOT NULL` },
  delete: {
    set: (actorId, _reason, now) => ({ deleted_at: now, deleted_by: actorId }),
    applies: sql<SqlBool>`deleted_at IS NULL`,
  },
  restore: {
    set: () => ({ ...published, deleted_at: null, deleted_by: null }),
    applies: sql<SqlBool>`(hidden_at IS NOT NULL OR deleted_at IS NOT NULL OR held_at IS NOT NULL)`,
  },
};

/**
 * What anonymous readers see of the rows these changes write: a thread or post neither hidden,
 * deleted nor held for approval (a held row is hidden too; `held_at` says so again, so no row
 * written otherwise slips through). `table` is the table's name or alias in the query. The first
 * two terms are those of the forum's partial indexes, so SQLite still uses them.
 */
export function publiclyVisible(table: 'threads' | 'posts' | (string & {})): RawBuilder<SqlBool> {
  const column = (name: keyof VisibilityColumns) => sql.ref(`${table}.${name}`);
  return sql<SqlBool>`(${column('hidden_at')} IS NULL AND ${column('deleted_at')} IS NULL AND ${column('held_at')} IS NULL)`;
}

/** `post.hide`, `thread.hide` → the `hide` row. */
const visibilityOf = (action: PostChange | ThreadChange) => VISIBILITY[action.split('.')[1] as Visibility];

// ---------------------------------------------------------------------------------------------
// Replies

/** The post with its thread's state, for code that acts on it inside its own transaction. */
export async function loadPost(db: Db, postId: number) {
  return db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select([
      'posts.id',
      'posts.thread_id',
      'posts.number',
      'posts.author_id',
      'posts.source',
      'posts.revision_count',
      'posts.accepted_at',
      'posts.hidden_at',
      'posts.deleted_at',
      'posts.held_at',
      'posts.created_at',
      'threads.locale',
      'threads.title',
      'threads.state',
      'threads.accepted_post_id',
      'threads.hidden_at as thread_hidden_at',
      'threads.deleted_at as thread_deleted_at',
      'threads.slow_mode_minutes',
    ])
    .where('posts.id', '=', postId)
    .executeTakeFirst();
}

export type PostRow = NonNullable<Awaited<ReturnType<typeof loadPost>>>;
export type PostChange = 'post.hide' | 'post.unhide' | 'post.delete' | 'post.restore';

/** After a reply disappears or comes back, the thread's "last activity" follows its last visible post. */
async function refreshLastPost(db: Db, threadId: number): Promise<void> {
  const last = await db
    .selectFrom('posts')
    .select(['created_at', 'author_id'])
    .where('thread_id', '=', threadId)
    .where('hidden_at', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last)
    await db
      .updateTable('threads')
      .set({ last_post_at: last.created_at, last_poster_id: last.author_id })
      .where('id', '=', threadId)
      .execute();
}

/**
 * Applies a visibility change to a reply: counters, answer mark, search entry, forum log.
 * `actorId` null is the system (flags reached the threshold, a held edit).
 */
export async function applyReplyChange(
  trx: Db,
  actorId: number | null,
  post: PostRow,
  action: PostChange,
  reason: string | null,
  now: number,
): Promise<boolean> {
  const wasVisible = post.hidden_at === null && post.deleted_at === null && post.held_at === null;
  const change = visibilityOf(action);
  const result = await trx
    .updateTable('posts')
    .set(change.set(actorId, reason, now))
    .where('id', '=', post.id)
    .where(change.applies)
    .executeTakeFirst();
  if (!Number(result.numUpdatedRows)) return false;
  const isVisible = action === 'post.restore' || (action === 'post.unhide' && post.deleted_at === null);
  if (wasVisible !== isVisible) {
    await trx
      .updateTable('threads')
      .set((eb) => ({ reply_count: eb('reply_count', '+', isVisible ? 1 : -1) }))
      .where('id', '=', post.thread_id)
      .execute();
    await refreshLastPost(trx, post.thread_id);
  }
  if (isVisible) {
    const current = await trx.selectFrom('posts').select('html').where('id', '=', post.id).executeTakeFirstOrThrow();
    await indexPost(trx, { id: post.id, locale: post.locale, title: null, html: current.html });
  } else {
    await unindexPost(trx, post.id);
  }
  await logForumEvent(
    trx,
    { actorId, action, threadId: post.thread_id, postId: post.id, subjectUserId: post.author_id, reason },
    now,
  );
  // An answer nobody can read is no answer: the thread is open again.
  if (!isVisible && post.accepted_post_id === post.id)
    await clearAcceptedAnswer(trx, post.thread_id, actorId, reason, now);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Threads

export type ThreadChange =
  | 'thread.hide'
  | 'thread.unhide'
  | 'thread.delete'
  | 'thread.restore'
  | 'thread.lock'
  | 'thread.unlock'
  | 'thread.pin'
  | 'thread.unpin';

const THREAD_STATE: Partial<Record<ThreadChange, Change<UpdateObject<Database, 'threads'>>>> = {
  'thread.lock': { set: () => ({ state: 'locked' }), applies: sql<SqlBool>`state != 'locked'` },
  'thread.unlock': {
    set: () => ({ state: sql<ThreadState>`CASE WHEN accepted_post_id IS NULL THEN 'open' ELSE 'solved' END` }),
    applies: sql<SqlBool>`state = 'locked'`,
  },
  'thread.pin': { set: () => ({ pinned: 1 }), applies: sql<SqlBool>`pinned = 0` },
  'thread.unpin': { set: () => ({ pinned: 0 }), applies: sql<SqlBool>`pinned = 1` },
};

/**
 * Applies a change to a whole thread and logs it; false when the thread already was so.
 * `thread.unhide` also ends a hold (approval of a held question); `thread.restore` brings back a
 * deleted, hidden or held thread. `actorId` null is the system.
 */
export async function applyThreadChange(
  trx: Db,
  actorId: number | null,
  threadId: number,
  action: ThreadChange,
  reason: string | null,
  now: number,
): Promise<boolean> {
  const thread = await trx.selectFrom('threads').select(['author_id']).where('id', '=', threadId).executeTakeFirst();
  if (!thread) return false;
  const change = THREAD_STATE[action] ?? visibilityOf(action);
  const result = await trx
    .updateTable('threads')
    .set(change.set(actorId, reason, now))
    .where('id', '=', threadId)
    .where(change.applies)
    .executeTakeFirst();
  if (!Number(result.numUpdatedRows)) return false;
  if (action === 'thread.unhide' || action === 'thread.restore') await publishHeldQuestion(trx, threadId);
  await logForumEvent(trx, { actorId, action, threadId, subjectUserId: thread.author_id, reason }, now);
  return true;
}

/** A held question's first post was held with its thread; it is published (and indexed) with it. */
async function publishHeldQuestion(trx: Db, threadId: number): Promise<void> {
  await trx
    .updateTable('posts')
    .set(published)
    .where('thread_id', '=', threadId)
    .where('number', '=', 1)
    .where('held_at', 'is not', null)
    .execute();
  const first = await trx
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select(['posts.id', 'posts.html', 'posts.hidden_at', 'threads.locale', 'threads.title'])
    .where('posts.thread_id', '=', threadId)
    .where('posts.number', '=', 1)
    .executeTakeFirst();
  if (first && first.hidden_at === null)
    await indexPost(trx, { id: first.id, locale: first.locale, title: first.title, html: first.html });
}
