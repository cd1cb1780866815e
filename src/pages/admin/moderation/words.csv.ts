// The watched words as CSV (locale,word,action; UTF-8 with BOM), all locales or ?locale=xx.
// The same file imports back on the words page.
import type { APIRoute } from 'astro';
import { guardAdminEndpoint } from '@/server/guards.ts';
import { isLocale } from '@/i18n/index.ts';
import { csvFilename, csvResponse } from '@/lib/analytics/csv.ts';
import { exportWatchedWordsCsv } from '@/lib/moderation/words.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

export const GET: APIRoute = async (context) => {
  const guard = await guardAdminEndpoint(context, 'moderation');
  if (guard.response) return guard.response;
  const asked = context.url.searchParams.get('locale');
  const locale = isLocale(asked) ? asked : undefined;
  const csv = await exportWatchedWordsCsv(getDb(), guard.user, locale);
  return csvResponse(csv, csvFilename('watched-words', locale ?? 'all'));
};
