// Threads: asking a question, the lists (latest, unanswered, solved; per locale and category),
// the thread page, and the moderation hooks that act on a whole thread (hide, delete, lock, pin).
// Lists read one partial index each in (last_post_at, id) order with a keyset cursor; the thread
// page reads posts by (thread_id, number), page n being numbers 50n-49..50n. Counters the lists
// show live on the thread row, so no request counts rows.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database, ThreadState } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { AuthorizationError, requirePermission } from '../auth/authorize.ts';
import { isLocale } from '../../i18n/locales.ts';
import { markComposerPosted } from './deflection.ts';
import { renderPost } from './mentions.ts';
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
import { indexPost } from './search-index.ts';
import { pageOfPost, POSTS_PER_PAGE, threadSlug } from './urls.ts';
import { applyThreadChange, type ThreadChange } from './visibility.ts';
import { votedPosts } from './votes.ts';
import { isWatching } from './watches.ts';
import { refuse, type Outcome } from '../outcome.ts';
import { recordModeration } from '../moderation/audit.ts';
import { isRefusal, screenWrite } from '../moderation/gate.ts';
import { holdForReview } from '../moderation/hold.ts';
import { maybePromote } from '../moderation/trust.ts';

export interface UserRef {
  id: number;
  /** Empty when the member deleted their account (then `deleted`). */
  name: string;
  /** The member deleted their account: show "deleted member", no name, no profile link. */
  deleted: boolean;
}

export interface ThreadSummary {
  id: number;
  locale: string;
  slug: string;
  title: string;
  category: { id: number; slug: string };
  state: ThreadState;
  pinned: boolean;
  solved: boolean;
  replyCount: number;
  voteScore: number;
  viewCount: number;
  createdAt: number;
  lastPostAt: number;
  author: UserRef;
  lastPoster: UserRef;
}

const visible = (eb: ExpressionBuilder<Database, 'threads'>) =>
  eb.and([eb('threads.hidden_at', 'is', null), eb('threads.deleted_at', 'is', null)]);

