// What writers read: per-article views, votes, helpfulness and reasons over a period, daily
// series for sparklines, and the search report. Whole UTC days come from article_daily; the
// partial UTC days at a period's edges (the viewer's midnight is rarely UTC midnight) are
// counted from the raw rows, so totals are exact for any time zone.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { VoteReason } from '../db/schema.ts';
import { voteReasons, utcDay } from './feedback.ts';
import type { Period } from './period.ts';

export interface ArticleCounts {
  views: number;
  helpful: number;
  unhelpful: number;
  reasons: Record<VoteReason, number>;
}

const DAY_MS = 86_400_000;

export function emptyCounts(): ArticleCounts {
  return {
    views: 0,
    helpful: 0,
    unhelpful: 0,
    reasons: { inaccurate: 0, unclear: 0, missing: 0, irrelevant: 0, other: 0 },
  };
}

/** Share of yes votes, 0–100, or null without votes. */
export function helpfulPercent(counts: Pick<ArticleCounts, 'helpful' | 'unhelpful'>): number | null {
  const votes = counts.helpful + counts.unhelpful;
  return votes ? (counts.helpful / votes) * 100 : null;
}

/** Splits [fromMs, toMs) into whole UTC days and the raw-counted pieces before and after them. */
export function splitByUtcDays(
  fromMs: number,
  toMs: number,
): { days?: { from: string; to: string }; raw: [number, number][] } {
  const firstWhole = Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const lastWhole = Math.floor(toMs / DAY_MS) * DAY_MS;
  if (firstWhole >= lastWhole) return { raw: [[fromMs, toMs]] };
  const raw: [number, number][] = [];
  if (fromMs < firstWhole) raw.push([fromMs, firstWhole]);
  if (lastWhole < toMs) raw.push([lastWhole, toMs]);
  return { days: { from: utcDay(firstWhole), to: utcDay(lastWhole - DAY_MS) }, raw };
}

/** Views, votes and reasons per article within the period. */
export async function articleCounts(
  db: Db,
  period: Pick<Period, 'fromMs' | 'toMs'>,
): Promise<Map<string, ArticleCounts>> {
  const totals = new Map<string, ArticleCounts>();
  const entry = (article: string) => {
    let counts = totals.get(article);
    if (!counts) totals.set(article, (counts = emptyCounts()));
    return counts;
  };
  const { days, raw } = splitByUtcDays(period.fromMs, period.toMs);
  if (days) {
    const rows = await db
      .selectFrom('article_daily')
      .select((eb) => [
        'article',
        eb.fn.sum<number>('views').as('views'),
        eb.fn.sum<number>('helpful').as('helpful'),
        eb.fn.sum<number>('unhelpful').as('unhelpful'),
        ...voteReasons.map((r) => eb.fn.sum<number>(`reason_${r}`).as(r)),
      ])
      .where('day', '>=', days.from)
      .where('day', '<=', days.to)
      .groupBy('article')
      .execute();
    for (const row of rows) {
      const counts = entry(row.article);
      counts.views += Number(row.views);
      counts.helpful += Number(row.helpful);
      counts.unhelpful += Number(row.unhelpful);
      for (const r of voteReasons) counts.reasons[r] += Number(row[r]);
    }
  }
  for (const [from, to] of raw) {
    const views = await db
      .selectFrom('article_views')
      .select(['article', (eb) => eb.fn.countAll<number>().as('views')])
      .where('at', '>=', from)
      .where('at', '<', to)
      .groupBy('article')
      .execute();
    for (const row of views) entry(row.article).views += Number(row.views);
    const votes = await db
      .selectFrom('article_votes')
      .select(['article', 'helpful', 'reason', (eb) => eb.fn.countAll<number>().as('votes')])
      .where('updated_at', '>=', from)
      .where('updated_at', '<', to)
      .groupBy(['article', 'helpful', 'reason'])
      .execute();
    for (const row of votes) {
      const counts = entry(row.article);
      const n = Number(row.votes);
      if (row.helpful) counts.helpful += n;
      else {
        counts.unhelpful += n;
        if (row.reason) counts.reasons[row.reason] += n;
      }
    }
  }
  return totals;
}

