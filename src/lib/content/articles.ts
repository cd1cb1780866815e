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

/** One collator per locale: `localeCompare` with a locale argument builds a new one per call. */
const collators = new Map<Locale, Intl.Collator>();

/** Category order: `order` first, then the title in the locale's collation. */
export function compareArticles(a: ArticleRef, b: ArticleRef): number {
  let collator = collators.get(a.locale);
  if (!collator) collators.set(a.locale, (collator = new Intl.Collator(intlTag(a.locale))));
  return a.order - b.order || collator.compare(a.title, b.title);
}

/**
 * Every page of a build asks for its neighbours in the same article list, so what those lookups
 * need is built once per list: 10,000 pages each sorting and scanning 10,000 articles took
 * longer than rendering them.
 */
interface ArticleIndex {
  /** `locale/category` → its articles in category order. */
  byCategory: Map<string, ArticleRef[]>;
  /** locale → its articles in category order (for related articles' ties). */
  byLocale: Map<Locale, ArticleRef[]>;
  /** `locale/translationKey` → the article. */
  byTranslation: Map<string, ArticleRef>;
  /** `locale/category/slug` → the article (what a writer's `related` list names, after the locale). */
  byPath: Map<string, ArticleRef>;
  /** article id → its position in its category's list. */
  position: Map<string, number>;
}

const indexes = new WeakMap<readonly ArticleRef[], ArticleIndex>();

function indexOf(all: readonly ArticleRef[]): ArticleIndex {
  const cached = indexes.get(all);
  if (cached) return cached;
  const index: ArticleIndex = {
    byCategory: new Map(),
    byLocale: new Map(),
    byTranslation: new Map(),
    byPath: new Map(),
    position: new Map(),
  };
  for (const article of all) {
    index.byPath.set(`${article.locale}/${article.category}/${article.slug}`, article);
    const sameLocale = index.byLocale.get(article.locale) ?? [];
    sameLocale.push(article);
    index.byLocale.set(article.locale, sameLocale);
    const translationKey = `${article.locale}/${article.translationKey}`;
    if (article.translationKey && !index.byTranslation.has(translationKey))
      index.byTranslation.set(translationKey, article);
  }
  // Sorted per locale: the comparison is the locale's collation.
  for (const sameLocale of index.byLocale.values()) {
    sameLocale.sort(compareArticles);
    for (const article of sameLocale) {
      const key = `${article.locale}/${article.category}`;
      const list = index.byCategory.get(key) ?? [];
      index.position.set(article.id, list.length);
      list.push(article);
      index.byCategory.set(key, list);
    }
  }
  indexes.set(all, index);
  return index;
}

export function articlesInCategory(all: readonly ArticleRef[], locale: Locale, category: string): ArticleRef[] {
  return [...(indexOf(all).byCategory.get(`${locale}/${category}`) ?? [])];
}

/** The `count` articles updated last, newest first (ties keep their order). */
export function recentlyUpdated<A extends { updated: Date }>(articles: readonly A[], count: number): A[] {
  return [...articles].sort((a, b) => b.updated.getTime() - a.updated.getTime()).slice(0, count);
}

export function previousAndNext(all: readonly ArticleRef[], article: ArticleRef) {
  const { byCategory, position } = indexOf(all);
  const list = byCategory.get(`${article.locale}/${article.category}`) ?? [];
  const at = position.get(article.id) ?? -1;
  const index = list[at]?.id === article.id ? at : -1;
  return { previous: index > 0 ? list[index - 1] : undefined, next: index >= 0 ? list[index + 1] : undefined };
}

/**
 * Related articles: the writer's `related` list first, then other articles of the same
 * locale ranked by shared tags (ties: same category first, then category order).
 */
export function relatedArticles(all: readonly ArticleRef[], article: ArticleRef, limit = 3): ArticleRef[] {
  const { byLocale, byPath } = indexOf(all);
  const chosen = article.related
    .map((key) => byPath.get(`${article.locale}/${key}`))
    .filter((a): a is ArticleRef => a !== undefined && a.id !== article.id);
  const wanted = limit - chosen.length;
  const tags = new Set(article.tags);
  const best = tags.size * 2 + 1;
  // The first `wanted` of each score, in category order (the list's order): enough for the top.
  const byScore = new Map<number, ArticleRef[]>();
  for (const a of byLocale.get(article.locale) ?? []) {
    if (wanted <= 0 || byScore.get(best)?.length === wanted) break;
    if (a.id === article.id || chosen.includes(a)) continue;
    let score = a.category === article.category ? 1 : 0;
    // A tag a writer named twice counts once.
    a.tags.forEach((tag, i) => {
      if (tags.has(tag) && a.tags.indexOf(tag) === i) score += 2;
    });
    const bucket = byScore.get(score) ?? [];
    if (score > 0 && bucket.length < wanted) byScore.set(score, [...bucket, a]);
  }
  const ranked = [...byScore.keys()].sort((x, y) => y - x).flatMap((score) => byScore.get(score)!);
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
          ? indexOf(all).byTranslation.get(`${locale}/${article.translationKey}`)
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
