// CSV of the articles page's tables (same filters and sort as the page): ?table=translations
// for the side-by-side translations, otherwise one row per article.
import type { APIRoute } from 'astro';
import { guardAdminEndpoint } from '@/server/guards.ts';
import { categoryTitle, getArticles, getCategories } from '@/server/content.ts';
import { intlTag, localeNames, locales, useTranslations } from '@/i18n/index.ts';
import { articleUrl } from '@/lib/content/articles.ts';
import { csvFilename, csvResponse, roundTo, spreadsheetDateTime, tableCsv, type Column } from '@/lib/analytics/csv.ts';
import {
  articlesDashboard,
  readDashboardQuery,
  sortArticleRows,
  type ArticleRow,
  type TranslationGroup,
} from '@/lib/analytics/dashboard.ts';
import { voteReasons } from '@/lib/analytics/feedback.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

export const GET: APIRoute = async (context) => {
  const guard = await guardAdminEndpoint(context, 'analytics');
  if (guard.response) return guard.response;
  const { locale } = guard;
  const { t } = useTranslations(locale);
  const [articles, categories] = await Promise.all([getArticles(), getCategories()]);
  const query = readDashboardQuery(
    context.url.searchParams,
    locale,
    categories.map((c) => c.id),
  );
  const data = await articlesDashboard(getDb(), articles, query);
  const categoryLabel = (id: string) =>
    categoryTitle(
      categories.find((c) => c.id === id),
      locale,
    ) || id;
  const { period } = query;
  const origin = context.url.origin;

  if (context.url.searchParams.get('table') === 'translations') {
    const columns: Column<TranslationGroup>[] = [
      { header: t('admin.csv.translationKey'), value: (g) => g.key },
      { header: t('admin.col.category'), value: (g) => categoryLabel(g.category) },
      ...locales.flatMap((l): Column<TranslationGroup>[] => [
        { header: `${localeNames[l]}: ${t('admin.col.article')}`, value: (g) => g.entries[l]?.title ?? '' },
        { header: `${localeNames[l]}: ${t('admin.csv.percent')}`, value: (g) => roundTo(g.entries[l]?.percent) },
        { header: `${localeNames[l]}: ${t('admin.col.votes')}`, value: (g) => g.entries[l]?.votes ?? null },
        { header: `${localeNames[l]}: ${t('admin.csv.behind')}`, value: (g) => roundTo(g.entries[l]?.behind) },
      ]),
      { header: t('admin.translations.status'), value: (g) => (g.lagging ? t('admin.translations.lagging') : '') },
    ];
    return csvResponse(tableCsv(columns, data.translations), csvFilename('translations', period.fromDay, period.toDay));
  }

  const rows = sortArticleRows(data.rows, query.sort, query.dir, { collatorLocale: intlTag(locale), categoryLabel });
  const columns: Column<ArticleRow>[] = [
    { header: t('admin.csv.id'), value: (r) => r.id },
    { header: t('admin.col.article'), value: (r) => r.title },
    { header: t('admin.csv.url'), value: (r) => `${origin}${articleUrl(r)}` },
    { header: t('admin.col.locale'), value: (r) => r.locale },
    { header: t('admin.col.category'), value: (r) => categoryLabel(r.category) },
    { header: t('admin.col.views'), value: (r) => r.views },
    { header: t('admin.col.votes'), value: (r) => r.votes },
    { header: t('admin.csv.yes'), value: (r) => r.helpful },
    { header: t('admin.csv.no'), value: (r) => r.unhelpful },
    { header: t('admin.csv.percent'), value: (r) => roundTo(r.percent) },
    { header: t('admin.csv.trend'), value: (r) => (r.trend.change === null ? null : roundTo(r.trend.change * 100)) },
    ...voteReasons.map((reason): Column<ArticleRow> => ({
      header: t(`admin.reason.${reason}`),
      value: (r) => r.reasons.find((x) => x.reason === reason)?.count ?? 0,
    })),
    { header: t('admin.col.lastComment'), value: (r) => r.lastComment?.text ?? '' },
    { header: t('admin.csv.lastCommentAt'), value: (r) => spreadsheetDateTime(r.lastComment?.at, period.timeZone) },
  ];
  return csvResponse(tableCsv(columns, rows), csvFilename('articles', period.fromDay, period.toDay));
};
