// Community threads for the site search page's "Community" section (/{locale}/search/?q=): the
// best ten matches of visible threads, with a link to the forum's own search for more.
// Same-origin only (Sec-Fetch-Site), limited per (hashed) address.
import type { APIRoute } from 'astro';
import { isLocale } from '@/i18n/index.ts';
import { addressKey } from '@/lib/auth/address.ts';
import { listCategories } from '@/lib/forum/categories.ts';
import { threadHitView } from '@/lib/forum/composer.ts';
import { searchThreads } from '@/lib/forum/search.ts';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { searchQueryParam } from '@/lib/search/query.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

const LIMIT = 10;

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
  const more = `/${locale}/community/search/?q=${encodeURIComponent(query)}`;
  if (!query) return json({ threads: [], more });
  const db = getDb();
  const limit = await hitRateLimit(db, `forum-search:${await addressKey(db, clientAddress)}`, {
    max: 60,
    windowMs: 60_000,
  });
  if (!limit.allowed)
    return json({ error: 'rateLimited' }, 429, { 'Retry-After': String(Math.ceil(limit.retryAfterMs / 1000)) });
  const { hits } = await searchThreads(db, locale, query, { limit: LIMIT });
  const categories = new Map((await listCategories(db, locale)).map((c) => [c.id, c.title]));
  return json({ threads: hits.map((hit) => threadHitView(hit, categories)), more });
};
