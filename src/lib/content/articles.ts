// Article navigation as pure functions over plain records: URLs, ordering, previous/next,
// related articles and translations. The pages feed them from the content collection.
import { intlTag, isLocale, locales, type Locale } from '../../i18n/locales.ts';

export interface ArticleRef {
  /** Collection id: `<locale>/<category>/<slug>`. */
  id: string;
  locale: Locale;
  category: string;
  slug: string;
  title: string;
  description: string;
  order: number;
  tags: string[];
  related: string[];
  translationKey?: string | undefined;
  draft: boolean;
}

/** Splits a collection id (`fa/agent-skills/patience`) into its parts, or undefined. */
/** An article id as votes and links carry it: locale/category/slug, lowercase ASCII slugs. */
export const ARTICLE_ID_PATTERN = /^(fa|ru|en)\/[a-z0-9-]+\/[a-z0-9-]+$/;

export function parseArticleId(id: string): { locale: Locale; category: string; slug: string } | undefined {
  const parts = id.split('/');
  if (parts.length !== 3) return undefined;
  const [locale, category, slug] = parts as [string, string, string];
  if (!isLocale(locale) || !category || !slug) return undefined;
  return { locale, category, slug };
}

export function articleUrl(article: Pick<ArticleRef, 'locale' | 'category' | 'slug'>): string {
  return `/${article.locale}/${article.category}/${article.slug}/`;
}

export function categoryUrl(locale: Locale, category: string): string {
  return `/${locale}/${category}/`;
}

/** Category order: `order` first, then the title in the locale's collation. */
export function compareArticles(a: ArticleRef, b: ArticleRef): number {
  return a.order - b.order || a.title.localeCompare(b.title, intlTag(a.locale));
}

export function articlesInCategory(all: readonly ArticleRef[], locale: Locale, category: string): ArticleRef[] {
  return all.filter((a) => a.locale === locale && a.category === category).sort(compareArticles);
}

/** The `count` articles updated last, newest first (ties keep their order). */
export function recentlyUpdated<A extends { updated: Date }>(articles: readonly A[], count: number): A[] {
  return [...articles].sort((a, b) => b.updated.getTime() - a.updated.getTime()).slice(0, count);
}

export function previousAndNext(all: readonly ArticleRef[], article: ArticleRef) {
  const list = articlesInCategory(all, article.locale, article.category);
  const index = list.findIndex((a) => a.id === article.id);
  return { previous: index > 0 ? list[index - 1] : undefined, next: index >= 0 ? list[index + 1] : undefined };
}

/**
 * Related articles: the writer's `related` list first, then other articles of the same
 * locale ranked by shared tags (ties: same category first, then category order).
 */
export function relatedArticles(all: readonly ArticleRef[], article: ArticleRef, limit = 3): ArticleRef[] {
  const sameLocale = all.filter((a) => a.locale === article.locale && a.id !== article.id);
  const byKey = new Map(sameLocale.map((a) => [`${a.category}/${a.slug}`, a]));
  const chosen = article.related.map((key) => byKey.get(key)).filter((a): a is ArticleRef => a !== undefined);
  const tags = new Set(article.tags);
  const ranked = sameLocale
    .filter((a) => !chosen.includes(a))
    .map((a) => ({
      a,
      score: a.tags.filter((t) => tags.has(t)).length * 2 + (a.category === article.category ? 1 : 0),
    }))
    .filter(({ score }) => score > 0)
    .sort((x, y) => y.score - x.score || compareArticles(x.a, y.a))
    .map(({ a }) => a);
  return [...chosen, ...ranked].slice(0, limit);
}

/** The same article in every locale (by translation key); undefined where it is missing. */
export function translationsOf(
  all: readonly ArticleRef[],
  article: ArticleRef,
): Record<Locale, ArticleRef | undefined> {
  const result = {} as Record<Locale, ArticleRef | undefined>;
  for (const locale of locales) {
    result[locale] =
      locale === article.locale
        ? article
        : article.translationKey
          ? all.find((a) => a.locale === locale && a.translationKey === article.translationKey)
          : undefined;
  }
  return result;
}

/** Words per minute are similar for Persian, Russian and English prose. */
const WORDS_PER_MINUTE = 200;

/** Reading time in whole minutes (at least one) of an MDX body, ignoring code, imports and tags. */
export function readingMinutes(mdxBody: string): number {
  const prose = mdxBody
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^(import|export)\s.*$/gm, ' ')
    .replace(/<[^>]*>/g, ' ');
  const words = prose.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}\u200c'’-]*/gu)?.length ?? 0;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