function summaryQuery(db: Db) {
  return db
    .selectFrom('threads')
    .innerJoin('users as author', 'author.id', 'threads.author_id')
    .innerJoin('users as last_poster', 'last_poster.id', 'threads.last_poster_id')
    .innerJoin('forum_categories as category', 'category.id', 'threads.category_id')
    .select([
      'threads.id',
      'threads.locale',
      'threads.slug',
      'threads.title',
      'threads.category_id',
      'category.slug as category_slug',
      'threads.state',
      'threads.pinned',
      'threads.accepted_post_id',
      'threads.reply_count',
      'threads.vote_score',
      'threads.view_count',
      'threads.created_at',
      'threads.last_post_at',
      'threads.author_id',
      'author.display_name as author_name',
      'author.deleted_at as author_deleted_at',
      'threads.last_poster_id',
      'last_poster.display_name as last_poster_name',
      'last_poster.deleted_at as last_poster_deleted_at',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

const toSummary = (r: SummaryRow): ThreadSummary => ({
  id: r.id,
  locale: r.locale,
  slug: r.slug,
  title: r.title,
  category: { id: r.category_id, slug: r.category_slug },
  state: r.state,
  pinned: r.pinned === 1,
  solved: r.accepted_post_id !== null,
  replyCount: r.reply_count,
  voteScore: r.vote_score,
  viewCount: r.view_count,
  createdAt: r.created_at,
  lastPostAt: r.last_post_at,
  author: { id: r.author_id, name: r.author_name, deleted: r.author_deleted_at !== null },
  lastPoster: { id: r.last_poster_id, name: r.last_poster_name, deleted: r.last_poster_deleted_at !== null },
});

/** Summaries of visible threads by id (any order; missing and invisible ones left out). */
export async function threadSummaries(db: Db, ids: readonly number[]): Promise<ThreadSummary[]> {
  if (!ids.length) return [];
  const rows = await summaryQuery(db)
    .where('threads.id', 'in', [...new Set(ids)])
    .where(visible)
    .execute();
  return rows.map(toSummary);
}

// ---------------------------------------------------------------------------------------------
// Lists

export type ThreadListKind = 'latest' | 'unanswered' | 'solved';
export const threadListKinds: readonly ThreadListKind[] = ['latest', 'unanswered', 'solved'];

/** Opaque to callers: `<last_post_at>.<id>` of the last row shown. */
export function encodeCursor(thread: { lastPostAt: number; id: number }): string {
  return `${thread.lastPostAt}.${thread.id}`;
}

export function decodeCursor(cursor: string | null | undefined): { at: number; id: number } | null {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor ?? '');
  return match ? { at: Number(match[1]), id: Number(match[2]) } : null;
}

export interface ThreadListOptions {
  locale: string;
  kind?: ThreadListKind;
  categoryId?: number;
  cursor?: string | null;
  limit?: number;
}

/**
 * One page of a thread list, most recent activity first. The WHERE terms repeat the partial
 * indexes' conditions literally (`reply_count = 0`, `state = 'solved'`), which is what lets
 * SQLite pick them. On the first page of "latest", pinned threads come separately, to be shown
 * on top; the list itself leaves them out so none appears twice.
 */
export async function listThreads(
  db: Db,
  options: ThreadListOptions,
): Promise<{ threads: ThreadSummary[]; pinned: ThreadSummary[]; next: string | null }> {
  const kind = options.kind ?? 'latest';
  const limit = Math.min(Math.max(options.limit ?? 30, 1), 100);
  const cursor = decodeCursor(options.cursor);
  let query = summaryQuery(db).where('threads.locale', '=', options.locale).where(visible);
  if (options.categoryId !== undefined) query = query.where('threads.category_id', '=', options.categoryId);
  if (kind === 'unanswered') query = query.where('threads.reply_count', '=', sql.lit(0));
  if (kind === 'solved') query = query.where('threads.state', '=', sql.lit('solved'));
  let pinned: ThreadSummary[] = [];
  if (kind === 'latest') {
    if (!cursor)
      pinned = (
        await query.where('threads.pinned', '=', sql.lit(1)).orderBy('threads.last_post_at', 'desc').limit(20).execute()
      ).map(toSummary);
    query = query.where('threads.pinned', '=', 0);
  }
  if (cursor)
    query = query.where((eb) =>
      eb(eb.refTuple('threads.last_post_at', 'threads.id'), '<', eb.tuple(cursor.at, cursor.id)),
    );
  const rows = await query
    .orderBy('threads.last_post_at', 'desc')
    .orderBy('threads.id', 'desc')
    .limit(limit + 1)
    .execute();
  const threads = rows.slice(0, limit).map(toSummary);
  return { threads, pinned, next: rows.length > limit ? encodeCursor(threads.at(-1)!) : null };
}

/**
 * The help center home's "recently solved" list: the head of the community's Solved list in this
 * locale (same partial index and order, so "see all" continues it). Anonymous readers get the
 * home page from the anonymous cache, which every signed-in write (accepting an answer
 * included) empties, so a thread shows here as soon as it is solved.
 */
export async function recentSolvedThreads(db: Db, locale: string, limit = 5): Promise<ThreadSummary[]> {
  return (await listThreads(db, { locale, kind: 'solved', limit })).threads;
}

// ---------------------------------------------------------------------------------------------
// Asking

export interface NewThread {
  locale: string;
  categoryId: number;
  title: string;
  body: string;
  /** The composer session this question was written in, for the deflection funnel. */
  composerSessionId?: string | null;
}

/**
 * Asks a question: the thread, its first post, the search entry, a watch for the asker.
 * Moderation screens it first (moderation/gate.ts); a question that waits for approval
 * (`pending: true`) is stored as a hidden, held thread that only its author and moderators see.
 */
export async function createThread(
  db: Db,
  actor: SessionUser | null,
  input: NewThread,
  now = Date.now(),
): Promise<Outcome<{ threadId: number; slug: string; postId: number; pending: boolean }>> {
  const user = requireMember(actor);
  const restricted = writeRestriction(user, now);
  if (restricted) return restricted;
  if (!isLocale(input.locale)) return refuse('invalidLocale');
  const title = cleanTitle(input.title);
  if (!title) return refuse('titleLength');
  const cleaned = cleanBody(input.body);
  if (!cleaned) return refuse('bodyLength');
  const category = await db
    .selectFrom('forum_categories')
    .select('id')
    .where('id', '=', input.categoryId)
    .executeTakeFirst();
  if (!category) return refuse('invalidCategory');
  const screened = await screenWrite(db, user, { kind: 'thread', locale: input.locale, source: cleaned, title }, now);
  if (isRefusal(screened)) return screened;
  const { source: body, hold } = screened;
  const held = hold ? now : null;
  const limited = await spendRateLimit(db, user, 'thread', now);
  if (limited) return limited;
  const { html, mentionedUserIds } = await renderPost(db, input.locale, body);
  const slug = threadSlug(title);

  return db.transaction().execute(async (trx) => {
    const thread = await trx
      .insertInto('threads')
      .values({
        locale: input.locale,
        category_id: category.id,
        author_id: user.id,
        title,
        slug,
        accepted_post_id: null,
        last_post_number: 1,
        last_post_at: now,
        last_poster_id: user.id,
        created_at: now,
        hidden_at: held,
        hidden_by: null,
        hidden_reason: null,
        deleted_at: null,
        deleted_by: null,
        held_at: held,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const post = await trx
      .insertInto('posts')
      .values({
        thread_id: thread.id,
        author_id: user.id,
        number: 1,
        source: body,
        html,
        ...newPostDefaults,
        held_at: held,
        hidden_at: held,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('thread_watches')
      .values({ thread_id: thread.id, user_id: user.id, created_at: now })
      .execute();
    if (input.composerSessionId) await markComposerPosted(trx, input.composerSessionId, thread.id, now);
    if (hold) {
      await holdForReview(
        trx,
        { postId: post.id, threadId: thread.id, authorId: user.id, hold, matches: screened.matches },
        now,
      );
      return { ok: true as const, threadId: thread.id, slug, postId: post.id, pending: true };
    }
    await indexPost(trx, { id: post.id, locale: input.locale, title, html });
    await notifyUsers(
      trx,
      mentionedUserIds,
      'mention',
      { threadId: thread.id, postId: post.id, actorId: user.id },
      now,
    );
    await maybePromote(trx, user.id, now);
    return { ok: true as const, threadId: thread.id, slug, postId: post.id, pending: false };
  });
}

/** Columns every new post starts with. */
export const newPostDefaults = {
  accepted_at: null,
  edited_at: null,
  edited_by: null,
  hidden_at: null,
  hidden_by: null,
  hidden_reason: null,
  deleted_at: null,
  deleted_by: null,
} as const;

// ---------------------------------------------------------------------------------------------
// The thread page

/** `pending`: waiting for a moderator's approval (shown to its author and moderators only). */
export type PostState = 'visible' | 'hidden' | 'deleted' | 'pending';

export interface PostView {
  id: number;
  number: number;
  /** With the username, the handle readers mention the author by. */
  author: UserRef & { username: string };
  /** Null when the viewer may not read it (hidden or deleted); the number still shows the gap. */
  html: string | null;
  state: PostState;
  voteScore: number;
  createdAt: number;
  /** Set when the post was edited after posting: readers see "edited". */
  editedAt: number | null;
  accepted: boolean;
  votedByViewer: boolean;
}

export interface ThreadPage {
  thread: ThreadSummary & {
    acceptedPostId: number | null;
    hidden: boolean;
    deleted: boolean;
    locked: boolean;
    lastPostNumber: number;
    /** The question waits for approval: only its author and moderators see the thread. */
    pending: boolean;
    /** 0 = off; otherwise one post per user per this many minutes. */
    slowModeMinutes: number;
    /** Closed as a duplicate of this thread id. */
    duplicateOf: number | null;
  };
  page: number;
  pageCount: number;
  posts: PostView[];
  /** Shown right under the question, whichever page it is on. */
  acceptedAnswer: PostView | null;
  viewer: { watching: boolean; canReply: boolean; canAccept: boolean; canModerate: boolean };
}

function postQuery(db: Db) {
  return db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.number',
      'posts.author_id',
      'users.display_name',
      'users.username',
      'users.deleted_at as author_deleted_at',
      'posts.html',
      'posts.vote_score',
      'posts.created_at',
      'posts.edited_at',
      'posts.accepted_at',
      'posts.hidden_at',
      'posts.deleted_at',
      'posts.held_at',
    ]);
}
type PostRow = Awaited<ReturnType<ReturnType<typeof postQuery>['executeTakeFirstOrThrow']>>;

function toPostView(row: PostRow, viewer: SessionUser | null, votes: ReadonlySet<number>): PostView {
  const state: PostState =
    row.deleted_at !== null
      ? 'deleted'
      : row.held_at !== null
        ? 'pending'
        : row.hidden_at !== null
          ? 'hidden'
          : 'visible';
  // Moderators read everything; authors still read their own hidden post, to see what was hidden,
  // and their own post waiting for approval.
  const readable =
    state === 'visible' ||
    isModerator(viewer) ||
    ((state === 'hidden' || state === 'pending') && viewer?.id === row.author_id);
  return {
    id: row.id,
    number: row.number,
    author: {
      id: row.author_id,
      name: row.display_name,
      username: row.username,
      deleted: row.author_deleted_at !== null,
    },
    html: readable ? row.html : null,
    state,
    voteScore: row.vote_score,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    accepted: row.accepted_at !== null,
    votedByViewer: votes.has(row.id),
  };
}

/**
 * Page `page` of a thread (50 posts) with its accepted answer, or null when there is no such
 * page for this viewer (hidden and deleted threads exist only for moderators).
 */
export async function threadPage(
  db: Db,
  viewer: SessionUser | null,
  threadId: number,
  page = 1,
): Promise<ThreadPage | null> {
  const row = await summaryQuery(db)
    .select([
      'threads.hidden_at',
      'threads.deleted_at',
      'threads.last_post_number',
      'threads.held_at',
      'threads.slow_mode_minutes',
      'threads.duplicate_of',
    ])
    .where('threads.id', '=', threadId)
    .executeTakeFirst();
  if (!row) return null;
  const moderator = isModerator(viewer);
  const ownHeld = row.held_at !== null && row.deleted_at === null && viewer?.id === row.author_id;
  if ((row.hidden_at !== null || row.deleted_at !== null) && !moderator && !ownHeld) return null;
  const pageCount = pageOfPost(row.last_post_number);
  if (!Number.isInteger(page) || page < 1 || page > pageCount) return null;

  const first = (page - 1) * POSTS_PER_PAGE + 1;
  const rows = await postQuery(db)
    .where('posts.thread_id', '=', threadId)
    .where('posts.number', '>=', first)
    .where('posts.number', '<', first + POSTS_PER_PAGE)
    .orderBy('posts.number')
    .execute();
  const onPage = rows.some((r) => r.id === row.accepted_post_id);
  const acceptedRow =
    row.accepted_post_id === null
      ? undefined
      : onPage
        ? rows.find((r) => r.id === row.accepted_post_id)
        : await postQuery(db).where('posts.id', '=', row.accepted_post_id).executeTakeFirst();
  const ids = [...rows.map((r) => r.id), ...(acceptedRow ? [acceptedRow.id] : [])];
  const votes = viewer ? await votedPosts(db, viewer.id, ids) : new Set<number>();
  const accepted = acceptedRow ? toPostView(acceptedRow, viewer, votes) : null;
  const locked = row.state === 'locked';
  const mayWrite = Boolean(viewer) && !writeRestriction(viewer!);
  return {
    thread: {
      ...toSummary(row),
      acceptedPostId: row.accepted_post_id,
      // A held question is hidden too (noindex, no JSON-LD); `pending` tells the two apart.
      hidden: row.hidden_at !== null,
      deleted: row.deleted_at !== null,
      locked,
      lastPostNumber: row.last_post_number,
      pending: row.held_at !== null,
      slowModeMinutes: row.slow_mode_minutes,
      duplicateOf: row.duplicate_of,
    },
    page,
    pageCount,
    posts: rows.map((r) => toPostView(r, viewer, votes)),
    acceptedAnswer: accepted && accepted.state === 'visible' ? accepted : null,
    viewer: {
      watching: viewer ? await isWatching(db, viewer.id, threadId) : false,
      canReply: mayWrite && (!locked || moderator) && row.held_at === null,
      canAccept: mayWrite && (moderator || (viewer!.id === row.author_id && !locked)),
      canModerate: moderator,
    },
  };
}

/** Counts a view (the page skips bots and repeat loads before calling). One UPDATE. */
/** One more view of a visible thread; the asker reading their own question is not a reader. */
export async function recordThreadView(db: Db, threadId: number, viewerId: number | null = null): Promise<void> {
  await db
    .updateTable('threads')
    .set((eb) => ({ view_count: eb('view_count', '+', 1) }))
    .where('id', '=', threadId)
    .where('deleted_at', 'is', null)
    .$if(viewerId !== null, (q) => q.where('author_id', '!=', viewerId!))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Moderation hooks on a whole thread: the change itself is a step in visibility.ts.

async function threadAuthor(db: Db, threadId: number) {
  return db
    .selectFrom('threads')
    .select(['id', 'author_id', 'reply_count', 'deleted_at'])
    .where('id', '=', threadId)
    .executeTakeFirst();
}

async function changeThread(
  db: Db,
  actor: SessionUser,
  threadId: number,
  action: ThreadChange,
  reason: string | null,
  now: number,
): Promise<Outcome<{ changed: boolean }>> {
  const thread = await threadAuthor(db, threadId);
  if (!thread) return refuse('notFound');
  return db.transaction().execute(async (trx) => {
    const changed = await applyThreadChange(trx, actor.id, threadId, action, reason, now);
    // Staff acting on a thread is a moderation action: on the record in the same transaction.
    if (changed && isModerator(actor) && (thread.author_id !== actor.id || action !== 'thread.delete')) {
      await recordModeration(
        trx,
        {
          actorId: actor.id,
          action: action === 'thread.unhide' ? 'thread.restore' : action,
          targetUserId: thread.author_id,
          threadId,
          reason,
        },
        now,
      );
    }
    return { ok: true as const, changed };
  });
}

export async function hideThread(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null,
  now = Date.now(),
) {
  const user = requirePermission(actor, 'moderation');
  return changeThread(db, user, threadId, 'thread.hide', cleanReason(reason), now);
}

export async function unhideThread(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null = null,
  now = Date.now(),
) {
  const user = requirePermission(actor, 'moderation');
  return changeThread(db, user, threadId, 'thread.unhide', cleanReason(reason), now);
}

/** Moderators delete any thread; an asker may delete their own question while nobody has replied. */
export async function deleteThread(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: boolean }>> {
  const user = requireMember(actor);
  if (!isModerator(user)) {
    const thread = await threadAuthor(db, threadId);
    if (!thread || thread.deleted_at !== null) return refuse('notFound');
    if (thread.author_id !== user.id) throw new AuthorizationError(403);
    if (thread.reply_count > 0) return refuse('hasReplies');
  }
  return changeThread(db, user, threadId, 'thread.delete', cleanReason(reason), now);
}

export async function setThreadLocked(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  locked: boolean,
  reason: string | null = null,
  now = Date.now(),
) {
  const user = requirePermission(actor, 'moderation');
  return changeThread(db, user, threadId, locked ? 'thread.lock' : 'thread.unlock', cleanReason(reason), now);
}

export async function setThreadPinned(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  pinned: boolean,
  now = Date.now(),
) {
  const user = requirePermission(actor, 'moderation');
  return changeThread(db, user, threadId, pinned ? 'thread.pin' : 'thread.unpin', null, now);
}
