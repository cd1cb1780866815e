// Telling a thread's watchers about a reply, in the background. The reply's transaction writes one
// small row (`notification_fanouts`) however many watch, so a reply to a thread with 10,000
// watchers answers as fast as one with none; the worker of `npm start` (src/cli/serve-site.ts)
// expands the row into the watchers' notifications with one INSERT … SELECT and deletes it, in one
// transaction. So nothing is lost (the row commits with the reply) and nothing is told twice (a
// second worker cannot take a row another holds, and a worker that dies mid-way rolls both back).
import { sql } from 'kysely';
import { idClaimable, type Db } from '../db/index.ts';

export interface Reply {
  threadId: number;
  postId: number;
  actorId: number;
}

/** In the reply's transaction: the watchers will be told; `except` (those it mentions) heard already. */
export async function queueWatcherNotifications(
  trx: Db,
  reply: Reply,
  except: readonly number[],
  now = Date.now(),
): Promise<void> {
  await trx
    .insertInto('notification_fanouts')
    .values({
      thread_id: reply.threadId,
      post_id: reply.postId,
      actor_id: reply.actorId,
      skip_user_ids: JSON.stringify([...new Set(except)]),
      created_at: now,
    })
    .execute();
}

export interface ExpandOptions {
  /** Replies expanded per transaction at most. */
  replies?: number;
  /** After this many notifications the transaction ends (one reply is always expanded whole). */
  notifications?: number;
}

/**
 * One transaction of the worker's round: takes queued replies one by one, oldest first, and writes
 * their watchers' notifications, until `replies` were taken or `notifications` written (bounds how
 * long SQLite's write lock is held). Returns how many replies it took (0: nothing queued).
 */
export async function expandNotificationFanouts(db: Db, options: ExpandOptions = {}): Promise<number> {
  const maxReplies = options.replies ?? 50;
  const maxNotifications = options.notifications ?? 1_000;
  // A read first: this runs every second in every process, and a write transaction that finds
  // nothing still takes SQLite's write lock, which requests would wait for.
  const any = await db.selectFrom('notification_fanouts').select('id').limit(1).execute();
  if (!any.length) return 0;
  return db.transaction().execute(async (trx) => {
    let replies = 0;
    let written = 0;
    while (replies < maxReplies && written < maxNotifications) {
      // Deleted as it is taken: the delete commits with the notifications or not at all. Two
      // workers take different rows (SKIP LOCKED on Postgres; SQLite's write lock).
      const next = trx.selectFrom('notification_fanouts').select('id').orderBy('id').limit(1);
      const taken = await trx
        .deleteFrom('notification_fanouts')
        .where(idClaimable(db, next))
        .returningAll()
        .executeTakeFirst();
      if (!taken) break;
      replies++;
      written += await notifyWatchers(
        trx,
        { threadId: taken.thread_id, postId: taken.post_id, actorId: taken.actor_id },
        JSON.parse(taken.skip_user_ids) as number[],
        taken.created_at,
      );
    }
    return replies;
  });
}

/**
 * The watchers' notifications of one reply, in one statement however many watch; none when the
 * reply or its thread was hidden or deleted before it was expanded (a moderator took it out of
 * view: its news would only point at nothing). Notifications carry the reply's time.
 */
async function notifyWatchers(trx: Db, reply: Reply, except: readonly number[], at: number): Promise<number> {
  const inView = await trx
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select('posts.id')
    .where('posts.id', '=', reply.postId)
    .where('posts.hidden_at', 'is', null)
    .where('posts.deleted_at', 'is', null)
    .where('threads.hidden_at', 'is', null)
    .where('threads.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!inView) return 0;
  let watchers = trx
    .selectFrom('thread_watches')
    .select([
      'thread_watches.user_id',
      sql.lit('reply').as('kind'),
      'thread_watches.thread_id',
      sql.lit(reply.postId).as('post_id'),
      sql.lit(reply.actorId).as('actor_id'),
      sql.lit(at).as('created_at'),
    ])
    .where('thread_watches.thread_id', '=', reply.threadId)
    .where('thread_watches.user_id', '!=', reply.actorId);
  if (except.length) watchers = watchers.where('thread_watches.user_id', 'not in', [...except]);
  const result = await trx
    .insertInto('notifications')
    .columns(['user_id', 'kind', 'thread_id', 'post_id', 'actor_id', 'created_at'])
    .expression(watchers)
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
