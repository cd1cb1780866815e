// What each Atom feed holds (./atom.ts writes it): the locale's new and updated articles, one
// article category's, and one community category's solved threads. Pure functions over the
// records the pages already have; the routes decide when they run (articles at build time,
// threads on each request).
import type { Locale } from '../../i18n/locales.ts';
import { articleUrl, categoryUrl, type ArticleRef } from '../content/articles.ts';
import { threadPath } from '../forum/urls.ts';
import type { AtomEntry, AtomFeed } from './atom.ts';

/** Entries per feed: enough for a reader that polls now and then, small enough to stay cheap. */
export const FEED_SIZE = 50;

export const articleFeedPath = (locale: Locale, category?: string) =>
  category ? `/${locale}/${category}/feed.xml` : `/${locale}/feed.xml`;

export const communityFeedPath = (locale: Locale, categorySlug: string) =>
  `/${locale}/community/${categorySlug}/feed.xml`;

/** A feed's title, as the feed names itself and as the pages announce it. */
export const feedTitle = (title: string, siteName: string) => `${title} · ${siteName}`;

interface FeedText {
  /** The feed's own name (the site's name is added). */
  title: string;
  subtitle: string;
  siteName: string;
}

export type FeedArticle = Pick<ArticleRef, 'id' | 'locale' | 'category' | 'slug' | 'title' | 'description'> & {
  updated: Date;
};

export interface ArticleFeedInput extends FeedText {
  locale: Locale;
  /** Only this category's articles; all of the locale's without it. */
  category?: string;
  /** Category id → its title in the locale, for each entry's <category>. */
  categoryTitles: Record<string, string>;
  articles: readonly FeedArticle[];
}

function feed(origin: URL, text: FeedText, lang: Locale, self: string, alternate: string, entries: AtomEntry[]) {
  return {
    id: new URL(self, origin).href,
    title: feedTitle(text.title, text.siteName),
    subtitle: text.subtitle,
    lang,
    self: new URL(self, origin).href,
    alternate: new URL(alternate, origin).href,
    authors: [{ name: text.siteName, uri: new URL(`/${lang}/`, origin).href }],
    entries,
  } satisfies AtomFeed;
}

/** New and updated articles, the last updated first; an article's id is its URL, which never changes. */
export function articlesFeed(origin: URL, input: ArticleFeedInput): AtomFeed {
  const { locale, category } = input;
  const entries = input.articles
    .filter((a) => a.locale === locale && (category === undefined || a.category === category))
    .sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.id.localeCompare(b.id))
    .slice(0, FEED_SIZE)
    .map((a): AtomEntry => {
      const url = new URL(articleUrl(a), origin).href;
      const label = input.categoryTitles[a.category];
      return {
        id: url,
        title: a.title,
        link: url,
        updated: a.updated,
        summary: a.description,
        categories: [{ term: a.category, ...(label ? { label } : {}) }],
      };
    });
  const alternate = category ? categoryUrl(locale, category) : `/${locale}/`;
  return feed(origin, input, locale, articleFeedPath(locale, category), alternate, entries);
}

export interface FeedThread {
  id: number;
  locale: string;
  slug: string;
  title: string;
  askerName: string;
  askedAt: number;
  solvedAt: number;
  summary: string;
}

export interface SolvedFeedInput extends FeedText {
  locale: Locale;
  categorySlug: string;
  /** Newest solved first (lib/forum/public-threads.ts). */
  threads: readonly FeedThread[];
}

/**
 * A community category's solved threads. An entry's id is the thread's short address
 * (`/{locale}/community/t/{id}/`, which redirects to the page), so a retitled thread stays the
 * same entry; it is updated when its answer was accepted.
 */
export function solvedThreadsFeed(origin: URL, input: SolvedFeedInput): AtomFeed {
  const entries = input.threads.slice(0, FEED_SIZE).map((t): AtomEntry => ({
    id: new URL(`/${t.locale}/community/t/${t.id}/`, origin).href,
    title: t.title,
    link: new URL(threadPath(t), origin).href,
    published: new Date(t.askedAt),
    updated: new Date(t.solvedAt),
    authors: [{ name: t.askerName }],
    ...(t.summary ? { summary: t.summary } : {}),
  }));
  const list = `/${input.locale}/community/${input.categorySlug}/?list=solved`;
  return feed(origin, input, input.locale, communityFeedPath(input.locale, input.categorySlug), list, entries);
}
