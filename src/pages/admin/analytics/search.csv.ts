// CSV of the search report: ?table=top (default) or ?table=zero, for ?locale= and the period.
import type { APIRoute } from 'astro';
import { guardAdminEndpoint } from '@/server/guards.ts';
import { isLocale, useTranslations } from '@/i18n/index.ts';
import { csvFilename, csvResponse, roundTo, tableCsv, type Column } from '@/lib/analytics/csv.ts';
import { readDashboardQuery } from '@/lib/analytics/dashboard.ts';
import { searchReport, type QueryRow } from '@/lib/analytics/report.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

export const GET: APIRoute = async (context) => {
  const guard = await guardAdminEndpoint(context, 'analytics');
  if (guard.response) return guard.response;
  const { locale } = guard;
  const { t } = useTranslations(locale);
  const params = context.url.searchParams;
  const requested = params.get('locale');
  const searchLocale = isLocale(requested) ? requested : locale;
  const { period } = readDashboardQuery(params, locale, []);
  const table = params.get('table') === 'zero' ? 'zero' : 'top';
  const report = await searchReport(getDb(), searchLocale, period, 10_000);
  const columns: Column<QueryRow>[] = [
    { header: t('admin.search.example'), value: (r) => r.example },
    { header: t('admin.search.normalized'), value: (r) => r.normalized },
    { header: t('admin.search.variants'), value: (r) => r.variants },
    { header: t('admin.search.searches'), value: (r) => r.searches },
    { header: t('admin.search.zeroCol'), value: (r) => r.zeroResults },
    { header: t('admin.search.clicks'), value: (r) => r.clicks },
    { header: t('admin.csv.ctr'), value: (r) => (r.searches ? roundTo(r.clickThrough * 100) : null) },
    { header: t('admin.search.rank'), value: (r) => roundTo(r.meanClickedRank, 2) },
  ];
  const rows = table === 'zero' ? report.zeroResults : report.top;
  return csvResponse(tableCsv(columns, rows), csvFilename('search', table, searchLocale, period.fromDay, period.toDay));
};
