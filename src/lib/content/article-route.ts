// What an article's page and a category's page need besides the rendered body, computed once from
// the article list (the model is Starlight's generateRouteData): breadcrumbs, the same page in
// other languages, previous/next, related articles, structured data and search metadata. The
// pages only render what this returns.
import { useTranslations, type Locale } from '../../i18n/index.ts';
import { articleKeywords, foldText } from '../search/normalize.ts';
import { articleJsonLd, breadcrumbJsonLd, type Crumb } from '../seo/json-ld.ts';
import {
  articleUrl,
  categoryUrl,
  previousAndNext,
  relatedArticles,
  translationsOf,
  type ArticleRef,
} from './articles.ts';

export interface RouteCategory {
  id: string;
  title: Record<Locale, string>;
}

/** Home, then the category: the trail above a category page, and an article's without itself. */
export function categoryCrumbs(locale: Locale, category: RouteCategory, site: URL): Crumb[] {
  const { t } = useTranslations(locale);
  return [
    { name: t('site.tagline'), url: new URL(`/${locale}/`, site).href },
    { name: category.title[locale], url: new URL(categoryUrl(locale, category.id), site).href },
  ];
}

export function articleRouteData<T extends ArticleRef>(input: {
  articles: readonly T[];
  article: T & { updated: Date };
  categories: readonly RouteCategory[];
  site: URL;
}) {
  const { articles, article, site } = input;
  const locale = article.locale;
  const { t } = useTranslations(locale);
  const category = input.categories.find((c) => c.id === article.category)!;
  const translations = translationsOf(articles, article);
  const url = new URL(articleUrl(article), site).href;
  const crumbs = [...categoryCrumbs(locale, category, site), { name: article.title, url }];
  const publisher = t('site.name');
  const about = {
    headline: article.title,
    description: article.description,
    url,
    inLanguage: locale,
    dateModified: article.updated,
    publisher,
  };
  return {
    locale,
    url,
    crumbs,
    categoryTitle: category.title[locale],
    /** The same article in the other languages that have it. */
    alternates: Object.fromEntries(
      Object.entries(translations).flatMap(([l, a]) => (a ? [[l, articleUrl(a)]] : [])),
    ) as Partial<Record<Locale, string>>,
    translations,
    ...previousAndNext(articles, article),
    related: relatedArticles(articles, article),
    jsonLd: [articleJsonLd(about), breadcrumbJsonLd(crumbs)],
    keywords: articleKeywords(article),
    /** The description as the index reads it (page text is folded at build time, attributes are not). */
    searchDescription: foldText(article.description),
  };
}
