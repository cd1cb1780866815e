// What one member's browser adds to the members' shared thread page (see threadFor in
// ./thread-view.ts): their votes, their flags, whether they watch the thread, whether their next
// reply waits for review, their unread count for the header's bell. Reading the thread also marks
// its notifications read, as the page itself does when it is rendered for one member. `personal`
// means the shared page cannot show this member what is theirs (a held or hidden post of their
// own, staff tools): the browser asks for its own page instead. Most such browsers were told
// before they got here (alwaysPersonalFor in the middleware; a held reply in its action).
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { can } from '../auth/authorize.ts';
import type { SessionUser } from '../auth/session.ts';
import { postsAwaitReview } from '../moderation/trust.ts';
import { markThreadNotificationsRead, unreadNotificationCount } from './notifications.ts';
import { isModerator, writeRestriction } from './policy.ts';
import { POSTS_PER_PAGE } from './urls.ts';

/** How long a browser asks for its own pages: staff, writers and paused members for good, others a while. */
export const PERSONAL_FOR_A_WHILE_S = 15 * 60;
const PERSONAL_FOR_GOOD_S = 30 * 24 * 60 * 60;

/**
 * Seconds this member's browser should get their own pages for, whatever the thread; null for most
 * members. Staff have tools on the page, writers the link to draft an article from a solved
 * thread, paused members no controls at all: none of that is on the members' shared page.
 */
export function alwaysPersonalFor(user: SessionUser): number | null {
  return isModerator(user) || can(user, 'writing') || writeRestriction(user) ? PERSONAL_FOR_GOOD_S : null;
}

export type ThreadViewerState =
  | { personal: true; forSeconds: number }
  | {
      personal: false;
      userId: number;
      /** The asker, on a thread that is not locked: the accept buttons. */
      canAccept: boolean;
      voted: number[];
      flagged: number[];
      watching: boolean;
      reviewNotice: boolean;
      unread: number;
    };

/** Null when there is no such thread or page for readers (the shared page is a 404 too). */
export async function threadViewerState(
  db: Db,
  user: SessionUser,
  threadId: number,
  page: number,
): Promise<ThreadViewerState | null> {
  // One read for the thread and the posts of that page (page 1 always holds the question, so
  // no rows means no such page for readers: a 404, as the page).
  const first = (page - 1) * POSTS_PER_PAGE + 1;
  const posts = await db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select([
      'posts.id',
      'posts.author_id',
      'posts.hidden_at',
      'posts.held_at',
      'threads.author_id as asker_id',
      'threads.state',
      'threads.accepted_post_id',
    ])
    .where('posts.thread_id', '=', threadId)
    .where('posts.number', '>=', first)
    .where('posts.number', '<', first + POSTS_PER_PAGE)
    .where('threads.hidden_at', 'is', null)
    .where('threads.deleted_at', 'is', null)
    .execute();
  const thread = posts[0];
  if (!thread) return null;
  const always = alwaysPersonalFor(user);
  if (always) return { personal: true, forSeconds: always };
  if (posts.some((p) => p.author_id === user.id && (p.hidden_at !== null || p.held_at !== null)))
    return { personal: true, forSeconds: PERSONAL_FOR_A_WHILE_S };
  const ids = posts.map((p) => p.id);
  if (thread.accepted_post_id !== null && !ids.includes(thread.accepted_post_id)) ids.push(thread.accepted_post_id);
  // Reading the thread reads its notifications: the count comes after, and most members have none.
  let unread = await unreadNotificationCount(db, user.id);
  if (unread > 0) {
    await markThreadNotificationsRead(db, user.id, threadId);
    unread = await unreadNotificationCount(db, user.id);
  }
  const marks = await viewerMarks(db, user.id, threadId, ids);
  return {
    personal: false,
    userId: user.id,
    canAccept: thread.asker_id === user.id && thread.state !== 'locked',
    voted: marks.filter((m) => m.kind === 'vote').map((m) => m.id),
    flagged: marks.filter((m) => m.kind === 'flag').map((m) => m.id),
    watching: marks.some((m) => m.kind === 'watch'),
    reviewNotice: thread.state !== 'locked' && (await postsAwaitReview(db, user)),
    unread,
  };
}

/**
 * The member's votes and flags on these posts and their watch on the thread, in one read: this
 * runs with every signed-in thread view (votedPosts, flaggedByViewer and isWatching say the same
 * one at a time).
 */
async function viewerMarks(db: Db, userId: number, threadId: number, postIds: number[]) {
  return db
    .selectFrom('post_votes')
    .select([sql.lit('vote').as('kind'), 'post_id as id'])
    .where('user_id', '=', userId)
    .where('post_id', 'in', postIds)
    .unionAll(
      db
        .selectFrom('flags')
        .select([sql.lit('flag').as('kind'), 'post_id as id'])
        .where('user_id', '=', userId)
        .where('post_id', 'in', postIds),
    )
    .unionAll(
      db
        .selectFrom('thread_watches')
        .select([sql.lit('watch').as('kind'), 'thread_id as id'])
        .where('user_id', '=', userId)
        .where('thread_id', '=', threadId),
    )
    .execute() as Promise<{ kind: 'vote' | 'flag' | 'watch'; id: number }[]>;
}
