// An article draft for a search that found nothing (?q=, ?locale=), as a download: the query is
// the working title of a skeleton (lib/content/draft.ts). Writers and admins only; linked from
// the zero-result queries of the search report.
import type { APIRoute } from 'astro';
import { isLocale } from '@/i18n/index.ts';
import { articleDraftFromQuery } from '@/lib/content/draft.ts';
import { draftDownload } from '@/server/draft-download.ts';
import { guardAdminEndpoint } from '@/server/guards.ts';
export const prerender = false;

export const GET: APIRoute = (context) => {
  const guard = guardAdminEndpoint(context, 'writing');
  if (guard.response) return guard.response;
  const params = context.url.searchParams;
  const locale = params.get('locale');
  const outcome = isLocale(locale)
    ? articleDraftFromQuery(params.get('q') ?? '', locale)
    : ({ ok: false, problem: 'emptyQuery' } as const);
  return draftDownload(outcome, guard.locale);
};
