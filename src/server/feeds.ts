// The Astro side of feeds and sitemaps (the documents themselves are lib/seo's): which articles
// and categories a feed is made of, what it is called in the reader's language, and the response
// that carries it.
import type { Locale, useTranslations } from '@/i18n/index.ts';
import { allowAnonymousCache } from '@/lib/http/anonymous-cache.ts';
import { ATOM_CONTENT_TYPE, buildAtomFeed } from '@/lib/seo/atom.ts';
import { articlesFeed } from '@/lib/seo/feeds.ts';
import { getArticles, getCategories } from './content.ts';

type T = ReturnType<typeof useTranslations>['t'];

/** The locale's article feed, or one category's (`category`), as Atom. */
export async function articleFeedXml(origin: URL, locale: Locale, t: T, category?: string): Promise<string> {
  const [articles, categories] = await Promise.all([getArticles(), getCategories()]);
  const own = categories.find((c) => c.id === category);
  const feed = articlesFeed(origin, {
    locale,
    ...(category ? { category } : {}),
    title: own ? t('feed.categoryArticles', { category: own.title[locale] }) : t('feed.articles'),
    subtitle: own ? own.description[locale] : t('site.description'),
    siteName: t('site.name'),
    categoryTitles: Object.fromEntries(categories.map((c) => [c.id, c.title[locale]])),
    articles,
  });
  return buildAtomFeed(feed);
}

/**
 * An XML answer. `cacheControl` for one rendered per request, which every anonymous reader then
 * shares from the page cache for a few seconds too (the middleware drops that for a signed-in
 * request, whose answer is the same anyway).
 */
export function xmlResponse(body: string, contentType = ATOM_CONTENT_TYPE, cacheControl?: string): Response {
  const headers = new Headers({ 'Content-Type': contentType });
  if (cacheControl) {
    headers.set('Cache-Control', cacheControl);
    allowAnonymousCache(headers);
  }
  return new Response(body, { headers });
}
