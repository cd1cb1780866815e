// The translation status as writers read it at /admin/content/ (and its CSV): one row per
// translation key × locale with the article's helpful share over the last 30 days from the
// analytics rollups (report.ts), filters read defensively from the address, keyset pages, the
// helpful share per language, the articles past their review date and those whose helpful share
// fell below the threshold. The status itself is computed at build time (status.ts).
import { locales, type Locale } from '../../i18n/locales.ts';
import { articleCounts, helpfulPercent } from '../analytics/report.ts';
import { usernameSkeleton } from '../auth/usernames.ts';
import type { Db } from '../db/index.ts';
import { statusCounts, statusRows, type StatusGroup, type StatusRow } from './status.ts';

/** Below this helpful share over the window an article is flagged… */
export const LOW_HELPFUL_PERCENT = 60;
/** …once it has at least this many votes in the window, so one "no" does not flag an article. */
export const LOW_HELPFUL_MIN_VOTES = 10;
export const HELPFUL_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
/** Rows per page of the status table (a key has three); content is at most a few thousand articles. */
export const STATUS_PAGE_ROWS = 150;

export const statusFilters = ['missing', 'outdated', 'past-review', 'low-helpfulness', 'draft'] as const;
export type StatusFilter = (typeof statusFilters)[number];

export interface StatusQuery {
  locale: Locale | undefined;
  state: StatusFilter | undefined;
  owner: string | undefined;
  /** Keyset cursor: the last row of the previous page, `<key>:<locale>`. */
  after: { key: string; locale: Locale } | undefined;
}

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** The filters from a query string; anything unknown is no filter (never an error). */
export function readStatusQuery(params: URLSearchParams): StatusQuery {
  const owner = params.get('owner')?.trim().slice(0, 40);
  const after = /^(.{1,200}):(fa|ru|en)$/.exec(params.get('after') ?? '');
  return {
    locale: oneOf(locales, params.get('locale')),
    state: oneOf(statusFilters, params.get('state')),
    owner: owner || undefined,
    after: after ? { key: after[1]!, locale: after[2] as Locale } : undefined,
  };
}

export const formatStatusCursor = (row: Pick<StatusRow, 'key' | 'locale'>) => `${row.key}:${row.locale}`;

export interface HelpfulFigure {
  helpful: number;
  unhelpful: number;
  votes: number;
  /** 0–100, or null without votes. */
  percent: number | null;
}

export interface StatusViewRow extends StatusRow {
  /** The article's votes over the window (undefined when missing or without votes). */
  helpfulness?: HelpfulFigure | undefined;
  lowHelpful: boolean;
}

const figure = (helpful: number, unhelpful: number): HelpfulFigure => ({
  helpful,
  unhelpful,
  votes: helpful + unhelpful,
  percent: helpfulPercent({ helpful, unhelpful }),
});

export function isLowHelpful(value: HelpfulFigure | undefined): boolean {
  return Boolean(value && value.votes >= LOW_HELPFUL_MIN_VOTES && value.percent! < LOW_HELPFUL_PERCENT);
}

/** Votes per article over the last HELPFUL_WINDOW_DAYS, from the rollups (exact at the window's edges). */
export async function recentHelpfulness(db: Db, now = Date.now()): Promise<Map<string, HelpfulFigure>> {
  const counts = await articleCounts(db, { fromMs: now - HELPFUL_WINDOW_DAYS * DAY_MS, toMs: now });
  return new Map([...counts].map(([id, c]) => [id, figure(c.helpful, c.unhelpful)]));
}

/** Every row with its helpfulness, in key then locale order. */
export function rowsWithHelpfulness(
  groups: readonly StatusGroup[],
  helpfulness: ReadonlyMap<string, HelpfulFigure>,
  today: string,
): StatusViewRow[] {
  return statusRows(groups, today).map((row) => {
    const value = row.article ? helpfulness.get(row.article.id) : undefined;
    return { ...row, helpfulness: value, lowHelpful: isLowHelpful(value) };
  });
}

/** Owners match usernames as accounts do (by their look-alike skeleton), so `Maria` is maria. */
const sameOwner = (a: string, b: string) => usernameSkeleton(a) === usernameSkeleton(b);

