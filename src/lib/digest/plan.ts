// Planning the weekly digest: for each member who turned it on, what happened in the past 7 days
// in the categories they follow, in their language: community threads solved (public, with a
// public accepted answer) and articles published or updated (from the build's content status,
// src/lib/content/built-articles.ts: the server never reads MDX). The week's decision is one row
// per member (digest_mails, UNIQUE (user_id, week)): several processes and hosts may plan at once
// and one insert wins; a member with nothing to report gets an `empty` row, which settles the week
// without a mail. Members are read in keyset pages, so a large forum costs a series of small reads.
import { isLocale, type Locale } from '../../i18n/index.ts';
import { articleUrl } from '../content/articles.ts';
import { isoWeek } from '../mail/weekly.ts';
import type { StatusGroup } from '../content/status.ts';
import type { Db } from '../db/index.ts';
import { solvedThreadsBetween } from '../forum/public-threads.ts';
import { threadPath } from '../forum/urls.ts';

const DAY_MS = 86_400_000;
/** What a digest covers: the 7 days before it is planned. */
export const DIGEST_SPAN_MS = 7 * DAY_MS;
/** Items per section of one mail; more than that reads as a list, not a digest. */
export const MAX_ITEMS = 25;
/** Members planned per page of the keyset walk. */
const PAGE = 500;
/** Rows of past weeks kept (they only ever decide their own week). */
const KEEP_MS = 35 * DAY_MS;

export interface DigestThread {
  id: number;
  title: string;
  category: string;
  /** The thread's path on the site. */
  path: string;
  solvedAt: number;
}

export interface DigestArticle {
  id: string;
  title: string;
  category: string;
  path: string;
  /** ISO 8601, as the build wrote it. */
  updated: string;
}

export interface DigestItems {
  threads: DigestThread[];
  articles: DigestArticle[];
}

/** Published articles updated in [since, until), by `<locale>/<category>`, newest first. */
export function recentArticles(
  groups: readonly StatusGroup[],
  since: number,
  until: number,
): Map<string, DigestArticle[]> {
  const found: (DigestArticle & { key: string; at: number })[] = [];
  for (const group of groups)
    for (const cell of Object.values(group.cells)) {
      const article = cell.article;
      if (!article || article.draft) continue;
      const at = Date.parse(article.updated);
      if (!(at >= since && at < until)) continue;
      found.push({
        key: `${article.locale}/${article.category}`,
        at,
        id: article.id,
        title: article.title,
        category: article.category,
        path: articleUrl(article),
        updated: article.updated,
      });
    }
  found.sort((a, b) => b.at - a.at || a.id.localeCompare(b.id));
  const byCategory = new Map<string, DigestArticle[]>();
  for (const { key, at: _at, ...article } of found) byCategory.set(key, [...(byCategory.get(key) ?? []), article]);
  return byCategory;
}

/**
 * Plans this week's digests for the members who have none yet; returns how many rows with
 * something to send this call added (0 when another process planned them first).
 */
export async function planDigests(db: Db, groups: readonly StatusGroup[], now = Date.now()): Promise<number> {
  const week = isoWeek(now);
  const since = now - DIGEST_SPAN_MS;
  await db
    .deleteFrom('digest_mails')
    .where('created_at', '<', now - KEEP_MS)
    .execute();
  const articles = recentArticles(groups, since, now);
  let planned = 0;
  let after = 0;
  for (;;) {
    const members = await db
      .selectFrom('digest_subscribers')
      .innerJoin('users', 'users.id', 'digest_subscribers.user_id')
      .select(['users.id', 'users.locale'])
      .where('users.id', '>', after)
      // Only confirmed addresses get mail; a deleted account has none.
      .where('users.email_verified_at', 'is not', null)
      .where('users.deleted_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('digest_mails')
              .select('digest_mails.id')
              .whereRef('digest_mails.user_id', '=', 'users.id')
              .where('digest_mails.week', '=', week),
          ),
        ),
      )
      .orderBy('users.id')
      .limit(PAGE)
      .execute();
    if (!members.length) return planned;
    after = members.at(-1)!.id;
    const follows = await db
      .selectFrom('category_follows')
      .select(['user_id', 'kind', 'category'])
      .where(
        'user_id',
        'in',
        members.map((m) => m.id),
      )
      .execute();
    const slugs = [...new Set(follows.filter((f) => f.kind === 'community').map((f) => f.category))];
    const forumCategories = slugs.length
      ? await db.selectFrom('forum_categories').select(['id', 'slug']).where('slug', 'in', slugs).execute()
      : [];
    const idOfSlug = new Map(forumCategories.map((c) => [c.slug, c.id]));
    const slugOf = new Map(forumCategories.map((c) => [c.id, c.slug]));
    const localeOf = (value: string): Locale => (isLocale(value) ? value : 'fa');
    // One read for the whole page of members, the newest first. Past 5,000 solved threads a week in
    // the categories these members follow, busy categories would crowd quiet ones out: a forum
    // that busy would read per category instead.
    const solved = await solvedThreadsBetween(db, {
      locales: [...new Set(members.map((m) => localeOf(m.locale)))],
      categoryIds: forumCategories.map((c) => c.id),
      since,
      until: now,
      limit: 5000,
    });
    for (const member of members) {
      const locale = localeOf(member.locale);
      const own = follows.filter((f) => f.user_id === member.id);
      const categoryIds = new Set(own.filter((f) => f.kind === 'community').map((f) => idOfSlug.get(f.category)));
      const items: DigestItems = {
        threads: solved
          .filter((t) => t.locale === locale && categoryIds.has(t.categoryId))
          .slice(0, MAX_ITEMS)
          .map((t) => ({
            id: t.id,
            title: t.title,
            category: slugOf.get(t.categoryId) ?? '',
            path: threadPath(t),
            solvedAt: t.solvedAt,
          })),
        articles: own
          .filter((f) => f.kind === 'articles')
          .flatMap((f) => articles.get(`${locale}/${f.category}`) ?? [])
          .sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated))
          .slice(0, MAX_ITEMS),
      };
      const empty = !items.threads.length && !items.articles.length;
      const result = await db
        .insertInto('digest_mails')
        .values({
          user_id: member.id,
          week,
          items: JSON.stringify(items),
          state: empty ? 'empty' : 'pending',
          next_attempt_at: now,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['user_id', 'week']).doNothing())
        .executeTakeFirst();
      if (!empty) planned += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  }
}
