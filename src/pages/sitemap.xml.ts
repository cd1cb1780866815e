// /sitemap.xml (robots.txt points here): a sitemap index of the articles' sitemap, written at
// build time, and the pages of community threads, read from the database on each request.
import type { APIRoute } from 'astro';
import { threadSitemapPages } from '@/lib/forum/public-threads.ts';
import { SITEMAP_CACHE_CONTROL } from '@/lib/http/cache-control.ts';
import { buildSitemapIndex, SITEMAP_CONTENT_TYPE, threadSitemapPath } from '@/lib/seo/sitemap.ts';
import { getDb, getOrigin } from '@/server/context.ts';
import { xmlResponse } from '@/server/feeds.ts';
export const prerender = false;

export const GET: APIRoute = async () => {
  const pages = await threadSitemapPages(getDb());
  const sitemaps = [{ path: '/sitemaps/articles.xml' }, ...pages.map((n) => ({ path: threadSitemapPath(n) }))];
  return xmlResponse(buildSitemapIndex(new URL(getOrigin()), sitemaps), SITEMAP_CONTENT_TYPE, SITEMAP_CACHE_CONTROL);
};
