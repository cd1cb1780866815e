// The writers' dashboard as data: query parameters read defensively (a bad value falls back to
// its default, never to an error), per-article rows over the report functions (rollups only),
// sorting, and the side-by-side comparison of translations. No Astro imports: pages and CSV
// endpoints share it, and tests call it directly.
import type { MessageKey } from '../../i18n/index.ts';
import { locales, type Locale } from '../../i18n/locales.ts';
import type { CommentStatus, VoteReason } from '../db/schema.ts';
import type { Db } from '../db/index.ts';
import { trend, type TrendDirection } from './charts.ts';
import { commentStatuses, voteReasons } from './feedback.ts';
import { isTimeZone, resolvePeriod, type Period, type ResolvedPeriod } from './period.ts';
import { articleCounts, dailySeries, daysBetween, emptyCounts, helpfulPercent, lastComments } from './report.ts';

/** The published articles the dashboard knows about (from the content collection). */
export interface DashboardArticle {
  id: string;
  locale: Locale;
  category: string;
  slug: string;
  title: string;
  translationKey?: string | undefined;
}

export const articleSortKeys = [
  'title',
  'locale',
  'category',
  'views',
  'votes',
  'helpful',
  'trend',
  'reasons',
  'comment',
] as const;
export type ArticleSortKey = (typeof articleSortKeys)[number];
/** The articles table's columns, in order: the sort key, the header's message key, whether it holds figures. */
export interface ArticleColumn {
  key: ArticleSortKey;
  label: MessageKey;
  numeric: boolean;
}
// Each sortable column is labelled `admin.col.<key>`, but for the article's title and its last comment.
export const articleColumns: readonly ArticleColumn[] = articleSortKeys.map((key) => ({
  key,
  label: key === 'title' ? 'admin.col.article' : key === 'comment' ? 'admin.col.lastComment' : `admin.col.${key}`,
  numeric: key === 'views' || key === 'votes' || key === 'helpful',
}));
export type SortDir = 'asc' | 'desc';
/** Text columns start A→Z, figures start with the largest. */
export const defaultDir = (key: ArticleSortKey): SortDir =>
  key === 'title' || key === 'locale' || key === 'category' ? 'asc' : 'desc';

export const defaultTimeZones: Record<Locale, string> = { fa: 'Asia/Tehran', ru: 'Europe/Moscow', en: 'UTC' };
/** Zones offered in the filter; a valid zone from the URL is added when it is not listed. */
export const commonTimeZones = [
  'Asia/Tehran',
  'Europe/Moscow',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Istanbul',
  'Asia/Dubai',
  'Asia/Yekaterinburg',
  'Asia/Novosibirsk',
  'Asia/Vladivostok',
  'America/New_York',
  'America/Los_Angeles',
];

const oneOf = <T extends string>(list: readonly T[], value: string | null | undefined): T | undefined =>
  value !== null && value !== undefined && (list as readonly string[]).includes(value) ? (value as T) : undefined;

export interface DashboardQuery {
  /** Filter by article locale; undefined = all. */
  locale: Locale | undefined;
  category: string | undefined;
  period: ResolvedPeriod;
  sort: ArticleSortKey;
  dir: SortDir;
}

/** The time zone the address asks for (`?tz=`), else the UI language's own. */
export function requestedTimeZone(params: URLSearchParams, uiLocale: Locale): string {
  const tz = params.get('tz')?.slice(0, 100);
  return tz && isTimeZone(tz) ? tz : defaultTimeZones[uiLocale];
}

/** Reads the dashboard's filters from a query string. Unknown values fall back to defaults. */
export function readDashboardQuery(
  params: URLSearchParams,
  uiLocale: Locale,
  categories: readonly string[],
  now = Date.now(),
): DashboardQuery {
  const get = (name: string) => params.get(name)?.slice(0, 100) ?? undefined;
  const sort = oneOf(articleSortKeys, get('sort')) ?? 'views';
  return {
    locale: oneOf(locales, get('locale')),
    category: oneOf(categories, get('category')),
    // Persian readers type custom dates in the Solar Hijri calendar; ISO days work in every language.
    period: resolvePeriod(
      {
        preset: get('period'),
        from: get('from'),
        to: get('to'),
        timeZone: requestedTimeZone(params, uiLocale),
        calendar: uiLocale === 'fa' ? 'persian' : 'gregorian',
      },
      now,
    ),
    sort,
    dir: oneOf(['asc', 'desc'] as const, get('dir')) ?? defaultDir(sort),
  };
}

