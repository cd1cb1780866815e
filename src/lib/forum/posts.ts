// Posts: replying, editing (every earlier version kept as a revision; readers see "edited"), and
// the moderation hooks on single posts (hide, unhide, delete). A reply takes the next number in
// its thread from the thread row in the same transaction that bumps the thread's counters, so
// numbers never collide and lists never count. Post 1 is the question: hiding or deleting it
// acts on the thread (threads.ts).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { AuthorizationError, requirePermission } from '../auth/authorize.ts';
import { extractMentions, htmlToText } from '../markdown/render.ts';
import { clearAcceptedAnswer } from './answers.ts';
import { logForumEvent } from './events.ts';
import { renderPost, resolveMentions } from './mentions.ts';
import { notifyUsers, notifyWatchers } from './notifications.ts';
import { cleanBody, cleanReason, cleanTitle, isModerator, refuse, requireMember, spendRateLimit, writeRestriction, type Outcome } from './policy.ts';
import { forumSearchIndex } from './search.ts';
import { recordModeration } from '../moderation/audit.ts';
import { isRefusal, screenWrite } from '../moderation/gate.ts';
import { holdForReview } from '../moderation/hold.ts';
import { maybePromote } from '../moderation/trust.ts';
import { deleteThread, hideThread, newPostDefaults, pageOfPost, threadSlug, unhideThread } from './threads.ts';

/**
 * Replies to a thread: the post, the thread's counters, the search entry, the notifications.
 * Moderation screens the reply first (moderation/gate.ts: links, watched words, slow mode,
 * duplicates, daily limit); a reply that waits for approval (`pending: true`) is stored hidden
 * and held, counts nowhere, is not indexed and tells nobody until a moderator approves it.
 */
