// Posts: replying, editing (every earlier version kept as a revision, revisions.ts; readers see
// "edited"), and the moderation hooks on single posts (hide, unhide, delete; the change itself is
// a step in visibility.ts). A reply takes the next number in its thread from the thread row in
// the same transaction that bumps the thread's counters, so numbers never collide and lists never
// count. Post 1 is the question: hiding or deleting it acts on the thread (threads.ts).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { AuthorizationError, requirePermission } from '../auth/authorize.ts';
import { extractMentions } from '../markdown/render.ts';
import { renderPost, resolveMentions } from './mentions.ts';
import { queueWatcherNotifications } from './fanout.ts';
import { notifyUsers } from './notifications.ts';
import {
  cleanBody,
  cleanReason,
  cleanTitle,
  isModerator,
  requireMember,
  spendRateLimit,
  writeRestriction,
} from './policy.ts';
import { saveRevision } from './revisions.ts';
import { indexPost } from './search-index.ts';
import { deleteThread, hideThread, newPostDefaults, unhideThread } from './threads.ts';
import { pageOfPost } from './urls.ts';
import { applyReplyChange, loadPost, type PostChange, type PostRow } from './visibility.ts';
import { refuse, type Outcome } from '../outcome.ts';
import { recordModeration } from '../moderation/audit.ts';
import { isRefusal, screenWrite } from '../moderation/gate.ts';
import { holdForReview } from '../moderation/hold.ts';
import { maybePromote } from '../moderation/trust.ts';
import { wakeDeliveryWorker } from '../mail/wake.ts';

/**
 * Replies to a thread: the post, the thread's counters, the search entry, the mentions'
 * notifications, and one queued row that the worker turns into the watchers' (./fanout.ts).
 * Moderation screens the reply first (moderation/gate.ts: links, watched words, slow mode,
 * duplicates, daily limit); a reply that waits for approval (`pending: true`) is stored hidden
 * and held, counts nowhere, is not indexed and tells nobody until a moderator approves it.
 */