/** The keyset cursor `<updatedAt>.<id>`, or undefined when it is missing or out of range. */
export function parseCursor(value: string | null | undefined): { updatedAt: number; id: number } | undefined {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(value ?? '');
  if (!match) return undefined;
  const updatedAt = Number(match[1]);
  const id = Number(match[2]);
  // Beyond year 9999 or beyond SQLite's rowids there is nothing older to show; start over.
  if (!Number.isSafeInteger(updatedAt) || !Number.isSafeInteger(id) || updatedAt > 253_402_300_800_000 || id < 1)
    return undefined;
  return { updatedAt, id };
}

export const formatCursor = (cursor: { updatedAt: number; id: number }) => `${cursor.updatedAt}.${cursor.id}`;

export interface InboxQuery {
  status: CommentStatus | undefined;
  locale: Locale | undefined;
  before: { updatedAt: number; id: number } | undefined;
}

export function readInboxQuery(params: URLSearchParams): InboxQuery {
  return {
    status: oneOf(commentStatuses, params.get('status')),
    locale: oneOf(locales, params.get('locale')),
    before: parseCursor(params.get('before')),
  };
}

export interface ArticleRow {
  id: string;
  title: string;
  locale: Locale;
  category: string;
  slug: string;
  views: number;
  votes: number;
  helpful: number;
  unhelpful: number;
  /** 0–100, or null without votes. */
  percent: number | null;
  /** Views per day over the period's days. */
  series: number[];
  trend: { direction: TrendDirection; change: number | null };
  /** Reasons given with "no", most frequent first (only those given). */
  reasons: { reason: VoteReason; count: number }[];
  lastComment: { text: string; at: number; helpful: boolean } | undefined;
}

export interface TranslationEntry {
  id: string;
  title: string;
  votes: number;
  percent: number | null;
  /** Points below the best translation when that gap counts (both have enough votes). */
  behind: number | undefined;
}

export interface TranslationGroup {
  key: string;
  category: string;
  entries: Partial<Record<Locale, TranslationEntry>>;
  best: Locale | undefined;
  lagging: boolean;
}

export interface ArticlesDashboard {
  rows: ArticleRow[];
  days: string[];
  daily: { day: string; views: number; helpful: number; unhelpful: number }[];
  totals: {
    articles: number;
    views: number;
    votes: number;
    helpful: number;
    unhelpful: number;
    percent: number | null;
  };
  translations: TranslationGroup[];
}

/** Thresholds for "this translation helps clearly less than the best one". */
export const LAG_POINTS = 15;
export const LAG_MIN_VOTES = 5;

/**
 * Marks translations whose helpful % is at least `points` below the best translation of the
 * same article, when both have at least `minVotes` votes.
 */
export function compareTranslations(
  groups: readonly Omit<TranslationGroup, 'best' | 'lagging'>[],
  points = LAG_POINTS,
  minVotes = LAG_MIN_VOTES,
): TranslationGroup[] {
  return groups.map((group) => {
    let best: Locale | undefined;
    for (const locale of locales) {
      const entry = group.entries[locale];
      if (!entry || entry.percent === null || entry.votes < minVotes) continue;
      const current = best ? group.entries[best] : undefined;
      if (
        !current ||
        entry.percent > (current.percent ?? -1) ||
        (entry.percent === current.percent && entry.votes > current.votes)
      )
        best = locale;
    }
    const bestPercent = best ? (group.entries[best]?.percent ?? null) : null;
    let lagging = false;
    const entries: Partial<Record<Locale, TranslationEntry>> = {};
    for (const locale of locales) {
      const entry = group.entries[locale];
      if (!entry) continue;
      const gap =
        bestPercent !== null && entry.percent !== null && entry.votes >= minVotes && locale !== best
          ? bestPercent - entry.percent
          : undefined;
      const behind = gap !== undefined && gap >= points ? gap : undefined;
      if (behind !== undefined) lagging = true;
      entries[locale] = { ...entry, behind };
    }
    return { ...group, entries, best, lagging };
  });
}

