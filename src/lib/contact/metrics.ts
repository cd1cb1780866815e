// The contact funnel as writers read it, over a period and one locale or all:
// - flows started, deflected (by an article, by a thread), submitted, abandoned, still open;
// - requests submitted (every stored request, also those without a flow);
// - deflection rate = deflected ÷ flows started (a flow left without a word counts as not
//   deflected: we only count what the customer told us);
// - self-service score = help-center visitors ÷ visitors who submitted a request, where a
//   help-center visitor is a distinct visitor id that viewed an article or opened the contact
//   page in the period (article views are counted once per visitor and day already);
// - daily series in the viewer's time zone, deflections per article and thread, and the
//   subjects of submitted requests grouped by the articles that were suggested to them.
// Plain functions over the raw rows; contact volumes are small next to article views.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { localDay, type Period } from '../analytics/period.ts';
import { daysBetween } from '../analytics/report.ts';
import { trend, type DailyPoint } from '../analytics/charts.ts';
import type { MessageKey } from '../../i18n/index.ts';

export interface ContactFunnel {
  started: number;
  deflected: number;
  deflectedByArticle: number;
  deflectedByThread: number;
  submitted: number;
  abandoned: number;
  open: number;
  requests: number;
  /** 0–100, or null without flows. */
  deflectionRate: number | null;
  helpCenterVisitors: number;
  requestVisitors: number;
  /** help-center visitors per visitor who asked; null when nobody asked. */
  selfServiceScore: number | null;
}

export interface ContactDay {
  day: string;
  started: number;
  deflected: number;
  submitted: number;
}

export interface ContactDashboard {
  funnel: ContactFunnel;
  days: ContactDay[];
  byArticle: { article: string; count: number }[];
  byThread: { threadId: number; title: string | null; locale: string | null; slug: string | null; count: number }[];
  /** Articles suggested before a request was sent anyway, with those requests' subjects (newest first). */
  failedToDeflect: {
    article: string;
    requests: number;
    subjects: { reference: string; subject: string; at: number }[];
  }[];
}

type Scope = Pick<Period, 'fromMs' | 'toMs'> & { locale?: string | undefined };

export function deflectionRate(deflected: number, started: number): number | null {
  return started ? (deflected / started) * 100 : null;
}

export function selfServiceScore(visitors: number, askers: number): number | null {
  return askers ? visitors / askers : null;
}

