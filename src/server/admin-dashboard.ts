// The opening the analytics dashboards share (articles, search, contact): writers and admins
// only, the filters read from the address, dates typed in the Solar Hijri calendar moved to their
// ISO address (so links and CSV downloads carry ISO days), and the notice for dates that make no
// period.
import type { AstroGlobal } from 'astro';
import type { Locale } from '@/i18n/index.ts';
import { readDashboardQuery, type DashboardQuery } from '@/lib/analytics/dashboard.ts';
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
