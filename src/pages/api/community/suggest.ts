// "Your question may already be answered": threads like the title being typed in the composer,
// solved ones first. Same-origin only (Sec-Fetch-Site), limited per (hashed) address, since it
// is called as the writer types.
import type { APIRoute } from 'astro';
import { isLocale } from '@/i18n/index.ts';
import { addressKey } from '@/lib/auth/address.ts';
import { listCategories } from '@/lib/forum/categories.ts';
import { threadHitView } from '@/lib/forum/composer.ts';
import { suggestAnsweredThreads } from '@/lib/forum/search.ts';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { searchQueryParam } from '@/lib/search/query.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, max-age=30', ...headers },
  });

export const GET: APIRoute = async ({ request, url, clientAddress }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403 });
  const locale = url.searchParams.get('locale');
  const query = searchQueryParam(url.searchParams.get('q'));
  if (!isLocale(locale)) return json({ error: 'locale' }, 400);
  const db = getDb();
  const limit = await hitRateLimit(db, `forum-suggest:${await addressKey(db, clientAddress)}`, {
    max: 120,
    windowMs: 60_000,
  });
  if (!limit.allowed)
    return json({ error: 'rateLimited' }, 429, { 'Retry-After': String(Math.ceil(limit.retryAfterMs / 1000)) });
  const hits = await suggestAnsweredThreads(db, locale, query, { limit: 5 });
  const categories = new Map((await listCategories(db, locale)).map((c) => [c.id, c.title]));
  return json({ threads: hits.map((hit) => threadHitView(hit, categories)) });
};
