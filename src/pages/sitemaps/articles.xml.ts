// /sitemaps/articles.xml: the help center's pages (homes, categories, articles) with hreflang
// alternates (xhtml:link), built from the same collections as the pages, at build time.
import type { APIRoute } from 'astro';
import { getArticles, getCategories } from '@/server/content.ts';
import { articleUrl, categoryUrl, translationsOf } from '@/lib/content/articles.ts';
import { buildSitemap, SITEMAP_CONTENT_TYPE, type SitemapPage } from '@/lib/seo/sitemap.ts';
import { locales } from '@/i18n/index.ts';

export const GET: APIRoute = async ({ site }) => {
  const origin = site ?? new URL('http://localhost:4321');
  const [articles, categories] = await Promise.all([getArticles(), getCategories()]);
  const everyLocale = (path: (l: (typeof locales)[number]) => string) =>
    Object.fromEntries(locales.map((l) => [l, path(l)]));
  const pages: SitemapPage[] = [
    ...locales.map((locale) => ({ path: `/${locale}/`, alternates: everyLocale((l) => `/${l}/`) })),
    ...locales.flatMap((locale) =>
      categories.map((c) => ({
        path: categoryUrl(locale, c.id),
        alternates: everyLocale((l) => categoryUrl(l, c.id)),
      })),
    ),
    ...articles.map((article) => ({
      path: articleUrl(article),
      lastModified: article.updated,
      alternates: Object.fromEntries(
        Object.entries(translationsOf(articles, article)).flatMap(([l, a]) => (a ? [[l, articleUrl(a)]] : [])),
      ),
    })),
  ];
  return new Response(buildSitemap(origin, pages), { headers: { 'Content-Type': SITEMAP_CONTENT_TYPE } });
};
