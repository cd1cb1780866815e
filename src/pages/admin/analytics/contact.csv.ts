// CSV of the contact funnel for the page's language filter and period: ?table=days (default),
// the funnel per day, or ?table=failed, the requests sent after an article was suggested, as the
// page lists them (the ten newest per article, each with the article's total): what writers fix
// first.
import type { APIRoute } from 'astro';
import { guardAdminEndpoint } from '@/server/guards.ts';
import { getArticles } from '@/server/content.ts';
import { useTranslations } from '@/i18n/index.ts';
import { csvFilename, csvResponse, roundTo, spreadsheetDateTime, tableCsv, type Column } from '@/lib/analytics/csv.ts';
import { readDashboardQuery } from '@/lib/analytics/dashboard.ts';
import { contactDashboard, deflectionRate, type ContactDay } from '@/lib/contact/metrics.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

export const GET: APIRoute = async (context) => {
  const guard = await guardAdminEndpoint(context, 'analytics');
  if (guard.response) return guard.response;
  const { locale } = guard;
  const { t } = useTranslations(locale);
  const query = readDashboardQuery(context.url.searchParams, locale, []);
  const { period } = query;
  const data = await contactDashboard(getDb(), { ...period, locale: query.locale });
  const name = (table: string) => csvFilename('contact', table, query.locale ?? '', period.fromDay, period.toDay);
  if (context.url.searchParams.get('table') === 'failed') {
    const titles = new Map((await getArticles()).map((a) => [a.id, a.title]));
    type Row = { article: string; requests: number; reference: string; subject: string; at: number };
    const rows: Row[] = data.failedToDeflect.flatMap((group) =>
      group.subjects.map((s) => ({ article: group.article, requests: group.requests, ...s })),
    );
    const columns: Column<Row>[] = [
      { header: t('admin.col.date'), value: (r) => spreadsheetDateTime(r.at, period.timeZone) },
      { header: t('contact.sent.reference'), value: (r) => r.reference },
      { header: t('contact.subject'), value: (r) => r.subject },
      { header: t('admin.csv.id'), value: (r) => r.article },
      { header: t('admin.col.article'), value: (r) => titles.get(r.article) ?? '' },
      { header: t('admin.contact.requests'), value: (r) => r.requests },
    ];
    return csvResponse(tableCsv(columns, rows), name('failed'));
  }
  const columns: Column<ContactDay>[] = [
    { header: t('admin.col.date'), value: (d) => d.day },
    { header: t('admin.contact.started'), value: (d) => d.started },
    { header: t('admin.contact.deflected'), value: (d) => d.deflected },
    { header: t('admin.contact.submitted'), value: (d) => d.submitted },
    { header: `${t('admin.contact.rate')} (%)`, value: (d) => roundTo(deflectionRate(d.deflected, d.started)) },
  ];
  return csvResponse(tableCsv(columns, data.days), name('days'));
};