export async function reply(db: Db, actor: SessionUser | null, threadId: number, body: string, now = Date.now()): Promise<Outcome<{ postId: number; number: number; page: number; pending: boolean }>> {
  const user = requireMember(actor);
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  const thread = await db.selectFrom('threads').select(['id', 'locale', 'state', 'slow_mode_minutes']).where('id', '=', threadId).where('hidden_at', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
  if (!thread) return refuse('notFound');
  if (thread.state === 'locked' && !isModerator(user)) return refuse('locked');
  const cleaned = cleanBody(body);
  if (!cleaned) return refuse('bodyLength');
  const screened = await screenWrite(db, user, { kind: 'reply', locale: thread.locale, source: cleaned, thread: { id: thread.id, slowModeMinutes: thread.slow_mode_minutes } }, now);
  if (isRefusal(screened)) return screened;
  const { source, hold } = screened;
  const limited = await spendRateLimit(db, user, 'reply', now);
  if (limited) return limited;
  const { html, mentionedUserIds } = await renderPost(db, thread.locale, source);

  return db.transaction().execute(async (trx) => {
    const counters = await trx
      .updateTable('threads')
      .set((eb) =>
        hold
          ? { last_post_number: eb('last_post_number', '+', 1) }
          : { last_post_number: eb('last_post_number', '+', 1), reply_count: eb('reply_count', '+', 1), last_post_at: now, last_poster_id: user.id },
      )
      .where('id', '=', thread.id)
      .returning('last_post_number')
      .executeTakeFirstOrThrow();
    const number = counters.last_post_number;
    const post = await trx
      .insertInto('posts')
      .values({ thread_id: thread.id, author_id: user.id, number, source, html, ...newPostDefaults, ...(hold ? { held_at: now, hidden_at: now } : {}), created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (hold) {
      await holdForReview(trx, { postId: post.id, threadId: thread.id, authorId: user.id, hold, matches: screened.matches }, now);
      return { ok: true as const, postId: post.id, number, page: pageOfPost(number), pending: true };
    }
    await forumSearchIndex(trx).put(trx, { postId: post.id, locale: thread.locale, title: null, text: htmlToText(html) });
    const about = { threadId: thread.id, postId: post.id, actorId: user.id };
    await notifyUsers(trx, mentionedUserIds, 'mention', about, now);
    await notifyWatchers(trx, about, mentionedUserIds, now);
    await maybePromote(trx, user.id, now);
    return { ok: true as const, postId: post.id, number, page: pageOfPost(number), pending: false };
  });
}

async function postWithThread(db: Db, postId: number) {
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

/** What the edit form starts from: the author's own post, or any post for a moderator. */
export async function postForEditing(db: Db, actor: SessionUser | null, postId: number): Promise<{ source: string; title: string | null; threadId: number } | null> {
  const user = requireMember(actor);
  const post = await postWithThread(db, postId);
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
export async function editPost(db: Db, actor: SessionUser | null, postId: number, edit: PostEdit, now = Date.now()): Promise<Outcome<{ changed: boolean; revision: number; pending: boolean }>> {
  const user = requireMember(actor);
  const post = await postWithThread(db, postId);
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
  const screened = cleaned === post.source && !titleChanged ? null : await screenWrite(db, user, { kind: 'edit', locale: post.locale, source: cleaned, title: titleChanged ? title : null, postId: post.id }, now);
  if (screened && isRefusal(screened)) return screened;
  const source = screened?.source ?? cleaned;
  // An edit that brings in a "hold" watched word takes a published post back to the queue.
  const holdNow = screened?.hold === 'watchedWord' && post.held_at === null;
  if (source === post.source && !titleChanged) return { ok: true, changed: false, revision: post.revision_count, pending: post.held_at !== null };
  const limited = await spendRateLimit(db, user, 'edit', now);
  if (limited) return refuse('editLimit', limited.retryAfterMs);
  const { html } = await renderPost(db, post.locale, source);
  const previouslyMentioned = new Set([...(await resolveMentions(db, extractMentions(post.source))).values()].map((u) => u.id));
  const newlyMentioned = [...(await resolveMentions(db, extractMentions(source))).values()].map((u) => u.id).filter((id) => !previouslyMentioned.has(id));
  const revision = post.revision_count + 1;

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('post_revisions')
      .values({ post_id: post.id, revision, source: post.source, title: titleChanged ? post.title : null, edited_by: user.id, edited_at: now, reason: cleanReason(edit.reason) })
      .execute();
    await trx.updateTable('posts').set({ source, html, edited_at: now, edited_by: user.id, revision_count: revision }).where('id', '=', post.id).execute();
    if (titleChanged) await trx.updateTable('threads').set({ title: title!, slug: threadSlug(title!) }).where('id', '=', post.thread_id).execute();
    if (holdNow) {
      if (post.number === 1) {
        await trx.updateTable('posts').set({ held_at: now }).where('id', '=', post.id).execute();
        await trx.updateTable('threads').set({ held_at: now, hidden_at: now }).where('id', '=', post.thread_id).where('hidden_at', 'is', null).execute();
      } else if (post.hidden_at === null && post.deleted_at === null) {
        await applyReplyChange(trx, null, post, 'post.hide', 'watchedWord', now);
        await trx.updateTable('posts').set({ held_at: now }).where('id', '=', post.id).execute();
      }
      await holdForReview(trx, { postId: post.id, threadId: post.thread_id, authorId: post.author_id, hold: 'watchedWord', matches: screened!.matches }, now);
    } else if (post.hidden_at === null && post.held_at === null) {
      await forumSearchIndex(trx).put(trx, { postId: post.id, locale: post.locale, title: post.number === 1 ? (title ?? post.title) : null, text: htmlToText(html) });
    }
    await notifyUsers(trx, newlyMentioned, 'mention', { threadId: post.thread_id, postId: post.id, actorId: user.id }, now);
    await logForumEvent(
      trx,
      { actorId: user.id, action: 'post.edit', threadId: post.thread_id, postId: post.id, subjectUserId: post.author_id, reason: cleanReason(edit.reason), data: { revision, titleChanged } },
      now,
    );
  });
  return { ok: true, changed: true, revision, pending: holdNow || post.held_at !== null };
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
  return rows.map((r) => ({ revision: r.revision, source: r.source, title: r.title, editedBy: r.edited_by, editedAt: r.edited_at, reason: r.reason }));
}

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
  if (last) await db.updateTable('threads').set({ last_post_at: last.created_at, last_poster_id: last.author_id }).where('id', '=', threadId).execute();
}

export type PostChange = 'post.hide' | 'post.unhide' | 'post.delete' | 'post.restore';
export type PostRow = NonNullable<Awaited<ReturnType<typeof postWithThread>>>;

/** The post with its thread's state, for moderation code that acts on it inside its own transaction. */
export async function loadPost(db: Db, postId: number): Promise<PostRow | undefined> {
  return postWithThread(db, postId);
}

/**
 * Applies a visibility change to a reply inside the caller's transaction: counters, answer mark,
 * search entry, forum log. `post.unhide` also ends a hold (approval); `post.restore` brings back
 * a deleted, hidden or held post. `actorId` null is the system (flags reached the threshold).
 */
export async function applyReplyChange(trx: Db, actorId: number | null, post: PostRow, action: PostChange, reason: string | null, now: number): Promise<boolean> {
  const wasVisible = post.hidden_at === null && post.deleted_at === null && post.held_at === null;
  let update = trx.updateTable('posts').where('id', '=', post.id);
  if (action === 'post.hide') update = update.set({ hidden_at: now, hidden_by: actorId, hidden_reason: reason }).where('hidden_at', 'is', null);
  if (action === 'post.unhide') update = update.set({ hidden_at: null, hidden_by: null, hidden_reason: null, held_at: null }).where('hidden_at', 'is not', null);
  if (action === 'post.delete') update = update.set({ deleted_at: now, deleted_by: actorId }).where('deleted_at', 'is', null);
  if (action === 'post.restore')
    update = update
      .set({ hidden_at: null, hidden_by: null, hidden_reason: null, held_at: null, deleted_at: null, deleted_by: null })
      .where((eb) => eb.or([eb('hidden_at', 'is not', null), eb('deleted_at', 'is not', null), eb('held_at', 'is not', null)]));
  const result = await update.executeTakeFirst();
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
  const search = forumSearchIndex(trx);
  if (isVisible) {
    const current = await trx.selectFrom('posts').select('html').where('id', '=', post.id).executeTakeFirstOrThrow();
    await search.put(trx, { postId: post.id, locale: post.locale, title: null, text: htmlToText(current.html) });
  } else {
    await search.remove(trx, post.id);
  }
  await logForumEvent(trx, { actorId, action, threadId: post.thread_id, postId: post.id, subjectUserId: post.author_id, reason }, now);
  // An answer nobody can read is no answer: the thread is open again.
  if (!isVisible && post.accepted_post_id === post.id) await clearAcceptedAnswer(trx, post.thread_id, actorId, reason, now);
  return true;
}

/** Applies a visibility change to a reply: counters, answer mark, search entry, log. */
async function changeReply(db: Db, actor: SessionUser, post: PostRow, action: PostChange, reason: string | null, now: number) {
  return db.transaction().execute(async (trx) => {
    const changed = await applyReplyChange(trx, actor.id, post, action, reason, now);
    if (changed && isModerator(actor) && post.author_id !== actor.id) {
      await recordModeration(trx, { actorId: actor.id, action: action === 'post.unhide' ? 'post.restore' : action, targetUserId: post.author_id, threadId: post.thread_id, postId: post.id, reason }, now);
    }
    return { ok: true as const, changed };
  });
}

/** Moderators hide a post (reversible; its author and moderators still see it). Post 1 hides the thread. */
export async function hidePost(db: Db, actor: SessionUser | null, postId: number, reason: string | null, now = Date.now()): Promise<Outcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const post = await postWithThread(db, postId);
  if (!post) return refuse('notFound');
  if (post.number === 1) return hideThread(db, user, post.thread_id, reason, now);
  return changeReply(db, user, post, 'post.hide', cleanReason(reason), now);
}

export async function unhidePost(db: Db, actor: SessionUser | null, postId: number, reason: string | null = null, now = Date.now()): Promise<Outcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const post = await postWithThread(db, postId);
  if (!post) return refuse('notFound');
  if (post.number === 1) return unhideThread(db, user, post.thread_id, reason, now);
  return changeReply(db, user, post, 'post.unhide', cleanReason(reason), now);
}

