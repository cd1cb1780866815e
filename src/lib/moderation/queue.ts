// The review queue: one list of reviewable items (a flagged post, a post held for approval, a
// watched-word hit), each with a status and a history (its audit rows). A moderator claims an
// item before acting so two moderators do not act on the same one; a claim lasts
// `moderation.claimMinutes` and another moderator's action on a claimed item is refused
// (`claimed`) until it expires. Every action writes one audit row and tells the author, with
// the reason, in the transaction of the action.
//
// Actions take a target: `{ itemId }` from the queue, or `{ postId }` from a thread page; acting
// on a post resolves every pending item about it. Acting on post 1 acts on its thread. The steps
// inside an action's transaction live with their nouns: review-items.ts (opening, closing, the
// claim check), forum/visibility.ts (hide, restore…), forum/revisions.ts (an edit).
import { forUpdate, type Db } from '../db/index.ts';
import type { FlagReason, ModerationNotificationKind, ReviewKind, ReviewStatus, SanctionKind } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';
import { renderPost } from '../forum/mentions.ts';
import { queueWatcherNotifications } from '../forum/fanout.ts';
import { wakeDeliveryWorker } from '../mail/wake.ts';
import { cleanBody, cleanReason, cleanTitle } from '../forum/policy.ts';
import { saveRevision } from '../forum/revisions.ts';
import {
  applyReplyChange,
  applyThreadChange,
  loadPost,
  type PostChange,
  type PostRow,
  type ThreadChange,
} from '../forum/visibility.ts';
import { refuse, type ModerationOutcome } from '../outcome.ts';
import { getSettings } from '../settings.ts';
import { notifyUser, recordModeration, type AuditEntry, type ModerationAction } from './audit.ts';
import { claimedByOther, closeReviewItems } from './review-items.ts';
import { maybePromote } from './trust.ts';

export const REVIEW_KINDS: readonly ReviewKind[] = ['flag', 'held', 'watched_word'];
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['pending', 'approved', 'rejected', 'dismissed'];

// ---------------------------------------------------------------------------------------------
// Reading the queue

export type PostVisibility = 'visible' | 'hidden' | 'deleted' | 'pending';

export interface SanctionView {
  id: number;
  kind: SanctionKind;
  reason: string;
  until: string | null;
  by: number | null;
  createdAt: number;
}

export interface FlagView {
  id: number;
  user: { id: number; name: string };
  reason: FlagReason;
  note: string | null;
  trusted: boolean;
  status: string;
  createdAt: number;
}

export interface ReviewItemView {
  id: number;
  kind: ReviewKind;
  status: ReviewStatus;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  resolvedBy: number | null;
  /** For watched-word hits: `{ matches: [{ word, action, text, how }] }`; for holds: `{ reason }`. */
  data: Record<string, unknown> | null;
  /** Null when nobody holds it (or the claim expired). */
  claim: { by: { id: number; name: string }; until: number } | null;
  post: {
    id: number;
    number: number;
    source: string;
    html: string;
    state: PostVisibility;
    createdAt: number;
    editedAt: number | null;
    flagCount: number;
  };
  thread: { id: number; locale: string; slug: string; title: string; state: string; hidden: boolean; deleted: boolean };
  author: {
    id: number;
    name: string;
    trustLevel: number;
    joinedAt: string;
    silencedUntil: string | null;
    suspendedUntil: string | null;
    /** Posts written (any state). */
    postCount: number;
    /** Flags other members raised on this author's posts. */
    flagsReceived: number;
    /** Newest first, at most 10. */
    sanctions: SanctionView[];
  };
  /** Newest first. */
  flags: FlagView[];
  /** The item's audit rows, oldest first. */
  history: AuditEntry[];
}

