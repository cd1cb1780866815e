// /{locale}/community/{category}/feed.xml: the category's solved threads in this locale (Atom),
// rendered per request (threads change) from what anonymous readers see, and cached like a page.
// Forum category slugs are kebab-case (lib/forum/categories.ts), so none is named "feed.xml".
import type { APIRoute } from 'astro';
import { isLocale } from '@/i18n/index.ts';
import { categoryBySlug } from '@/lib/forum/categories.ts';
import { recentlySolvedThreads } from '@/lib/forum/public-threads.ts';
import { FEED_CACHE_CONTROL } from '@/lib/http/cache-control.ts';
import { ATOM_CONTENT_TYPE, buildAtomFeed } from '@/lib/seo/atom.ts';
import { solvedThreadsFeed } from '@/lib/seo/feeds.ts';
import { getDb, getOrigin } from '@/server/context.ts';
import { xmlResponse } from '@/server/feeds.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const { locale } = params;
  const db = getDb();
  const category = isLocale(locale) ? await categoryBySlug(db, locale, params.category ?? '') : null;
  if (!isLocale(locale) || !category) return rewrite('/404');
  const { t } = locals;
  const feed = solvedThreadsFeed(new URL(getOrigin()), {
    locale,
    categorySlug: category.slug,
    title: t('feed.solved', { category: category.title }),
    subtitle: category.description || t('forum.intro'),
    siteName: t('site.name'),
    threads: await recentlySolvedThreads(db, { locale, categoryId: category.id }),
  });
  return xmlResponse(buildAtomFeed(feed), ATOM_CONTENT_TYPE, FEED_CACHE_CONTROL);
};
