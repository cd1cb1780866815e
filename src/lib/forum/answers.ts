// Accepted answers: the asker (or a moderator) marks one reply as the answer; the thread becomes
// solved and the answer is shown right under the question. Accepting another reply moves the
// mark; un-accepting (or hiding/deleting the answer) makes the thread open again.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { ThreadState } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { AuthorizationError } from '../auth/authorize.ts';
import { logForumEvent } from './events.ts';
import { notifyUsers } from './notifications.ts';
import { cleanReason, isModerator, requireMember, writeRestriction } from './policy.ts';
import { refuse, type Outcome } from '../outcome.ts';

/** Locked stays locked (its answer still shows); otherwise the state follows the answer. */
const stateAfter = (solved: boolean) =>
  sql<ThreadState>`CASE WHEN state = 'locked' THEN 'locked' ELSE ${solved ? 'solved' : 'open'} END`;

/** Marks a reply as its thread's answer. The asker may on an open thread; moderators always. */
export async function acceptAnswer(
  db: Db,
  actor: SessionUser | null,
  postId: number,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  const user = requireMember(actor);
  const post = await db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select([
      'posts.id',
      'posts.number',
      'posts.author_id',
      'posts.thread_id',
      'posts.hidden_at',
      'posts.deleted_at',
      'threads.author_id as asker_id',
      'threads.accepted_post_id',
      'threads.state',
      'threads.hidden_at as thread_hidden_at',
      'threads.deleted_at as thread_deleted_at',
    ])
    .where('posts.id', '=', postId)
    .executeTakeFirst();
  if (
    !post ||
    post.hidden_at !== null ||
    post.deleted_at !== null ||
    post.thread_hidden_at !== null ||
    post.thread_deleted_at !== null
  )
    return refuse('notFound');
  const moderator = isModerator(user);
  if (!moderator && user.id !== post.asker_id) throw new AuthorizationError(403);
  if (post.number === 1) return refuse('notAReply');
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  if (!moderator && post.state === 'locked') return refuse('locked');
  if (post.accepted_post_id === post.id) return { ok: true, changed: false };

  return db.transaction().execute(async (trx) => {
    if (post.accepted_post_id !== null)
      await trx.updateTable('posts').set({ accepted_at: null }).where('id', '=', post.accepted_post_id).execute();
    await trx.updateTable('posts').set({ accepted_at: now }).where('id', '=', post.id).execute();
    await trx
      .updateTable('threads')
      .set({ accepted_post_id: post.id, state: stateAfter(true) })
      .where('id', '=', post.thread_id)
      .execute();
    await notifyUsers(
      trx,
      [post.author_id],
      'accepted',
      { threadId: post.thread_id, postId: post.id, actorId: user.id },
      now,
    );
    await logForumEvent(
      trx,
      {
        actorId: user.id,
        action: 'answer.accept',
        threadId: post.thread_id,
        postId: post.id,
        subjectUserId: post.author_id,
        data: { previous: post.accepted_post_id },
      },
      now,
    );
    return { ok: true as const, changed: true };
  });
}

/** Takes the answer mark off a thread: the asker on an open thread, moderators always. */
export async function unacceptAnswer(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  const user = requireMember(actor);
  const thread = await db
    .selectFrom('threads')
    .select(['id', 'author_id', 'accepted_post_id', 'state', 'hidden_at', 'deleted_at'])
    .where('id', '=', threadId)
    .executeTakeFirst();
  if (!thread || thread.hidden_at !== null || thread.deleted_at !== null) return refuse('notFound');
  const moderator = isModerator(user);
  if (!moderator && user.id !== thread.author_id) throw new AuthorizationError(403);
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  if (!moderator && thread.state === 'locked') return refuse('locked');
  if (thread.accepted_post_id === null) return { ok: true, changed: false };
  await db.transaction().execute((trx) => clearAcceptedAnswer(trx, threadId, user.id, cleanReason(reason), now));
  return { ok: true, changed: true };
}

/** Clears the thread's answer mark (inside the caller's transaction) and logs it. */
export async function clearAcceptedAnswer(
  db: Db,
  threadId: number,
  actorId: number | null,
  reason: string | null,
  now: number,
): Promise<void> {
  const thread = await db
    .selectFrom('threads')
    .select(['accepted_post_id'])
    .where('id', '=', threadId)
    .executeTakeFirst();
  if (!thread || thread.accepted_post_id === null) return;
  const answer = await db
    .updateTable('posts')
    .set({ accepted_at: null })
    .where('id', '=', thread.accepted_post_id)
    .returning('author_id')
    .executeTakeFirst();
  await db
    .updateTable('threads')
    .set({ accepted_post_id: null, state: stateAfter(false) })
    .where('id', '=', threadId)
    .execute();
  await logForumEvent(
    db,
    {
      actorId,
      action: 'answer.unaccept',
      threadId,
      postId: thread.accepted_post_id,
      subjectUserId: answer?.author_id ?? null,
      reason,
    },
    now,
  );
}