export function matchesStatusQuery(row: StatusViewRow, query: Pick<StatusQuery, 'locale' | 'state' | 'owner'>) {
  if (query.locale && row.locale !== query.locale) return false;
  if (query.owner && !(row.article?.owner && sameOwner(row.article.owner, query.owner))) return false;
  switch (query.state) {
    case 'missing':
      return row.state === 'missing';
    case 'outdated':
      return row.state === 'outdated';
    case 'past-review':
      return row.pastReview;
    case 'low-helpfulness':
      return row.lowHelpful;
    case 'draft':
      return Boolean(row.article?.draft);
    default:
      return true;
  }
}

const rowOrder = (row: Pick<StatusRow, 'key' | 'locale'>) => `${row.key}\u0000${locales.indexOf(row.locale)}`;

/** The usernames among `owners` that belong to a writer or an admin (each as written in the articles). */
export async function knownOwners(db: Db, owners: readonly string[]): Promise<Set<string>> {
  if (!owners.length) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('username_skeleton')
    .where('username_skeleton', 'in', [...new Set(owners.map(usernameSkeleton))])
    .where('role', 'in', ['writer', 'admin'])
    .execute();
  const found = new Set(rows.map((r) => r.username_skeleton));
  return new Set(owners.filter((o) => found.has(usernameSkeleton(o))));
}

export interface ContentStatusView {
  /** This page of the filtered rows. */
  rows: StatusViewRow[];
  /** Every filtered row (the CSV). */
  matching: StatusViewRow[];
  /** The cursor of the next page, when there is one. */
  nextAfter: string | undefined;
  counts: ReturnType<typeof statusCounts> & { pastReview: number; lowHelpful: number; drafts: number };
  /** Helpful share per language over the window, over its published articles. */
  perLocale: Record<Locale, HelpfulFigure & { articles: number }>;
  pastReview: StatusViewRow[];
  lowHelpful: StatusViewRow[];
  /** Every owner named in the articles, sorted, and those that are a writer's or admin's username. */
  owners: string[];
  knownOwners: Set<string>;
}

export async function contentStatusView(
  db: Db,
  groups: readonly StatusGroup[],
  query: StatusQuery,
  now = Date.now(),
): Promise<ContentStatusView> {
  const today = new Date(now).toISOString().slice(0, 10);
  const all = rowsWithHelpfulness(groups, await recentHelpfulness(db, now), today);
  const present = all.filter((row) => row.article);
  const matching = all.filter((row) => matchesStatusQuery(row, query));
  const after = query.after ? rowOrder(query.after) : undefined;
  const rest = after === undefined ? matching : matching.filter((row) => rowOrder(row) > after);
  const rows = rest.slice(0, STATUS_PAGE_ROWS);
  const perLocale = {} as ContentStatusView['perLocale'];
  for (const locale of locales) {
    const mine = present.filter((row) => row.locale === locale && !row.article!.draft);
    const helpful = mine.reduce((sum, row) => sum + (row.helpfulness?.helpful ?? 0), 0);
    const unhelpful = mine.reduce((sum, row) => sum + (row.helpfulness?.unhelpful ?? 0), 0);
    perLocale[locale] = { ...figure(helpful, unhelpful), articles: mine.length };
  }
  const owners = [...new Set(present.flatMap((row) => (row.article!.owner ? [row.article!.owner] : [])))].sort();
  const pastReview = present
    .filter((row) => row.pastReview)
    .sort((a, b) => a.article!.reviewBy!.localeCompare(b.article!.reviewBy!));
  const lowHelpful = present
    .filter((row) => row.lowHelpful)
    .sort((a, b) => a.helpfulness!.percent! - b.helpfulness!.percent!);
  return {
    rows,
    matching,
    nextAfter: rest.length > rows.length ? formatStatusCursor(rows.at(-1)!) : undefined,
    counts: {
      ...statusCounts(groups),
      pastReview: pastReview.length,
      lowHelpful: lowHelpful.length,
      drafts: present.filter((row) => row.article!.draft).length,
    },
    perLocale,
    pastReview,
    lowHelpful,
    owners,
    knownOwners: await knownOwners(db, owners),
  };
}