/** Daily views and votes per article over the period's UTC days, for sparklines. */
export async function dailySeries(
  db: Db,
  period: Pick<Period, 'fromMs' | 'toMs'>,
): Promise<Map<string, { day: string; views: number; helpful: number; unhelpful: number }[]>> {
  const from = utcDay(period.fromMs);
  const to = utcDay(period.toMs - 1);
  const rows = await db
    .selectFrom('article_daily')
    .select(['article', 'day', 'views', 'helpful', 'unhelpful'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  const series = new Map<string, { day: string; views: number; helpful: number; unhelpful: number }[]>();
  for (const row of rows) {
    const list = series.get(row.article) ?? [];
    list.push({ day: row.day, views: row.views, helpful: row.helpful, unhelpful: row.unhelpful });
    series.set(row.article, list);
  }
  return series;
}

/** Every UTC day from `from` to `to`, so a series can show days without data as zeros. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(from); ms <= Date.parse(to); ms += DAY_MS) days.push(utcDay(ms));
  return days;
}

/** The newest comment per article within the period. */
export async function lastComments(
  db: Db,
  period: Pick<Period, 'fromMs' | 'toMs'>,
): Promise<Map<string, { comment: string; helpful: number; at: number }>> {
  // One index probe per article that had activity (article_votes_article_comments), instead of
  // reading every comment of the period.
  const newest = (eb: ExpressionBuilder<Database, 'article_daily'>) =>
    eb
      .selectFrom('article_votes as c')
      .select('c.id')
      .whereRef('c.article', '=', 'article_daily.article')
      .where('c.comment', 'is not', null)
      .where('c.updated_at', '>=', period.fromMs)
      .where('c.updated_at', '<', period.toMs)
      .orderBy('c.updated_at', 'desc')
      .limit(1);
  const ids = db
    .selectFrom('article_daily')
    .select((eb) => newest(eb).as('id'))
    .where('day', '>=', utcDay(period.fromMs))
    .where('day', '<=', utcDay(period.toMs - 1))
    .groupBy('article');
  const rows = await db
    .selectFrom('article_votes')
    .select(['article', 'comment', 'helpful', 'updated_at'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.article, { comment: r.comment ?? '', helpful: r.helpful, at: r.updated_at }]));
}

export interface QueryRow {
  normalized: string;
  /** The spelling typed most often. */
  example: string;
  variants: number;
  searches: number;
  zeroResults: number;
  clicks: number;
  /** clicks / searches, 0–1 (a search can lead to several clicks, so it is capped at 1). */
  clickThrough: number;
  meanClickedRank: number | null;
}

/** Searches grouped by their normalized form, for one locale and period. */
export async function searchReport(db: Db, locale: string, period: Pick<Period, 'fromMs' | 'toMs'>, limit = 50) {
  const base = db
    .selectFrom('search_events')
    .where('locale', '=', locale)
    .where('created_at', '>=', period.fromMs)
    .where('created_at', '<', period.toMs);
  const grouped = await base
    .select((eb) => [
      'normalized',
      eb.fn.count<number>(eb.case().when('clicked_url', 'is', null).then(1).end()).as('searches'),
      eb.fn
        .count<number>(
          eb
            .case()
            .when(eb.and([eb('clicked_url', 'is', null), eb('result_count', '=', 0)]))
            .then(1)
            .end(),
        )
        .as('zero'),
      eb.fn.count<number>('clicked_url').as('clicks'),
      eb.fn.avg<number | null>('clicked_rank').as('mean_rank'),
      eb.fn.count<number>(sql`distinct ${sql.ref('query')}`).as('variants'),
    ])
    .groupBy('normalized')
    .execute();
  const examples = await base
    .select(['normalized', 'query', (eb) => eb.fn.countAll<number>().as('n')])
    .where('clicked_url', 'is', null)
    .groupBy(['normalized', 'query'])
    .execute();
  const example = new Map<string, { query: string; n: number }>();
  for (const row of examples) {
    const best = example.get(row.normalized);
    if (!best || row.n > best.n || (row.n === best.n && row.query < best.query))
      example.set(row.normalized, { query: row.query, n: Number(row.n) });
  }
  const rows: QueryRow[] = grouped.map((g) => {
    const searches = Number(g.searches);
    const clicks = Number(g.clicks);
    return {
      normalized: g.normalized,
      example: example.get(g.normalized)?.query ?? g.normalized,
      variants: Number(g.variants),
      searches,
      zeroResults: Number(g.zero),
      clicks,
      clickThrough: searches ? Math.min(1, clicks / searches) : 0,
      meanClickedRank: g.mean_rank === null ? null : Number(g.mean_rank),
    };
  });
  const searches = rows.reduce((n, r) => n + r.searches, 0);
  const clicks = rows.reduce((n, r) => n + r.clicks, 0);
  const rankSum = rows.reduce((n, r) => n + (r.meanClickedRank ?? 0) * r.clicks, 0);
  return {
    totals: {
      searches,
      clicks,
      zeroResults: rows.reduce((n, r) => n + r.zeroResults, 0),
      clickThrough: searches ? Math.min(1, clicks / searches) : 0,
      meanClickedRank: clicks ? rankSum / clicks : null,
    },
    top: [...rows].sort((a, b) => b.searches - a.searches || a.normalized.localeCompare(b.normalized)).slice(0, limit),
    zeroResults: rows
      .filter((r) => r.zeroResults > 0)
      .sort((a, b) => b.zeroResults - a.zeroResults || a.normalized.localeCompare(b.normalized))
      .slice(0, limit),
  };
}
