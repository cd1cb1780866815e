// The one adapter between Astro's content collections and the plain records in lib/content.
import { getCollection, getEntry, render, type CollectionEntry } from 'astro:content';
import type { MarkdownHeading } from 'astro';
import { parseArticleId, readingMinutes, type ArticleRef } from '@/lib/content/articles.ts';
import { readHtml, renderedArticle } from '@/lib/content/rendered.ts';
import { lastUpdated } from '@/lib/content/updated.ts';
import type { StatusGroup } from '@/lib/content/status.ts';
import type { Locale } from '@/i18n/locales.ts';

export type ArticleEntry = CollectionEntry<'articles'>;
export type CategoryEntry = CollectionEntry<'categories'>;

export interface Article extends ArticleRef {
  entry: ArticleEntry;
  updated: Date;
}

/** Published articles; drafts too in `astro dev`. */
export async function getArticles(): Promise<Article[]> {
  const entries = await getCollection('articles', ({ data }) => import.meta.env.DEV || !data.draft);
  return entries.flatMap((entry) => {
    const parsed = parseArticleId(entry.id);
    if (!parsed) return []; // content.config.ts reports misplaced files
    const { data } = entry;
    return [
      {
        ...parsed,
        id: entry.id,
        title: data.title,
        description: data.description,
        order: data.order,
        tags: data.tags,
        related: data.related,
        translationKey: data.translationKey,
        draft: data.draft,
        updated: lastUpdated(entry.filePath ?? `content/articles/${entry.id}.mdx`, data.updated),
        entry,
      },
    ];
  });
}

/** An article's body: HTML the content loader rendered, or (MDX with imports) a component to render. */
export type ArticleContent = { headings: MarkdownHeading[]; readingMinutes: number } & (
  { html: string; Content?: undefined } | { html?: undefined; Content: Awaited<ReturnType<typeof render>>['Content'] }
);

export async function articleContent(article: Article): Promise<ArticleContent> {
  const kept = renderedArticle(article.entry.rendered?.metadata);
  if (kept) return { html: readHtml(kept.htmlFile), headings: kept.headings, readingMinutes: kept.readingMinutes };
  const { Content, headings } = await render(article.entry);
  return { Content, headings, readingMinutes: readingMinutes(article.entry.body ?? '') };
}

export async function getCategories(): Promise<CategoryEntry['data'][]> {
  const entries = await getCollection('categories');
  return entries.map((e) => e.data).sort((a, b) => a.order - b.order);
}

export function categoryTitle(category: CategoryEntry['data'] | undefined, locale: Locale): string {
  return category?.title[locale] ?? '';
}

let articleIds: Promise<Set<string>> | undefined;

/** Ids of the articles readers can see, for endpoints that take an article id from a form. */
export function publishedArticleIds(): Promise<Set<string>> {
  articleIds ??= getCollection('articles', ({ data }) => import.meta.env.DEV || !data.draft).then(
    (entries) => new Set(entries.map((e) => e.id)),
  );
  return articleIds;
}

/** The writers' guide in `locale` (admin area only; see src/content.config.ts). */
export async function getGuide(locale: Locale): Promise<CollectionEntry<'guide'> | undefined> {
  return getEntry('guide', locale);
}

let contentStatus: Promise<StatusGroup[]> | undefined;

/** The translation status computed at build time (src/content.config.ts), sorted by key. */
export function getContentStatus(): Promise<StatusGroup[]> {
  const load = () =>
    getCollection('contentStatus').then((entries) =>
      entries.map((e) => e.data as unknown as StatusGroup).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    );
  // In dev the collection follows saved files, so it is read afresh every time.
  if (import.meta.env.DEV) return load();
  contentStatus ??= load();
  return contentStatus;
}

/** Article categories with their titles in `locale`, for the follow forms (src/lib/follows/). */
export async function articleCategoriesIn(locale: Locale): Promise<{ id: string; title: string }[]> {
  return (await getCategories()).map((c) => ({ id: c.id, title: c.title[locale] }));
}
