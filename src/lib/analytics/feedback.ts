// "Was this article helpful?": votes (changeable, one per visitor and article), their comments
// and triage, and article views (once per visitor, article and UTC day). Every write also
// updates article_daily in the same transaction, so reports never scan the raw rows.
import { sql, type Transaction } from 'kysely';
import { z } from 'astro/zod';
import { locales } from '../../i18n/locales.ts';
import type { CommentStatus, Database, VoteReason } from '../db/schema.ts';
import type { Db } from '../db/index.ts';

export const voteReasons = ['inaccurate', 'unclear', 'missing', 'irrelevant', 'other'] as const satisfies readonly VoteReason[];
export const commentStatuses = ['new', 'acknowledged', 'fixed'] as const satisfies readonly CommentStatus[];
export const MAX_COMMENT_LENGTH = 1_000;

/** Characters as a reader counts them (grapheme clusters), not UTF-16 units or bytes. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of new Intl.Segmenter().segment(text)) count++;
  return count;
}

export const voteSchema = z.strictObject({
  article: z.string().regex(/^(fa|ru|en)\/[a-z0-9-]+\/[a-z0-9-]+$/),
  helpful: z.enum(['yes', 'no']),
  reason: z.enum(voteReasons).optional(),
  comment: z
    .string()
    .trim()
    .refine((text) => characterCount(text) <= MAX_COMMENT_LENGTH, { message: 'too_long' })
    .optional(),
});
export type VoteInput = z.infer<typeof voteSchema>;

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Counter = 'views' | 'helpful' | 'unhelpful' | `reason_${VoteReason}`;

async function bump(tx: Transaction<Database>, article: string, day: string, counters: Counter[], by: 1 | -1): Promise<void> {
  if (!counters.length) return;
  const values = Object.fromEntries(counters.map((c) => [c, by === 1 ? 1 : 0]));
  await tx
    .insertInto('article_daily')
    .values({ article, day, ...values })
    .onConflict((oc) => oc.columns(['day', 'article']).doUpdateSet(Object.fromEntries(counters.map((c) => [c, sql`${sql.ref(c)} + ${by}`]))))
    .execute();
}

function voteCounters(helpful: number, reason: VoteReason | null): Counter[] {
  if (helpful) return ['helpful'];
  return reason ? ['unhelpful', `reason_${reason}`] : ['unhelpful'];
}

/**
 * Records or changes a visitor's answer for an article. A follow-up that only adds a reason or a
 * comment keeps what was said before; a new comment replaces the old one and is triaged afresh.
 */
export async function recordVote(db: Db, input: VoteInput & { visitor: string }, now = Date.now()): Promise<{ id: number }> {
  const helpful = input.helpful === 'yes' ? 1 : 0;
  const locale = input.article.slice(0, 2);
  if (!(locales as readonly string[]).includes(locale)) throw new Error(`Unknown locale in article id ${input.article}`);
  return db.transaction().execute(async (tx) => {
    const previous = await tx
      .selectFrom('article_votes')
      .selectAll()
      .where('article', '=', input.article)
      .where('visitor', '=', input.visitor)
      .executeTakeFirst();
    const comment = input.comment ? input.comment : (previous?.comment ?? null);
    const reason = helpful ? null : (input.reason ?? (previous && !previous.helpful ? previous.reason : null));
    const commentChanged = Boolean(input.comment) && input.comment !== previous?.comment;
    if (previous) await bump(tx, previous.article, utcDay(previous.updated_at), voteCounters(previous.helpful, previous.reason), -1);
    await bump(tx, input.article, utcDay(now), voteCounters(helpful, reason), 1);
    const row = await tx
      .insertInto('article_votes')
      .values({
        article: input.article,
        locale,
        visitor: input.visitor,
        helpful,
        reason,
        comment,
        comment_status: comment ? 'new' : null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['article', 'visitor']).doUpdateSet({
          helpful,
          reason,
          comment,
          updated_at: now,
          ...(commentChanged ? { comment_status: 'new' as const, status_by: null, status_at: null } : {}),
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  });
}

/** Removes a vote (spam, or a visitor taking it back) and its place in the daily counts. */
export async function deleteVote(db: Db, id: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const vote = await tx.deleteFrom('article_votes').where('id', '=', id).returningAll().executeTakeFirst();
    if (!vote) return false;
    await bump(tx, vote.article, utcDay(vote.updated_at), voteCounters(vote.helpful, vote.reason), -1);
    return true;
  });
}

/** Counts a view unless this visitor already viewed the article this UTC day. */
export async function recordView(db: Db, view: { article: string; visitor: string }, now = Date.now()): Promise<boolean> {
  const day = utcDay(now);
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('article_views')
      .values({ article: view.article, visitor: view.visitor, day, at: now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (!inserted.numInsertedOrUpdatedRows) return false;
    await bump(tx, view.article, day, ['views'], 1);
    return true;
  });
}

/** Moves a comment through triage, remembering who did it and when. */
export async function setCommentStatus(db: Db, id: number, status: CommentStatus, userId: number, now = Date.now()): Promise<boolean> {
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
    .select(['v.id', 'v.article', 'v.locale', 'v.helpful', 'v.reason', 'v.comment', 'v.comment_status', 'v.status_at', 'v.updated_at', 'u.display_name as status_by_name'])
    .where('v.comment', 'is not', null);
  if (filter.status) query = query.where('v.comment_status', '=', filter.status);
  if (filter.locale) query = query.where('v.locale', '=', filter.locale);
  const before = filter.before;
  if (before) query = query.where((eb) => eb.or([eb('v.updated_at', '<', before.updatedAt), eb.and([eb('v.updated_at', '=', before.updatedAt), eb('v.id', '<', before.id)])]));
  const rows = await query.orderBy('v.updated_at', 'desc').orderBy('v.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { updatedAt: last.updated_at, id: last.id } : undefined };
}
