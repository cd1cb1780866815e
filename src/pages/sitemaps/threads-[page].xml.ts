// /sitemaps/threads-<n>.xml: page n of the public community threads, each with its last activity
// (lib/forum/public-threads.ts says which threads a page holds).
import type { APIRoute } from 'astro';
import { threadSitemapPage } from '@/lib/forum/public-threads.ts';
import { threadPath } from '@/lib/forum/urls.ts';
import { SITEMAP_CACHE_CONTROL } from '@/lib/http/cache-control.ts';
import { buildSitemap, SITEMAP_CONTENT_TYPE } from '@/lib/seo/sitemap.ts';
import { getDb, getOrigin } from '@/server/context.ts';
import { xmlResponse } from '@/server/feeds.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, rewrite }) => {
  const page = /^[1-9]\d{0,8}$/.test(params.page ?? '') ? Number(params.page) : 0;
  const threads = page ? await threadSitemapPage(getDb(), page) : [];
  if (!threads.length) return rewrite('/404');
  const urls = threads.map((t) => ({ path: threadPath(t), lastModified: new Date(t.lastPostAt), alternates: {} }));
  return xmlResponse(buildSitemap(new URL(getOrigin()), urls), SITEMAP_CONTENT_TYPE, SITEMAP_CACHE_CONTROL);
};