/** Authors delete their own replies; moderators any. Post 1 deletes the thread (see deleteThread). */
export async function deletePost(db: Db, actor: SessionUser | null, postId: number, reason: string | null = null, now = Date.now()): Promise<Outcome<{ changed: boolean }>> {
  const user = requireMember(actor);
  const post = await postWithThread(db, postId);
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
export async function postLocation(db: Db, postId: number, viewer: SessionUser | null = null): Promise<{ threadId: number; locale: string; slug: string; number: number; page: number } | null> {
  const row = await db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select(['threads.id', 'threads.locale', 'threads.slug', 'posts.number', 'posts.author_id', 'posts.hidden_at', 'threads.hidden_at as thread_hidden_at', 'threads.held_at as thread_held_at', 'threads.author_id as thread_author_id'])
    .where('posts.id', '=', postId)
    .where('posts.deleted_at', 'is', null)
    .where('threads.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // As the thread page shows them: an author reads their own hidden reply, and their own question while it is held.
  const moderator = isModerator(viewer);
  if (row.hidden_at !== null && !moderator && viewer?.id !== row.author_id) return null;
  if (row.thread_hidden_at !== null && !moderator && !(row.thread_held_at !== null && viewer?.id === row.thread_author_id)) return null;
  return { threadId: row.id, locale: row.locale, slug: row.slug, number: row.number, page: pageOfPost(row.number) };
}
