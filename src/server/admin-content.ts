// The writers' area opened: /admin/content/ and its CSV. Writers and admins only; the filters come
// from the address; the status computed at build time meets the last 30 days of votes.
import type { AstroGlobal } from 'astro';
import { useTranslations, type Locale } from '@/i18n/index.ts';
import { contentStatusView, readStatusQuery, statusFilters } from '@/lib/content/status-view.ts';
import { categoryTitle, getCategories, getContentStatus } from './content.ts';
import { getDb } from './context.ts';
import { guardAdminEndpoint, guardAdminPage } from './guards.ts';

async function statusFor(url: URL, locale: Locale) {
  const query = readStatusQuery(url.searchParams);
  const [groups, categories] = await Promise.all([getContentStatus(), getCategories()]);
  const view = await contentStatusView(getDb(), groups, query);
  const categoryLabel = (id: string) =>
    categoryTitle(
      categories.find((c) => c.id === id),
      locale,
    ) || id;
  return { locale, query, view, categoryLabel };
}

/** The page's own filters beside the language: what needs doing, and whose articles. */
function filterSelects(locale: Locale, { query, view }: Awaited<ReturnType<typeof statusFor>>) {
  const { t } = useTranslations(locale);
  return [
    {
      name: 'state',
      label: t('admin.content.filters.state'),
      allLabel: t('admin.content.filters.allStates'),
      value: query.state,
      options: statusFilters.map((f) => ({ value: f, label: t(`admin.content.filter.${f}`) })),
    },
    {
      name: 'owner',
      label: t('admin.content.filters.owner'),
      allLabel: t('admin.content.filters.allOwners'),
      value: view.owners.find((o) => o.toLowerCase() === query.owner?.toLowerCase()),
      options: view.owners.map((o) => ({ value: o, label: `@${o}` })),
    },
  ];
}

export async function openContentStatus(Astro: AstroGlobal) {
  const guard = await guardAdminPage(Astro, 'writing');
  if (guard.response) return guard;
  const opened = await statusFor(Astro.url, guard.locale);
  return { response: undefined, ...opened, selects: filterSelects(guard.locale, opened) };
}

/** The same for the CSV download: a plain 401 or 403 instead of a page. */
export async function contentStatusForCsv(context: Parameters<typeof guardAdminEndpoint>[0]) {
  const guard = await guardAdminEndpoint(context, 'writing');
  if (guard.response) return guard;
  return { response: undefined, ...(await statusFor(context.url, guard.locale)) };
}
