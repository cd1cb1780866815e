// CSV of the content status table (same filters as /admin/content/, every page): one row per
// translation key and language, with the hashes that decide "outdated" and the helpful share.
import type { APIRoute } from 'astro';
import { contentStatusForCsv } from '@/server/admin-content.ts';
import { useTranslations } from '@/i18n/index.ts';
import { articleUrl } from '@/lib/content/articles.ts';
import { csvFilename, csvResponse, roundTo, tableCsv, type Column } from '@/lib/analytics/csv.ts';
import type { StatusViewRow } from '@/lib/content/status-view.ts';
export const prerender = false;

export const GET: APIRoute = async (context) => {
  const opened = await contentStatusForCsv(context);
  if (opened.response) return opened.response;
  const { locale, view, categoryLabel } = opened;
  const { t } = useTranslations(locale);
  const origin = context.url.origin;
  const columns: Column<StatusViewRow>[] = [
    { header: t('admin.content.col.key'), value: (r) => r.key },
    { header: t('admin.col.locale'), value: (r) => r.locale },
    { header: t('admin.col.category'), value: (r) => categoryLabel(r.category) },
    { header: t('admin.content.col.state'), value: (r) => t(`admin.content.state.${r.state}`) },
    { header: t('admin.content.csv.draft'), value: (r) => (r.article ? r.article.draft : null) },
    { header: t('admin.col.article'), value: (r) => r.article?.title },
    {
      header: t('admin.csv.url'),
      value: (r) => (r.article && !r.article.draft ? `${origin}${articleUrl(r.article)}` : ''),
    },
    { header: t('admin.content.col.owner'), value: (r) => r.article?.owner },
    { header: t('admin.content.col.reviewBy'), value: (r) => r.article?.reviewBy },
    { header: t('admin.content.csv.pastReview'), value: (r) => (r.article ? r.pastReview : null) },
    { header: t('admin.col.votes'), value: (r) => r.helpfulness?.votes ?? (r.article ? 0 : null) },
    { header: t('admin.csv.percent'), value: (r) => roundTo(r.helpfulness?.percent) },
    { header: t('admin.content.col.updated'), value: (r) => r.article?.updated.slice(0, 10) },
    { header: t('admin.content.csv.hash'), value: (r) => r.article?.hash },
    { header: t('admin.content.csv.translatedFrom'), value: (r) => r.article?.translatedFrom?.locale },
    {
      header: t('admin.content.csv.recorded'),
      value: (r) => r.article?.translatedFrom?.hash ?? r.article?.translatedFrom?.date,
    },
    { header: t('admin.content.csv.originalHash'), value: (r) => r.source?.hash },
    { header: t('admin.content.csv.problem'), value: (r) => r.problem },
  ];
  const today = new Date().toISOString().slice(0, 10);
  return csvResponse(tableCsv(columns, view.matching), csvFilename('content-status', today));
};
