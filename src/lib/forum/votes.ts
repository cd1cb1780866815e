// Upvotes on posts: one per user and post (the primary key says so), never on one's own post.
// The post's vote_score (and, for the question, the thread's copy that lists show) changes in the
// same transaction as the vote row, and only when a row was really added or removed.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { requireMember, spendRateLimit, writeRestriction } from './policy.ts';
import { refuse, type Outcome } from '../outcome.ts';

/** Which of these posts the user has upvoted (the thread page's pressed buttons). */
export async function votedPosts(db: Db, userId: number, postIds: readonly number[]): Promise<Set<number>> {
  if (!postIds.length) return new Set();
  const rows = await db
    .selectFrom('post_votes')
    .select('post_id')
    .where('user_id', '=', userId)
    .where('post_id', 'in', [...postIds])
    .execute();
  return new Set(rows.map((r) => r.post_id));
}

async function votablePost(db: Db, postId: number) {
  return db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select(['posts.id', 'posts.number', 'posts.author_id', 'posts.thread_id'])
    .where('posts.id', '=', postId)
    .where('posts.hidden_at', 'is', null)
    .where('posts.deleted_at', 'is', null)
    .where('threads.hidden_at', 'is', null)
    .where('threads.deleted_at', 'is', null)
    .executeTakeFirst();
}

async function addToScore(
  db: Db,
  post: { id: number; number: number; thread_id: number },
  delta: 1 | -1,
): Promise<number> {
  const row = await db
    .updateTable('posts')
    .set((eb) => ({ vote_score: eb('vote_score', '+', delta) }))
    .where('id', '=', post.id)
    .returning('vote_score')
    .executeTakeFirstOrThrow();
  if (post.number === 1)
    await db
      .updateTable('threads')
      .set((eb) => ({ vote_score: eb('vote_score', '+', delta) }))
      .where('id', '=', post.thread_id)
      .execute();
  return row.vote_score;
}

export async function votePost(
  db: Db,
  actor: SessionUser | null,
  postId: number,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean; voteScore: number }>> {
  const user = requireMember(actor);
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  const post = await votablePost(db, postId);
  if (!post) return refuse('notFound');
  if (post.author_id === user.id) return refuse('ownPost');
  const limited = await spendRateLimit(db, user, 'vote', now);
  if (limited) return limited;
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('post_votes')
      .values({ post_id: post.id, user_id: user.id, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (!Number(inserted.numInsertedOrUpdatedRows)) {
      const current = await trx
        .selectFrom('posts')
        .select('vote_score')
        .where('id', '=', post.id)
        .executeTakeFirstOrThrow();
      return { ok: true as const, changed: false, voteScore: current.vote_score };
    }
    return { ok: true as const, changed: true, voteScore: await addToScore(trx, post, 1) };
  });
}

export async function unvotePost(
  db: Db,
  actor: SessionUser | null,
  postId: number,
): Promise<Outcome<{ changed: boolean; voteScore: number }>> {
  const user = requireMember(actor);
  const post = await votablePost(db, postId);
  if (!post) return refuse('notFound');
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('post_votes')
      .where('post_id', '=', post.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (!Number(deleted.numDeletedRows)) {
      const current = await trx
        .selectFrom('posts')
        .select('vote_score')
        .where('id', '=', post.id)
        .executeTakeFirstOrThrow();
      return { ok: true as const, changed: false, voteScore: current.vote_score };
    }
    return { ok: true as const, changed: true, voteScore: await addToScore(trx, post, -1) };
  });
}