function itemQuery(db: Db) {
  return db
    .selectFrom('review_items as i')
    .innerJoin('posts as p', 'p.id', 'i.post_id')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .leftJoin('users as c', 'c.id', 'i.claimed_by')
    .select([
      'i.id',
      'i.kind',
      'i.status',
      'i.data',
      'i.claimed_by',
      'c.display_name as claimed_name',
      'i.claimed_until',
      'i.created_at',
      'i.updated_at',
      'i.resolved_at',
      'i.resolved_by',
      'p.id as post_id',
      'p.number',
      'p.source',
      'p.html',
      'p.hidden_at',
      'p.deleted_at',
      'p.held_at',
      'p.created_at as post_created_at',
      'p.edited_at',
      'p.flag_count',
      't.id as thread_id',
      't.locale',
      't.slug',
      't.title',
      't.state',
      't.hidden_at as thread_hidden_at',
      't.deleted_at as thread_deleted_at',
      'u.id as author_id',
      'u.display_name as author_name',
      'u.trust_level',
      'u.created_at as author_created_at',
      'u.silenced_until',
      'u.suspended_until',
    ]);
}

async function toViews(
  db: Db,
  rows: Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>,
  now: number,
): Promise<ReviewItemView[]> {
  if (!rows.length) return [];
  const itemIds = rows.map((r) => r.id);
  const authorIds = [...new Set(rows.map((r) => r.author_id))];
  const postIds = [...new Set(rows.map((r) => r.post_id))];
  const [flags, postCounts, flagCounts, sanctions, history] = await Promise.all([
    db
      .selectFrom('flags')
      .innerJoin('users', 'users.id', 'flags.user_id')
      .select([
        'flags.id',
        'flags.post_id',
        'flags.user_id',
        'users.display_name',
        'flags.reason',
        'flags.note',
        'flags.trusted',
        'flags.status',
        'flags.created_at',
      ])
      .where('flags.post_id', 'in', postIds)
      .orderBy('flags.id', 'desc')
      .execute(),
    db
      .selectFrom('posts')
      .select(['author_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('author_id', 'in', authorIds)
      .groupBy('author_id')
      .execute(),
    db
      .selectFrom('flags')
      .innerJoin('posts', 'posts.id', 'flags.post_id')
      .select(['posts.author_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('posts.author_id', 'in', authorIds)
      .groupBy('posts.author_id')
      .execute(),
    db.selectFrom('user_sanctions').selectAll().where('user_id', 'in', authorIds).orderBy('id', 'desc').execute(),
    db
      .selectFrom('moderation_audit as a')
      .leftJoin('users as actor', 'actor.id', 'a.actor_id')
      .leftJoin('users as target', 'target.id', 'a.target_user_id')
      .select([
        'a.id',
        'a.action',
        'a.actor_id',
        'actor.display_name as actor_name',
        'a.target_user_id',
        'target.display_name as target_name',
        'a.thread_id',
        'a.post_id',
        'a.item_id',
        'a.reason',
        'a.data',
        'a.created_at',
      ])
      .where('a.item_id', 'in', itemIds)
      .orderBy('a.id')
      .execute(),
  ]);
  const count = (list: { author_id: number; n: number }[], id: number) =>
    Number(list.find((c) => c.author_id === id)?.n ?? 0);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
    claim:
      r.claimed_by !== null && (r.claimed_until ?? 0) > now
        ? { by: { id: r.claimed_by, name: r.claimed_name ?? '' }, until: r.claimed_until! }
        : null,
    post: {
      id: r.post_id,
      number: r.number,
      source: r.source,
      html: r.html,
      state:
        r.deleted_at !== null
          ? 'deleted'
          : r.held_at !== null
            ? 'pending'
            : r.hidden_at !== null
              ? 'hidden'
              : 'visible',
      createdAt: r.post_created_at,
      editedAt: r.edited_at,
      flagCount: r.flag_count,
    },
    thread: {
      id: r.thread_id,
      locale: r.locale,
      slug: r.slug,
      title: r.title,
      state: r.state,
      hidden: r.thread_hidden_at !== null,
      deleted: r.thread_deleted_at !== null,
    },
    author: {
      id: r.author_id,
      name: r.author_name,
      trustLevel: r.trust_level,
      joinedAt: r.author_created_at,
      silencedUntil: r.silenced_until,
      suspendedUntil: r.suspended_until,
      postCount: count(postCounts, r.author_id),
      flagsReceived: count(flagCounts, r.author_id),
      sanctions: sanctions
        .filter((s) => s.user_id === r.author_id)
        .slice(0, 10)
        .map((s) => ({
          id: s.id,
          kind: s.kind,
          reason: s.reason,
          until: s.until,
          by: s.created_by,
          createdAt: s.created_at,
        })),
    },
    flags: flags
      .filter((f) => f.post_id === r.post_id)
      .map((f) => ({
        id: f.id,
        user: { id: f.user_id, name: f.display_name },
        reason: f.reason,
        note: f.note,
        trusted: f.trusted === 1,
        status: f.status,
        createdAt: f.created_at,
      })),
    history: history
      .filter((h) => h.item_id === r.id)
      .map((h) => ({
        id: h.id,
        action: h.action,
        actor: h.actor_id !== null ? { id: h.actor_id, name: h.actor_name ?? '' } : null,
        targetUser: h.target_user_id !== null ? { id: h.target_user_id, name: h.target_name ?? '' } : null,
        threadId: h.thread_id,
        postId: h.post_id,
        itemId: h.item_id,
        reason: h.reason,
        data: h.data ? (JSON.parse(h.data) as Record<string, unknown>) : null,
        createdAt: h.created_at,
      })),
  }));
}

export interface ReviewListOptions {
  status?: ReviewStatus;
  kind?: ReviewKind;
  /** Keyset: the last id of the previous page. Pending items read oldest first, others newest first. */
  cursor?: number;
  limit?: number;
}

/** One page of the queue with everything a moderator decides on: content, context, flags, history. */
export async function listReviewItems(
  db: Db,
  viewer: SessionUser | null,
  options: ReviewListOptions = {},
  now = Date.now(),
): Promise<{ items: ReviewItemView[]; next: number | null }> {
  requirePermission(viewer, 'moderation');
  const status = options.status ?? 'pending';
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  // The oldest pending item waits longest: the queue reads first-in first-out; history reads newest first.
  const ascending = status === 'pending';
  let query = itemQuery(db).where('i.status', '=', status);
  if (options.kind) query = query.where('i.kind', '=', options.kind);
  if (options.cursor !== undefined) query = query.where('i.id', ascending ? '>' : '<', options.cursor);
  const rows = await query
    .orderBy('i.id', ascending ? 'asc' : 'desc')
    .limit(limit + 1)
    .execute();
  const items = await toViews(db, rows.slice(0, limit), now);
  return { items, next: rows.length > limit ? items.at(-1)!.id : null };
}

export async function getReviewItem(
  db: Db,
  viewer: SessionUser | null,
  itemId: number,
  now = Date.now(),
): Promise<ReviewItemView | null> {
  requirePermission(viewer, 'moderation');
  const rows = await itemQuery(db).where('i.id', '=', itemId).execute();
  return (await toViews(db, rows, now))[0] ?? null;
}

/** Pending items per kind, for a badge in the admin navigation. */
export async function pendingReviewCounts(
  db: Db,
  viewer: SessionUser | null,
): Promise<Record<ReviewKind, number> & { total: number }> {
  requirePermission(viewer, 'moderation');
  const rows = await db
    .selectFrom('review_items')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'pending')
    .groupBy('kind')
    .execute();
  const counts = { flag: 0, held: 0, watched_word: 0, total: 0 };
  for (const row of rows) {
    counts[row.kind] = Number(row.n);
    counts.total += Number(row.n);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Claims

const itemById = (db: Db, itemId: number) => db.selectFrom('review_items').selectAll().where('id', '=', itemId);

async function itemRow(db: Db, itemId: number) {
  return itemById(db, itemId).executeTakeFirst();
}

/** The item, locked until the transaction ends (Postgres), so it cannot change between the check and the write. */
async function lockedItemRow(trx: Db, itemId: number) {
  return forUpdate(trx, itemById(trx, itemId)).executeTakeFirst();
}

/** Claims an item for `moderation.claimMinutes` (renewing one's own claim); refused while another moderator holds it. */
export async function claimReviewItem(
  db: Db,
  actor: SessionUser | null,
  itemId: number,
  now = Date.now(),
): Promise<ModerationOutcome<{ until: number }>> {
  const user = requirePermission(actor, 'moderation');
  const { 'moderation.claimMinutes': minutes } = await getSettings(db);
  const until = now + minutes * 60_000;
  return db.transaction().execute(async (trx) => {
    const item = await lockedItemRow(trx, itemId);
    if (!item) return refuse('notFound');
    if (item.status !== 'pending') return refuse('notPending');
    // One conditional UPDATE: of two moderators claiming at once, only one gets the row.
    const result = await trx
      .updateTable('review_items')
      .set({ claimed_by: user.id, claimed_until: until, updated_at: now })
      .where('id', '=', itemId)
      .where((eb) =>
        eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', user.id), eb('claimed_until', '<=', now)]),
      )
      .executeTakeFirst();
    if (!Number(result.numUpdatedRows)) return refuse('claimed');
    await recordModeration(
      trx,
      {
        actorId: user.id,
        action: 'item.claim',
        itemId,
        postId: item.post_id,
        threadId: item.thread_id,
        targetUserId: item.author_id,
        data: { until },
      },
      now,
    );
    return { ok: true as const, until };
  });
}

/** Gives a claim back; only its holder may (or anyone once it expired). */
export async function unclaimReviewItem(
  db: Db,
  actor: SessionUser | null,
  itemId: number,
  now = Date.now(),
): Promise<ModerationOutcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  return db.transaction().execute(async (trx) => {
    const item = await lockedItemRow(trx, itemId);
    if (!item) return refuse('notFound');
    if (claimedByOther(item, user.id, now)) return refuse('claimed');
    if (item.claimed_by === null) return { ok: true as const, changed: false };
    await trx
      .updateTable('review_items')
      .set({ claimed_by: null, claimed_until: null, updated_at: now })
      .where('id', '=', itemId)
      .execute();
    await recordModeration(
      trx,
      {
        actorId: user.id,
        action: 'item.unclaim',
        itemId,
        postId: item.post_id,
        threadId: item.thread_id,
        targetUserId: item.author_id,
      },
      now,
    );
    return { ok: true as const, changed: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Actions on the content

export type ReviewTarget = { itemId: number } | { postId: number };

interface Resolved {
  post: PostRow;
  /** The item acted from, when the target was an item. */
  item: NonNullable<Awaited<ReturnType<typeof itemRow>>> | null;
}

async function resolveTarget(db: Db, target: ReviewTarget): Promise<Resolved | null> {
  if ('itemId' in target) {
    const item = await itemRow(db, target.itemId);
    if (!item) return null;
    const post = await loadPost(db, item.post_id);
    return post ? { post, item } : null;
  }
  const post = await loadPost(db, target.postId);
  return post ? { post, item: null } : null;
}

interface ActionSpec {
  action: ModerationAction;
  /** Only pending items may take it (approve, dismiss). */
  needsPending?: boolean;
  /** What pending items about the post become; undefined leaves them pending. */
  resolveTo?: Exclude<ReviewStatus, 'pending'>;
  /** What the post's pending flags become. */
  flagsTo?: 'agreed' | 'dismissed';
  notice?: ModerationNotificationKind;
}

/** Runs one moderation action in one transaction: the change, the items, the flags, one audit row, the author's notice. */
async function act(
  db: Db,
  actor: SessionUser | null,
  target: ReviewTarget,
  reason: string | null | undefined,
  now: number,
  spec: ActionSpec,
  change: (
    trx: Db,
    resolved: Resolved,
    why: string | null,
  ) => Promise<{
    changed: boolean;
    action?: ModerationAction;
    notice?: ModerationNotificationKind | null;
    data?: Record<string, unknown>;
  }>,
): Promise<ModerationOutcome<{ changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const resolved = await resolveTarget(db, target);
  if (!resolved) return refuse('notFound');
  const { item, post } = resolved;
  if (item && claimedByOther(item, user.id, now)) return refuse('claimed');
  if (spec.needsPending && item && item.status !== 'pending') return refuse('notPending');
  const why = cleanReason(reason);
  return db.transaction().execute(async (trx) => {
    // Someone else's claim on any pending item about this post also stops an action by post id.
    if (!item) {
      const claimed = await trx
        .selectFrom('review_items')
        .select('id')
        .where('post_id', '=', post.id)
        .where('status', '=', 'pending')
        .where('claimed_by', '!=', user.id)
        .where('claimed_until', '>', now)
        .executeTakeFirst();
      if (claimed) return refuse('claimed');
    }
    const outcome = await change(trx, resolved, why);
    if (spec.resolveTo) await closeReviewItems(trx, post.id, spec.resolveTo, user.id, now);
    if (spec.flagsTo)
      await trx
        .updateTable('flags')
        .set({ status: spec.flagsTo })
        .where('post_id', '=', post.id)
        .where('status', '=', 'pending')
        .execute();
    await recordModeration(
      trx,
      {
        actorId: user.id,
        action: outcome.action ?? spec.action,
        targetUserId: post.author_id,
        threadId: post.thread_id,
        postId: post.id,
        itemId: item?.id ?? null,
        reason: why,
        data: { changed: outcome.changed, ...outcome.data },
      },
      now,
    );
    const notice = outcome.notice === undefined ? spec.notice : outcome.notice;
    if (notice && outcome.changed)
      await notifyUser(
        trx,
        post.author_id,
        notice,
        { threadId: post.thread_id, postId: post.id, actorId: user.id, reason: why },
        now,
      );
    return { ok: true as const, changed: outcome.changed };
  });
}

/** Post 1 stands for its thread: visibility changes act on the thread. */
async function changeVisibility(
  trx: Db,
  actorId: number,
  post: PostRow,
  postAction: PostChange,
  threadAction: ThreadChange,
  reason: string | null,
  now: number,
): Promise<boolean> {
  if (post.number === 1) return applyThreadChange(trx, actorId, post.thread_id, threadAction, reason, now);
  return applyReplyChange(trx, actorId, post, postAction, reason, now);
}

/** Approves: a held post is published, a post hidden by flags comes back, the flags are dismissed. */
export async function approveItem(
  db: Db,
  actor: SessionUser | null,
  target: ReviewTarget,
  reason: string | null = null,
  now = Date.now(),
) {
  const approved = await act(
    db,
    actor,
    target,
    reason,
    now,
    { action: 'item.approve', needsPending: true, resolveTo: 'approved', flagsTo: 'dismissed' },
    async (trx, { post }, why) => {
      const wasHeld = post.held_at !== null;
      const hidden = post.number === 1 ? post.thread_hidden_at !== null : post.hidden_at !== null;
      if (post.deleted_at !== null || !hidden) return { changed: false, notice: null };
      const changed = await changeVisibility(trx, actorId(actor), post, 'post.unhide', 'thread.unhide', why, now);
      if (changed && wasHeld && post.number > 1)
        await queueWatcherNotifications(
          trx,
          { threadId: post.thread_id, postId: post.id, actorId: post.author_id },
          [],
          now,
        );
      if (changed) await maybePromote(trx, post.author_id, now);
      return { changed, notice: wasHeld ? 'mod.approved' : 'mod.restored' };
    },
  );
  // A held reply's watchers are told by this process's worker, woken now rather than at its next poll.
  if (approved.ok && approved.changed) wakeDeliveryWorker();
  return approved;
}

const actorId = (actor: SessionUser | null) => actor!.id;

/** Dismisses the flags on a post: the item is closed, the post stays as it is. */
export async function dismissFlags(
  db: Db,
  actor: SessionUser | null,
  target: ReviewTarget,
  reason: string | null = null,
  now = Date.now(),
) {
  return act(
    db,
    actor,
    target,
    reason,
    now,
    { action: 'item.dismiss', needsPending: true, resolveTo: 'dismissed', flagsTo: 'dismissed' },
    async () => ({ changed: true, notice: null }),
  );
}

/** Hides the post (post 1: the thread) pending nothing further; the author sees it and the reason. */
export async function hideItemPost(
  db: Db,
  actor: SessionUser | null,
  target: ReviewTarget,
  reason: string | null = null,
  now = Date.now(),
) {
  return act(
    db,
    actor,
    target,
    reason,
    now,
    { action: 'post.hide', resolveTo: 'rejected', flagsTo: 'agreed', notice: 'mod.hidden' },
    async (trx, { post }, why) => ({
      changed:
        post.held_at !== null ||
        (await changeVisibility(trx, actorId(actor), post, 'post.hide', 'thread.hide', why, now)),
      action: post.number === 1 ? 'thread.hide' : 'post.hide',
    }),
  );
}

/** Soft-deletes the post (post 1: the thread); `restoreItemPost` brings it back. */
export async function deleteItemPost(
  db: Db,
  actor: SessionUser | null,
  target: ReviewTarget,
  reason: string | null = null,
  now = Date.now(),
) {
  return act(
    db,
    actor,
    target,
    reason,
    now,
    { action: 'post.delete', resolveTo: 'rejected', flagsTo: 'agreed', notice: 'mod.deleted' },
    async (trx, { post }, why) => ({
      changed: await changeVisibility(trx, actorId(actor), post, 'post.delete', 'thread.delete', why, now),
      action: post.number === 1 ? 'thread.delete' : 'post.delete',
    }),
  );
}

/** Brings back a hidden, deleted or held post (post 1: the thread). */
export async function restoreItemPost(
  db: Db,
  actor: SessionUser | null,
  target: ReviewTarget,
  reason: string | null = null,
  now = Date.now(),
) {
  return act(
    db,
    actor,
    target,
    reason,
    now,
    { action: 'post.restore', resolveTo: 'approved', flagsTo: 'dismissed', notice: 'mod.restored' },
    async (trx, { post }, why) => {
      const changed = await changeVisibility(trx, actorId(actor), post, 'post.restore', 'thread.restore', why, now);
      if (changed) await maybePromote(trx, post.author_id, now);
      return { changed, action: post.number === 1 ? 'thread.restore' : 'post.restore' };
    },
  );
}

/** A moderator's edit of someone's post, with the reason the author sees; the old text is kept as a revision. The item stays open. */
export async function editItemPost(
  db: Db,
  actor: SessionUser | null,
  target: ReviewTarget,
  edit: { body: string; title?: string; reason: string },
  now = Date.now(),
): Promise<ModerationOutcome<{ changed: boolean }>> {
  requirePermission(actor, 'moderation');
  const reason = cleanReason(edit.reason);
  if (!reason) return refuse('reasonRequired');
  const source = cleanBody(edit.body);
  if (!source) return refuse('bodyLength');
  const resolved = await resolveTarget(db, target);
  if (!resolved) return refuse('notFound');
  let title: string | null = null;
  if (resolved.post.number === 1 && edit.title !== undefined) {
    title = cleanTitle(edit.title);
    if (!title) return refuse('titleLength');
  }
  const { html } = await renderPost(db, resolved.post.locale, source);
  return act(
    db,
    actor,
    target,
    reason,
    now,
    { action: 'post.edit', notice: 'mod.edited' },
    async (trx, { post }, why) => {
      const titleChanged = title !== null && title !== post.title;
      if (source === post.source && !titleChanged) return { changed: false };
      const revision = await saveRevision(
        trx,
        post,
        { source, html, title, editorId: actorId(actor), reason: why },
        now,
      );
      return { changed: true, data: { revision } };
    },
  );
}
