// Revisions: every edit keeps the version it replaces, and readers see "edited". One writer for
// both edit paths (an author's or moderator's edit from the thread, posts.ts editPost, and a
// moderator's edit from the review queue, moderation/queue.ts editItemPost), and the list of
// earlier versions for the post's author and moderators.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { AuthorizationError } from '../auth/authorize.ts';
import { logForumEvent } from './events.ts';
import { isModerator, requireMember } from './policy.ts';
import { indexPost } from './search-index.ts';
import { threadSlug } from './urls.ts';

export interface EditedPost {
  id: number;
  thread_id: number;
  number: number;
  author_id: number;
  source: string;
  revision_count: number;
  locale: string;
  /** The thread's title as it was. */
  title: string;
}

export interface RevisionChange {
  source: string;
  html: string;
  /** The question's new title, or null when it stays. */
  title: string | null;
  editorId: number;
  reason: string | null;
}

/**
 * Inside the caller's transaction: keeps the current version as a revision, stores the new text
 * (and title and slug), updates the search entry while the post is visible (as it is now: a
 * hold the caller applied first keeps it out), and logs the edit. Returns the new revision number.
 */
export async function saveRevision(trx: Db, post: EditedPost, change: RevisionChange, now: number): Promise<number> {
  const revision = post.revision_count + 1;
  const titleChanged = change.title !== null && change.title !== post.title;
  await trx
    .insertInto('post_revisions')
    .values({
      post_id: post.id,
      revision,
      source: post.source,
      title: titleChanged ? post.title : null,
      edited_by: change.editorId,
      edited_at: now,
      reason: change.reason,
    })
    .execute();
  const stored = await trx
    .updateTable('posts')
    .set({
      source: change.source,
      html: change.html,
      edited_at: now,
      edited_by: change.editorId,
      revision_count: revision,
    })
    .where('id', '=', post.id)
    .returning(['hidden_at', 'held_at', 'deleted_at'])
    .executeTakeFirstOrThrow();
  if (titleChanged)
    await trx
      .updateTable('threads')
      .set({ title: change.title!, slug: threadSlug(change.title!) })
      .where('id', '=', post.thread_id)
      .execute();
  if (stored.hidden_at === null && stored.held_at === null && stored.deleted_at === null) {
    await indexPost(trx, {
      id: post.id,
      locale: post.locale,
      title: post.number === 1 ? (change.title ?? post.title) : null,
      html: change.html,
    });
  }
  await logForumEvent(
    trx,
    {
      actorId: change.editorId,
      action: 'post.edit',
      threadId: post.thread_id,
      postId: post.id,
      subjectUserId: post.author_id,
      reason: change.reason,
      data: { revision, titleChanged },
    },
    now,
  );
  return revision;
}

export interface PostRevision {
  revision: number;
  source: string;
  title: string | null;
  editedBy: number | null;
  editedAt: number;
  reason: string | null;
}

/** Earlier versions of a post, newest first: for its author and moderators. */
export async function postRevisions(db: Db, viewer: SessionUser | null, postId: number): Promise<PostRevision[]> {
  const user = requireMember(viewer);
  const post = await db.selectFrom('posts').select(['author_id']).where('id', '=', postId).executeTakeFirst();
  if (!post) return [];
  if (post.author_id !== user.id && !isModerator(user)) throw new AuthorizationError(403);
  const rows = await db
    .selectFrom('post_revisions')
    .select(['revision', 'source', 'title', 'edited_by', 'edited_at', 'reason'])
    .where('post_id', '=', postId)
    .orderBy('revision', 'desc')
    .execute();
  return rows.map((r) => ({
    revision: r.revision,
    source: r.source,
    title: r.title,
    editedBy: r.edited_by,
    editedAt: r.edited_at,
    reason: r.reason,
  }));
}