export async function contactFunnel(db: Db, scope: Scope): Promise<ContactFunnel> {
  let flows = db
    .selectFrom('contact_flows')
    .select((eb) => {
      const when = (cond: ReturnType<typeof eb.and>) => eb.fn.sum<number>(eb.case().when(cond).then(1).else(0).end());
      return [
        eb.fn.countAll<number>().as('started'),
        when(eb.and([eb('outcome', '=', 'deflected')])).as('deflected'),
        when(eb.and([eb('outcome', '=', 'deflected'), eb('deflected_kind', '=', 'article')])).as('by_article'),
        when(eb.and([eb('outcome', '=', 'deflected'), eb('deflected_kind', '=', 'thread')])).as('by_thread'),
        when(eb.and([eb('outcome', '=', 'submitted')])).as('submitted'),
        when(eb.and([eb('outcome', '=', 'abandoned')])).as('abandoned'),
        when(eb.and([eb('outcome', '=', 'open')])).as('open'),
      ];
    })
    .where('started_at', '>=', scope.fromMs)
    .where('started_at', '<', scope.toMs);
  if (scope.locale) flows = flows.where('locale', '=', scope.locale);
  let requests = db
    .selectFrom('contact_requests')
    .select((eb) => [eb.fn.countAll<number>().as('requests'), eb.fn.count<number>('visitor').distinct().as('visitors')])
    .where('created_at', '>=', scope.fromMs)
    .where('created_at', '<', scope.toMs);
  if (scope.locale) requests = requests.where('locale', '=', scope.locale);
  // Distinct visitors who read an article or opened the contact page.
  let views = db
    .selectFrom('article_views')
    .select('visitor')
    .where('at', '>=', scope.fromMs)
    .where('at', '<', scope.toMs);
  if (scope.locale) views = views.where('article', 'like', `${scope.locale}/%`);
  let opened = db
    .selectFrom('contact_flows')
    .select('visitor')
    .where('started_at', '>=', scope.fromMs)
    .where('started_at', '<', scope.toMs);
  if (scope.locale) opened = opened.where('locale', '=', scope.locale);
  const visitors = await db
    .selectFrom(views.union(opened).as('v'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  const [f, r] = await Promise.all([flows.executeTakeFirstOrThrow(), requests.executeTakeFirstOrThrow()]);
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  const started = n(f.started);
  const deflected = n(f.deflected);
  const helpCenterVisitors = n(visitors.n);
  const requestVisitors = n(r.visitors);
  return {
    started,
    deflected,
    deflectedByArticle: n(f.by_article),
    deflectedByThread: n(f.by_thread),
    submitted: n(f.submitted),
    abandoned: n(f.abandoned),
    open: n(f.open),
    requests: n(r.requests),
    deflectionRate: deflectionRate(deflected, started),
    helpCenterVisitors,
    requestVisitors,
    selfServiceScore: selfServiceScore(helpCenterVisitors, requestVisitors),
  };
}

export async function contactDashboard(
  db: Db,
  scope: Scope & Pick<Period, 'fromDay' | 'toDay' | 'timeZone'>,
): Promise<ContactDashboard> {
  const funnel = await contactFunnel(db, scope);
  // Kysely's where() is overloaded per table; this helper serves queries over three of them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const inPeriod = <T extends { where: (...args: any[]) => T }>(q: T, column: string, localeColumn: string): T => {
    let out = q.where(column, '>=', scope.fromMs).where(column, '<', scope.toMs);
    if (scope.locale) out = out.where(localeColumn, '=', scope.locale);
    return out;
  };
  const flows = await inPeriod(
    db.selectFrom('contact_flows').select(['started_at', 'outcome', 'deflected_kind', 'deflected_ref']),
    'started_at',
    'locale',
  ).execute();

  // Daily: flows by the local day they started, each counted once with its outcome.
  const days = daysBetween(scope.fromDay, scope.toDay).map((day) => ({ day, started: 0, deflected: 0, submitted: 0 }));
  const index = new Map(days.map((d, i) => [d.day, i]));
  const byArticle = new Map<string, number>();
  const byThread = new Map<number, number>();
  for (const flow of flows) {
    const i = index.get(localDay(flow.started_at, scope.timeZone));
    if (i !== undefined) {
      const d = days[i]!;
      d.started++;
      if (flow.outcome === 'deflected') d.deflected++;
      if (flow.outcome === 'submitted') d.submitted++;
    }
    if (flow.outcome === 'deflected' && flow.deflected_ref) {
      if (flow.deflected_kind === 'article')
        byArticle.set(flow.deflected_ref, (byArticle.get(flow.deflected_ref) ?? 0) + 1);
      else if (flow.deflected_kind === 'thread')
        byThread.set(Number(flow.deflected_ref), (byThread.get(Number(flow.deflected_ref)) ?? 0) + 1);
    }
  }
  const threadIds = [...byThread.keys()];
  const threads = new Map(
    threadIds.length
      ? (
          await db
            .selectFrom('threads')
            .select(['id', 'title', 'locale', 'slug'])
            .where('id', 'in', threadIds)
            .where('deleted_at', 'is', null)
            .execute()
        ).map((t) => [t.id, t])
      : [],
  );

  // Requests sent after articles were suggested: grouped by article.
  const shown = await inPeriod(
    db
      .selectFrom('contact_requests as r')
      .innerJoin('contact_flow_suggestions as s', 's.flow_id', 'r.flow_id')
      .select(['s.ref as article', 'r.reference', 'r.subject', 'r.created_at'])
      .where('s.kind', '=', 'article'),
    'r.created_at',
    'r.locale',
  )
    .orderBy('r.created_at', 'desc')
    .execute();
  const groups = new Map<string, ContactDashboard['failedToDeflect'][number]>();
  for (const row of shown) {
    const group = groups.get(row.article) ?? { article: row.article, requests: 0, subjects: [] };
    group.requests++;
    if (group.subjects.length < 10)
      group.subjects.push({ reference: row.reference, subject: row.subject, at: row.created_at });
    groups.set(row.article, group);
  }

  const desc = <T extends { count: number }>(list: T[]) => list.sort((a, b) => b.count - a.count);
  return {
    funnel,
    days,
    byArticle: [...byArticle]
      .map(([article, count]) => ({ article, count }))
      .sort((a, b) => b.count - a.count || a.article.localeCompare(b.article)),
    byThread: desc(
      [...byThread].map(([threadId, count]) => {
        const th = threads.get(threadId);
        return { threadId, title: th?.title ?? null, locale: th?.locale ?? null, slug: th?.slug ?? null, count };
      }),
    ),
    failedToDeflect: [...groups.values()].sort((a, b) => b.requests - a.requests || a.article.localeCompare(b.article)),
  };
}

/** One line of the trends table: a funnel figure's total and its values per day. */
export interface ContactTrend {
  label: MessageKey;
  total: number;
  values: number[];
  trend: ReturnType<typeof trend>;
}

/**
 * The dashboard's daily chart and trend lines. The chart is drawn as the articles' one is: bars
 * for flows started, the line for the share deflected (deflected as "helpful", the rest as not).
 */
export function contactTrends(data: Pick<ContactDashboard, 'funnel' | 'days'>): {
  points: DailyPoint[];
  series: ContactTrend[];
} {
  const { funnel, days } = data;
  return {
    points: days.map((d) => ({
      day: d.day,
      views: d.started,
      helpful: d.deflected,
      unhelpful: d.started - d.deflected,
    })),
    series: (['started', 'deflected', 'submitted'] as const).map((figure) => {
      const values = days.map((d) => d[figure]);
      return { label: `admin.contact.${figure}`, total: funnel[figure], values, trend: trend(values) };
    }),
  };
}
