// Threads as machines read them, feeds and sitemaps: only what an anonymous reader of the site
// sees (./visibility.ts's publiclyVisible on the thread, its question and its answer), so
// nothing hidden, held or deleted ever leaves through them.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { firstParagraphText } from '../markdown/render.ts';
import { FEED_SIZE } from '../seo/feeds.ts';
import { publiclyVisible } from './visibility.ts';

export interface SolvedThread {
  id: number;
  locale: string;
  slug: string;
  title: string;
  /** Empty when the asker deleted their account (the feed says "deleted member"). */
  askerName: string;
  askedAt: number;
  /** When its answer was accepted. */
  solvedAt: number;
  /** The question's first paragraph as plain text ('' when the question itself is not public). */
  summary: string;
}

/** Solved threads whose thread and accepted answer are public: the rule the feed and the digest share. */
function publicSolvedThreads(db: Db) {
  return db
    .selectFrom('threads')
    .innerJoin('posts as answer', 'answer.id', 'threads.accepted_post_id')
    .where(publiclyVisible('threads'))
    .where('threads.state', '=', sql.lit('solved'))
    .where(publiclyVisible('answer'))
    .where('answer.accepted_at', 'is not', null);
}

/**
 * A category's solved threads in a locale, the last solved first: the community's Solved list
 * (visible threads in state `solved`, by its partial index) in the order of their answers'
 * acceptance, with an answer readers can see.
 */
export async function recentlySolvedThreads(
  db: Db,
  options: { locale: string; categoryId: number; limit?: number },
): Promise<SolvedThread[]> {
  const rows = await publicSolvedThreads(db)
    .innerJoin('posts as question', (join) =>
      join.onRef('question.thread_id', '=', 'threads.id').on('question.number', '=', 1),
    )
    .innerJoin('users as asker', 'asker.id', 'threads.author_id')
    .select([
      'threads.id',
      'threads.locale',
      'threads.slug',
      'threads.title',
      'threads.created_at',
      'asker.display_name',
      'answer.accepted_at',
      'question.html',
      sql<number>`CASE WHEN ${publiclyVisible('question')} THEN 1 ELSE 0 END`.as('question_public'),
    ])
    .where('threads.locale', '=', options.locale)
    .where('threads.category_id', '=', options.categoryId)
    .orderBy('answer.accepted_at', 'desc')
    .orderBy('threads.id', 'desc')
    .limit(options.limit ?? FEED_SIZE)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    locale: r.locale,
    slug: r.slug,
    title: r.title,
    askerName: r.display_name,
    askedAt: r.created_at,
    solvedAt: r.accepted_at!,
    summary: Number(r.question_public) === 1 ? firstParagraphText(r.html) : '',
  }));
}

/** A thread solved within a time window, for the weekly digest (src/lib/digest/). */
export interface SolvedInWindow {
  id: number;
  locale: string;
  slug: string;
  title: string;
  categoryId: number;
  solvedAt: number;
}

/**
 * Threads in `categoryIds` and `locales` whose answer was accepted in [since, until), newest first,
 * with the same rule as the feed: the thread and its accepted answer are public and it is solved.
 */
export async function solvedThreadsBetween(
  db: Db,
  options: { locales: readonly string[]; categoryIds: readonly number[]; since: number; until: number; limit: number },
): Promise<SolvedInWindow[]> {
  if (!options.locales.length || !options.categoryIds.length) return [];
  const rows = await publicSolvedThreads(db)
    .select([
      'threads.id',
      'threads.locale',
      'threads.slug',
      'threads.title',
      'threads.category_id',
      'answer.accepted_at',
    ])
    .where('threads.locale', 'in', options.locales)
    .where('threads.category_id', 'in', options.categoryIds)
    .where('answer.accepted_at', '>=', options.since)
    .where('answer.accepted_at', '<', options.until)
    .orderBy('answer.accepted_at', 'desc')
    .orderBy('threads.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    locale: r.locale,
    slug: r.slug,
    title: r.title,
    categoryId: r.category_id,
    solvedAt: r.accepted_at!,
  }));
}

/** Which of `ids` are still public solved threads (a digest planned an hour ago checks again before it is sent). */
export async function stillPublicSolved(db: Db, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('threads')
    .innerJoin('posts as answer', 'answer.id', 'threads.accepted_post_id')
    .select('threads.id')
    .where('threads.id', 'in', ids)
    .where(publiclyVisible('threads'))
    .where('threads.state', '=', sql.lit('solved'))
    .where(publiclyVisible('answer'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

// ---------------------------------------------------------------------------------------------
// The threads' sitemap: page n holds the public threads with ids in ((n-1)·size, n·size], read by
// a range on the primary key (keyset by id). A thread keeps its page for good, so a crawler's
// copy of the other pages stays right; a page thinned by deletions is only shorter. The index
// lists only pages with a thread in them (an empty <urlset> is not a valid sitemap).

/** Threads per sitemap page: the protocol's limit of URLs in one file. */
export const THREAD_SITEMAP_PAGE_SIZE = 50_000;

export interface SitemapThread {
  id: number;
  locale: string;
  slug: string;
  /** Last activity: its last visible post. */
  lastPostAt: number;
}

const publicThreads = (db: Db) => db.selectFrom('threads').where(publiclyVisible('threads'));

/** The numbers of the sitemap pages that hold at least one public thread, in order. */
export async function threadSitemapPages(db: Db, pageSize = THREAD_SITEMAP_PAGE_SIZE): Promise<number[]> {
  const pages: number[] = [];
  let after = 0;
  // One index seek per page: the first public thread past the last page found names the next.
  for (;;) {
    const next = await publicThreads(db).select('id').where('id', '>', after).orderBy('id').limit(1).executeTakeFirst();
    if (!next) return pages;
    const page = Math.ceil(next.id / pageSize);
    pages.push(page);
    after = page * pageSize;
  }
}

/** Page `page` (from 1) of the threads' sitemap, by id; empty when there is no such page. */
export async function threadSitemapPage(
  db: Db,
  page: number,
  pageSize = THREAD_SITEMAP_PAGE_SIZE,
): Promise<SitemapThread[]> {
  // Ids are 32-bit integers on PostgreSQL: a page past them is empty, never a query error.
  if (!Number.isSafeInteger(page) || page < 1 || (page - 1) * pageSize >= 2 ** 31) return [];
  const rows = await publicThreads(db)
    .select(['id', 'locale', 'slug', 'last_post_at'])
    .where('id', '>', (page - 1) * pageSize)
    .where('id', '<=', Math.min(page * pageSize, 2 ** 31 - 1))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, locale: r.locale, slug: r.slug, lastPostAt: r.last_post_at }));
}
