// The opening the analytics dashboards share (articles, search, contact): writers and admins
// only, the filters read from the address, dates typed in the Solar Hijri calendar moved to their
// ISO address (so links and CSV downloads carry ISO days), and the notice for dates that make no
// period. openArticlesDashboard adds what the articles page needs from the content collections.
import type { AstroGlobal } from 'astro';
import { intlTag, type Locale } from '@/i18n/index.ts';
import {
  articlesDashboard,
  readDashboardQuery,
  sortArticleRows,
  type DashboardQuery,
} from '@/lib/analytics/dashboard.ts';
import { categoryTitle, getArticles, getCategories } from './content.ts';
import { getDb } from './context.ts';
import type { Notice } from '@/lib/http/form-answer.ts';
import { guardAdminPage } from './guards.ts';
import { hrefWith } from './links.ts';

export async function openDashboard(
  Astro: AstroGlobal,
  categories: readonly string[] = [],
): Promise<
  { response: Response } | { response?: undefined; locale: Locale; query: DashboardQuery; notice: Notice | undefined }
> {
  const guard = await guardAdminPage(Astro, 'analytics');
  if (guard.response) return guard;
  const { locale } = guard;
  const query = readDashboardQuery(Astro.url.searchParams, locale, categories);
  const { period } = query;
  if (period.converted)
    return { response: Astro.redirect(hrefWith(Astro.url, { from: period.fromDay, to: period.toDay }), 303) };
  return {
    locale,
    query,
    notice: period.valid ? undefined : { kind: 'error', text: Astro.locals.t('admin.filters.invalidDates') },
  };
}

/**
 * The articles dashboard opened: the published articles and the categories (the filter offers
 * them), each category named in the UI language, and the rows sorted as the address asks.
 */
export async function openArticlesDashboard(Astro: AstroGlobal) {
  const [articles, categories] = await Promise.all([getArticles(), getCategories()]);
  const dashboard = await openDashboard(
    Astro,
    categories.map((c) => c.id),
  );
  if (dashboard.response) return dashboard;
  const { locale, query } = dashboard;
  const data = await articlesDashboard(getDb(), articles, query);
  const categoryLabel = (id: string) =>
    categoryTitle(
      categories.find((c) => c.id === id),
      locale,
    ) || id;
  const rows = sortArticleRows(data.rows, query.sort, query.dir, { collatorLocale: intlTag(locale), categoryLabel });
  return { ...dashboard, articles, categories, categoryLabel, data, rows };
}
