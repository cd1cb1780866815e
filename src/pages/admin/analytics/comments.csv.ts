// CSV of the comments inbox with the page's filters (triage state, language), every page of it.
import type { APIRoute } from 'astro';
import { guardAdminEndpoint } from '@/server/guards.ts';
import { getArticles } from '@/server/content.ts';
import { useTranslations } from '@/i18n/index.ts';
import { csvFilename, csvResponse, spreadsheetDateTime, tableCsv, type Column } from '@/lib/analytics/csv.ts';
import { readInboxQuery, requestedTimeZone } from '@/lib/analytics/dashboard.ts';
import { commentInbox } from '@/lib/analytics/feedback.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

/** A download stops here; filter by state or language for more. */
const MAX_ROWS = 50_000;

export const GET: APIRoute = async (context) => {
  const guard = await guardAdminEndpoint(context, 'analytics');
  if (guard.response) return guard.response;
  const { locale } = guard;
  const { t } = useTranslations(locale);
  const query = readInboxQuery(context.url.searchParams);
  const timeZone = requestedTimeZone(context.url.searchParams, locale);
  const db = getDb();
  type Row = Awaited<ReturnType<typeof commentInbox>>['rows'][number];
  const rows: Row[] = [];
  let before = query.before;
  do {
    const page = await commentInbox(db, { status: query.status, locale: query.locale, before, limit: 1000 });
    rows.push(...page.rows);
    before = page.next;
  } while (before && rows.length < MAX_ROWS);
  const titles = new Map((await getArticles()).map((a) => [a.id, a.title]));
  const columns: Column<Row>[] = [
    { header: t('admin.col.date'), value: (r) => spreadsheetDateTime(r.updated_at, timeZone) },
    { header: t('admin.col.comment'), value: (r) => r.comment ?? '' },
    { header: t('admin.csv.id'), value: (r) => r.article },
    { header: t('admin.col.article'), value: (r) => titles.get(r.article) ?? '' },
    { header: t('admin.col.locale'), value: (r) => r.locale },
    { header: t('admin.col.vote'), value: (r) => (r.helpful ? t('admin.vote.yes') : t('admin.vote.no')) },
    { header: t('admin.col.reason'), value: (r) => (r.reason ? t(`admin.reason.${r.reason}`) : '') },
    { header: t('admin.filters.status'), value: (r) => t(`admin.status.${r.comment_status ?? 'new'}`) },
    { header: t('admin.csv.changedBy'), value: (r) => r.status_by_name ?? '' },
    { header: t('admin.csv.changedAt'), value: (r) => spreadsheetDateTime(r.status_at, timeZone) },
  ];
  return csvResponse(
    tableCsv(columns, rows.slice(0, MAX_ROWS)),
    csvFilename('comments', query.status ?? '', query.locale ?? ''),
  );
};
