// "Was this article helpful?": votes (changeable, one per visitor and article), their comments
// and triage, and article views (once per visitor, article and UTC day). Triggers (migration
// 0005) keep article_daily in step with every write, so reports never scan the raw rows.
import { sql } from 'kysely';
import { z } from 'astro/zod';
import { locales } from '../../i18n/locales.ts';
import { ARTICLE_ID_PATTERN } from '../content/articles.ts';
import type { CommentStatus, VoteReason } from '../db/schema.ts';
import { isDistinct } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { cleanUserText } from '../text.ts';

export const voteReasons = [
  'inaccurate',
  'unclear',
  'missing',
  'irrelevant',
  'other',
] as const satisfies readonly VoteReason[];
export const commentStatuses = ['new', 'acknowledged', 'fixed'] as const satisfies readonly CommentStatus[];
export const MAX_COMMENT_LENGTH = 1_000;

/** Characters as a reader counts them (grapheme clusters), not UTF-16 units or bytes. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of new Intl.Segmenter().segment(text)) count++;
  return count;
}

export const voteSchema = z.strictObject({
  article: z.string().regex(ARTICLE_ID_PATTERN),
  helpful: z.enum(['yes', 'no']),
  reason: z.enum(voteReasons).optional(),
  comment: z
    .string()
    // Shown again in the writers' inbox: no bidi overrides, no control characters.
    .overwrite(cleanUserText)
    .trim()
    .refine((text) => characterCount(text) <= MAX_COMMENT_LENGTH, { message: 'too_long' })
    .optional(),
});
export type VoteInput = z.infer<typeof voteSchema>;

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type VoteRecord = VoteInput & { visitor: string };

/**
 * One upsert for any number of votes (later rows see earlier ones, so a vote and its follow-up
 * in one batch end as if sent one by one). A follow-up that only adds a reason or a comment
 * keeps what was said before; a new comment replaces the old one and is triaged afresh.
 */
function upsertVotes(db: Db, votes: readonly VoteRecord[], now: number) {
  const rows = votes.map((vote) => {
    const locale = vote.article.slice(0, 2);
    if (!(locales as readonly string[]).includes(locale))
      throw new Error(`Unknown locale in article id ${vote.article}`);
    const helpful = vote.helpful === 'yes' ? 1 : 0;
    const comment = vote.comment || null;
    return {
      article: vote.article,
      locale,
      visitor: vote.visitor,
      helpful,
      reason: helpful ? null : (vote.reason ?? null),
      comment,
      comment_status: comment ? ('new' as const) : null,
      created_at: now,
      updated_at: now,
    };
  });
  const newComment = sql<boolean>`excluded.comment IS NOT NULL AND ${isDistinct(db, sql`excluded.comment`, sql`article_votes.comment`)}`;
  return db
    .insertInto('article_votes')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['article', 'visitor']).doUpdateSet({
        helpful: sql`excluded.helpful`,
        // A "no" keeps its earlier reason unless a new one is given; a "yes" has none.
        reason: sql`CASE WHEN excluded.helpful = 1 THEN NULL ELSE coalesce(excluded.reason, CASE WHEN article_votes.helpful = 0 THEN article_votes.reason END) END`,
        comment: sql`coalesce(excluded.comment, article_votes.comment)`,
        comment_status: sql`CASE WHEN ${newComment} THEN 'new' ELSE article_votes.comment_status END`,
        status_by: sql`CASE WHEN ${newComment} THEN NULL ELSE article_votes.status_by END`,
        status_at: sql`CASE WHEN ${newComment} THEN NULL ELSE article_votes.status_at END`,
        updated_at: sql`excluded.updated_at`,
      }),
    );
}

/** Records or changes one visitor's answer for an article (triggers keep article_daily in step). */
export async function recordVote(db: Db, vote: VoteRecord, now = Date.now()): Promise<{ id: number }> {
  return upsertVotes(db, [vote], now).returning('id').executeTakeFirstOrThrow();
}

/** Records a batch of votes in one statement, in order; SQLite caps a statement's values. */
export async function recordVotes(db: Db, votes: readonly VoteRecord[], now = Date.now()): Promise<void> {
  for (const statement of upsertStatements(votes)) await upsertVotes(db, statement, now).execute();
}

/**
 * Splits a batch into statements of at most 500 rows (SQLite caps a statement's values), each
 * with one row per visitor and article: Postgres refuses an upsert that changes a row twice
 * ("ON CONFLICT DO UPDATE command cannot affect row a second time"), so a vote and its follow-up
 * in one batch go into consecutive statements, in order.
 */
function upsertStatements(votes: readonly VoteRecord[]): VoteRecord[][] {
  const rowsPerStatement = 500;
  const statements: VoteRecord[][] = [];
  let current: VoteRecord[] = [];
  let keys = new Set<string>();
  for (const vote of votes) {
    const key = `${vote.article}\n${vote.visitor}`;
    if (current.length >= rowsPerStatement || keys.has(key)) {
      statements.push(current);
      current = [];
      keys = new Set();
    }
    current.push(vote);
    keys.add(key);
  }
  if (current.length) statements.push(current);
  // Each statement's rows (one per visitor and article) in article order: the rollup trigger then
  // locks article_daily rows in the same order in every process, so two batches cannot deadlock.
  for (const statement of statements)
    statement.sort((a, b) => (a.article < b.article ? -1 : a.article > b.article ? 1 : 0));
  return statements;
}

/** Removes a vote (spam, or a visitor taking it back); the trigger takes it out of the counts. */
export async function deleteVote(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('article_votes').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Counts a view unless this visitor already viewed the article this UTC day. */
export async function recordView(
  db: Db,
  view: { article: string; visitor: string },
  now = Date.now(),
): Promise<boolean> {
  const inserted = await db
    .insertInto('article_views')
    .values({ article: view.article, visitor: view.visitor, day: utcDay(now), at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Boolean(inserted.numInsertedOrUpdatedRows);
}

/** Moves a comment through triage, remembering who did it and when. */
export async function setCommentStatus(
  db: Db,
  id: number,
  status: CommentStatus,
  userId: number,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('article_votes')
    .set({ comment_status: status, status_by: userId, status_at: now })
    .where('id', '=', id)
    .where('comment', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface InboxFilter {
  status?: CommentStatus | undefined;
  locale?: string | undefined;
  /** Keyset cursor: the last row of the previous page. */
  before?: { updatedAt: number; id: number } | undefined;
  limit?: number;
}

/** Comments, newest first, with who triaged them. */
export async function commentInbox(db: Db, filter: InboxFilter = {}) {
  const limit = filter.limit ?? 50;
  let query = db
    .selectFrom('article_votes as v')
    .leftJoin('users as u', 'u.id', 'v.status_by')
    .select([
      'v.id',
      'v.article',
      'v.locale',
      'v.helpful',
      'v.reason',
      'v.comment',
      'v.comment_status',
      'v.status_at',
      'v.updated_at',
      'u.display_name as status_by_name',
    ])
    .where('v.comment', 'is not', null);
  if (filter.status) query = query.where('v.comment_status', '=', filter.status);
  if (filter.locale) query = query.where('v.locale', '=', filter.locale);
  const before = filter.before;
  if (before)
    query = query.where((eb) =>
      eb.or([
        eb('v.updated_at', '<', before.updatedAt),
        eb.and([eb('v.updated_at', '=', before.updatedAt), eb('v.id', '<', before.id)]),
      ]),
    );
  const rows = await query
    .orderBy('v.updated_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { updatedAt: last.updated_at, id: last.id } : undefined };
}