/** Everything the articles page shows, for the articles matching the locale/category filter. */
export async function articlesDashboard(
  db: Db,
  articles: readonly DashboardArticle[],
  query: { locale: Locale | undefined; category: string | undefined; period: Period },
): Promise<ArticlesDashboard> {
  const { period } = query;
  const [counts, series, comments] = await Promise.all([
    articleCounts(db, period),
    dailySeries(db, period),
    lastComments(db, period),
  ]);
  // Daily figures come from the UTC-day rollups; they are labelled with the period's local days.
  const days = daysBetween(period.fromDay, period.toDay);
  const inCategory = articles.filter((a) => !query.category || a.category === query.category);
  const shown = inCategory.filter((a) => !query.locale || a.locale === query.locale);

  const rows: ArticleRow[] = shown.map((article) => {
    const c = counts.get(article.id) ?? emptyCounts();
    const byDay = new Map((series.get(article.id) ?? []).map((d) => [d.day, d]));
    const views = days.map((day) => byDay.get(day)?.views ?? 0);
    const comment = comments.get(article.id);
    return {
      id: article.id,
      title: article.title,
      locale: article.locale,
      category: article.category,
      slug: article.slug,
      views: c.views,
      votes: c.helpful + c.unhelpful,
      helpful: c.helpful,
      unhelpful: c.unhelpful,
      percent: helpfulPercent(c),
      series: views,
      trend: trend(views),
      reasons: voteReasons
        .map((reason) => ({ reason, count: c.reasons[reason] }))
        .filter((r) => r.count > 0)
        .sort((a, b) => b.count - a.count),
      lastComment: comment ? { text: comment.comment, at: comment.at, helpful: Boolean(comment.helpful) } : undefined,
    };
  });

  const shownIds = new Set(shown.map((a) => a.id));
  const daily = days.map((day) => ({ day, views: 0, helpful: 0, unhelpful: 0 }));
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  for (const [article, list] of series) {
    if (!shownIds.has(article)) continue;
    for (const d of list) {
      const i = dayIndex.get(d.day);
      if (i === undefined) continue;
      const target = daily[i]!;
      target.views += d.views;
      target.helpful += d.helpful;
      target.unhelpful += d.unhelpful;
    }
  }

  const totals = rows.reduce(
    (t, r) => ({
      ...t,
      views: t.views + r.views,
      votes: t.votes + r.votes,
      helpful: t.helpful + r.helpful,
      unhelpful: t.unhelpful + r.unhelpful,
    }),
    { articles: rows.length, views: 0, votes: 0, helpful: 0, unhelpful: 0, percent: null as number | null },
  );
  totals.percent = helpfulPercent(totals);

  // Translations are compared across every locale, whatever the locale filter says.
  const groups = new Map<string, Omit<TranslationGroup, 'best' | 'lagging'>>();
  for (const article of inCategory) {
    if (!article.translationKey) continue;
    const key = `${article.category}/${article.translationKey}`;
    const group = groups.get(key) ?? { key: article.translationKey, category: article.category, entries: {} };
    const c = counts.get(article.id) ?? emptyCounts();
    group.entries[article.locale] = {
      id: article.id,
      title: article.title,
      votes: c.helpful + c.unhelpful,
      percent: helpfulPercent(c),
      behind: undefined,
    };
    groups.set(key, group);
  }
  const translations = compareTranslations([...groups.values()]).sort(
    (a, b) =>
      Number(b.lagging) - Number(a.lagging) || a.category.localeCompare(b.category) || a.key.localeCompare(b.key),
  );

  return { rows, days, daily, totals, translations };
}

/** Sorts rows by a column; rows without a value (no votes, no comment) always come last. */
export function sortArticleRows(
  rows: readonly ArticleRow[],
  key: ArticleSortKey,
  dir: SortDir,
  options: { collatorLocale?: string; categoryLabel?: (id: string) => string } = {},
): ArticleRow[] {
  const collator = new Intl.Collator(options.collatorLocale ?? 'en');
  const categoryLabel = options.categoryLabel ?? ((id: string) => id);
  const value = (r: ArticleRow): number | string | null => {
    switch (key) {
      case 'title':
        return r.title;
      case 'locale':
        return r.locale;
      case 'category':
        return categoryLabel(r.category);
      case 'views':
        return r.views;
      case 'votes':
        return r.votes;
      case 'helpful':
        return r.percent;
      case 'trend':
        return r.trend.direction === 'none' ? null : r.trend.change === null ? Number.MAX_SAFE_INTEGER : r.trend.change;
      case 'reasons':
        return r.unhelpful;
      case 'comment':
        return r.lastComment?.at ?? null;
    }
  };
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return collator.compare(a.title, b.title);
    if (va === null) return 1;
    if (vb === null) return -1;
    const order = typeof va === 'string' && typeof vb === 'string' ? collator.compare(va, vb) : Number(va) - Number(vb);
    return sign * order || collator.compare(a.title, b.title) || a.id.localeCompare(b.id);
  });
}