export async function reply(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  body: string,
  now = Date.now(),
): Promise<Outcome<{ postId: number; number: number; page: number; pending: boolean }>> {
  const user = requireMember(actor);
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  const thread = await db
    .selectFrom('threads')
    .select(['id', 'locale', 'state', 'slow_mode_minutes'])
    .where('id', '=', threadId)
    .where('hidden_at', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!thread) return refuse('notFound');
  if (thread.state === 'locked' && !isModerator(user)) return refuse('locked');
  const cleaned = cleanBody(body);
  if (!cleaned) return refuse('bodyLength');
  const screened = await screenWrite(
    db,
    user,
    {
      kind: 'reply',
      locale: thread.locale,
      source: cleaned,
      thread: { id: thread.id, slowModeMinutes: thread.slow_mode_minutes },
    },
    now,
  );
  if (isRefusal(screened)) return screened;
  const { source, hold } = screened;
  const limited = await spendRateLimit(db, user, 'reply', now);
  if (limited) return limited;
  const { html, mentionedUserIds } = await renderPost(db, thread.locale, source);

  const posted = await db.transaction().execute(async (trx) => {
    const counters = await trx
      .updateTable('threads')
      .set((eb) =>
        hold
          ? { last_post_number: eb('last_post_number', '+', 1) }
          : {
              last_post_number: eb('last_post_number', '+', 1),
              reply_count: eb('reply_count', '+', 1),
              last_post_at: now,
              last_poster_id: user.id,
            },
      )
      .where('id', '=', thread.id)
      .returning('last_post_number')
      .executeTakeFirstOrThrow();
    const number = counters.last_post_number;
    const post = await trx
      .insertInto('posts')
      .values({
        thread_id: thread.id,
        author_id: user.id,
        number,
        source,
        html,
        ...newPostDefaults,
        ...(hold ? { held_at: now, hidden_at: now } : {}),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (hold) {
      await holdForReview(
        trx,
        { postId: post.id, threadId: thread.id, authorId: user.id, hold, matches: screened.matches },
        now,
      );
      return { ok: true as const, postId: post.id, number, page: pageOfPost(number), pending: true };
    }
    await indexPost(trx, { id: post.id, locale: thread.locale, title: null, html });
    const about = { threadId: thread.id, postId: post.id, actorId: user.id };
    await notifyUsers(trx, mentionedUserIds, 'mention', about, now);
    await queueWatcherNotifications(trx, about, mentionedUserIds, now);
    await maybePromote(trx, user.id, now);
    return { ok: true as const, postId: post.id, number, page: pageOfPost(number), pending: false };
  });
  // The watchers are told by this process's worker, woken now rather than at its next poll.
  if (!posted.pending) wakeDeliveryWorker();
  return posted;
}

/** What the edit form starts from: the author's own post, or any post for a moderator. */
export async function postForEditing(
  db: Db,
  actor: SessionUser | null,
  postId: number,
): Promise<{ source: string; title: string | null; threadId: number } | null> {
  const user = requireMember(actor);
  const post = await loadPost(db, postId);
  if (!post || post.deleted_at !== null || post.thread_deleted_at !== null) return null;
  if (post.author_id !== user.id && !isModerator(user)) throw new AuthorizationError(403);
  return { source: post.source, title: post.number === 1 ? post.title : null, threadId: post.thread_id };
}

export interface PostEdit {
  body: string;
  /** New thread title; only for the question (post 1). */
  title?: string;
  /** Why, when a moderator edits someone else's post. */
  reason?: string | null;
}

/**
 * Edits a post: the author, or a moderator. The version being replaced is kept as a revision,
 * the search entry follows, and only names newly mentioned are notified.
 */
export async function editPost(
  db: Db,
  actor: SessionUser | null,
  postId: number,
  edit: PostEdit,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean; revision: number; pending: boolean }>> {
  const user = requireMember(actor);
  const post = await loadPost(db, postId);
  if (!post || post.deleted_at !== null || post.thread_deleted_at !== null) return refuse('notFound');
  const moderator = isModerator(user);
  if (post.author_id !== user.id && !moderator) throw new AuthorizationError(403);
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  if (post.state === 'locked' && !moderator) return refuse('locked');
  const cleaned = cleanBody(edit.body);
  if (!cleaned) return refuse('bodyLength');
  let title: string | null = null;
  if (post.number === 1 && edit.title !== undefined) {
    title = cleanTitle(edit.title);
    if (!title) return refuse('titleLength');
  }
  const titleChanged = title !== null && title !== post.title;
  // Unchanged text is not screened again (a watched word added since must not block a title fix).
  const screened =
    cleaned === post.source && !titleChanged
      ? null
      : await screenWrite(
          db,
          user,
          { kind: 'edit', locale: post.locale, source: cleaned, title: titleChanged ? title : null, postId: post.id },
          now,
        );
  if (screened && isRefusal(screened)) return screened;
  const source = screened?.source ?? cleaned;
  // An edit that brings in a "hold" watched word takes a published post back to the queue.
  const holdNow = screened?.hold === 'watchedWord' && post.held_at === null;
  if (source === post.source && !titleChanged)
    return { ok: true, changed: false, revision: post.revision_count, pending: post.held_at !== null };
  const limited = await spendRateLimit(db, user, 'edit', now);
  if (limited) return refuse('editLimit', limited.retryAfterMs);
  const { html } = await renderPost(db, post.locale, source);
  const previouslyMentioned = new Set(
    [...(await resolveMentions(db, extractMentions(post.source))).values()].map((u) => u.id),
  );
  const newlyMentioned = [...(await resolveMentions(db, extractMentions(source))).values()]
    .map((u) => u.id)
    .filter((id) => !previouslyMentioned.has(id));
  const revision = await db.transaction().execute(async (trx) => {
    // The hold goes first: the revision writer then finds the post held and keeps it out of the index.
    if (holdNow) {
      if (post.number === 1) {
        await trx.updateTable('posts').set({ held_at: now }).where('id', '=', post.id).execute();
        await trx
          .updateTable('threads')
          .set({ held_at: now, hidden_at: now })
          .where('id', '=', post.thread_id)
          .where('hidden_at', 'is', null)
          .execute();
      } else if (post.hidden_at === null && post.deleted_at === null) {
        await applyReplyChange(trx, null, post, 'post.hide', 'watchedWord', now);
        await trx.updateTable('posts').set({ held_at: now }).where('id', '=', post.id).execute();
      }
      await holdForReview(
        trx,
        {
          postId: post.id,
          threadId: post.thread_id,
          authorId: post.author_id,
          hold: 'watchedWord',
          matches: screened!.matches,
        },
        now,
      );
    }
    const saved = await saveRevision(
      trx,
      post,
      { source, html, title, editorId: user.id, reason: cleanReason(edit.reason) },
      now,
    );
    await notifyUsers(
      trx,
      newlyMentioned,
      'mention',
      { threadId: post.thread_id, postId: post.id, actorId: user.id },
      now,
    );
    return saved;
  });
  return { ok: true, changed: true, revision, pending: holdNow || post.held_at !== null };
}

/** Applies a visibility change to a reply: counters, answer mark, search entry, log. */
async function changeReply(
  db: Db,
  actor: SessionUser,
  post: PostRow,
  action: PostChange,
  reason: string | null,
  now: number,
) {
  return db.transaction().execute(async (trx) => {
    const changed = await applyReplyChange(trx, actor.id, post, action, reason, now);
    if (changed && isModerator(actor) && post.author_id !== actor.id) {
      await recordModeration(
        trx,
        {
          actorId: actor.id,
          action: action === 'post.unhide' ? 'post.restore' : action,
          targetUserId: post.author_id,
          threadId: post.thread_id,
          postId: post.id,
          reason,
        },
        now,
      );
    }
    return { ok: true as const, changed };
  });
}

/** Moderators hide a post (reversible; its author and moderators still see it). Post 1 hides the thread. */
export async function hidePost(
  db: Db,
  actor: SessionUser | null,
  postId: number,
  reason: string | null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const post = await loadPost(db, postId);
  if (!post) return refuse('notFound');
  if (post.number === 1) return hideThread(db, user, post.thread_id, reason, now);
  return changeReply(db, user, post, 'post.hide', cleanReason(reason), now);
}

export async function unhidePost(
  db: Db,
  actor: SessionUser | null,
  postId: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const post = await loadPost(db, postId);
  if (!post) return refuse('notFound');
  if (post.number === 1) return unhideThread(db, user, post.thread_id, reason, now);
  return changeReply(db, user, post, 'post.unhide', cleanReason(reason), now);
}

/** Authors delete their own replies; moderators any. Post 1 deletes the thread (see deleteThread). */
export async function deletePost(
  db: Db,
  actor: SessionUser | null,
  postId: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  const user = requireMember(actor);
  const post = await loadPost(db, postId);
  if (!post || post.deleted_at !== null) return refuse('notFound');
  if (post.number === 1) return deleteThread(db, user, post.thread_id, reason, now);
  if (post.author_id !== user.id && !isModerator(user)) throw new AuthorizationError(403);
  return changeReply(db, user, post, 'post.delete', cleanReason(reason), now);
}

/**
 * Where a post lives, for links from notifications, search and profiles. Visible posts only,
 * except for a `viewer` who may read the post anyway: its author (a post waiting for approval or
 * hidden) and moderators, so a held reply or edit brings its author back to it.
 */
export async function postLocation(
  db: Db,
  postId: number,
  viewer: SessionUser | null = null,
): Promise<{ threadId: number; locale: string; slug: string; number: number; page: number } | null> {
  const row = await db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select([
      'threads.id',
      'threads.locale',
      'threads.slug',
      'posts.number',
      'posts.author_id',
      'posts.hidden_at',
      'threads.hidden_at as thread_hidden_at',
      'threads.held_at as thread_held_at',
      'threads.author_id as thread_author_id',
    ])
    .where('posts.id', '=', postId)
    .where('posts.deleted_at', 'is', null)
    .where('threads.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // As the thread page shows them: an author reads their own hidden reply, and their own question while it is held.
  const moderator = isModerator(viewer);
  if (row.hidden_at !== null && !moderator && viewer?.id !== row.author_id) return null;
  if (
    row.thread_hidden_at !== null &&
    !moderator &&
    !(row.thread_held_at !== null && viewer?.id === row.thread_author_id)
  )
    return null;
  return { threadId: row.id, locale: row.locale, slug: row.slug, number: row.number, page: pageOfPost(row.number) };
}
