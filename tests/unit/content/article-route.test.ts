// An article's route data (lib/content/article-route.ts) from plain records.
import { describe, expect, it } from 'vitest';
import { articleRouteData } from '../../../src/lib/content/article-route.ts';
import type { ArticleRef } from '../../../src/lib/content/articles.ts';

const SITE = new URL('https://help.example.com');
const ref = (
  locale: 'en' | 'ru',
  slug: string,
  order: number,
  over: Partial<ArticleRef> = {},
): ArticleRef & { updated: Date } => ({
  id: `${locale}/skills/${slug}`,
  locale,
  category: 'skills',
  slug,
  title: `${slug} title`,
  description: `${slug} text`,
  order,
  tags: ['calm'],
  related: [],
  translationKey: slug,
  draft: false,
  updated: new Date('2026-11-01T00:00:00Z'),
  ...over,
});
const categories = [{ id: 'skills', title: { fa: 'مهارت‌ها', ru: 'Навыки', en: 'Skills' } }];

describe('article route data', () => {
  it('builds the crumbs, the other languages, previous/next and the structured data once', () => {
    const articles = [ref('en', 'first', 1), ref('en', 'second', 2), ref('en', 'third', 3), ref('ru', 'second', 2)];
    const route = articleRouteData({
      articles,
      article: articles[1]!,
      categories,
      site: SITE,
    });
    expect(route.crumbs.map((c) => c.url)).toEqual([
      'https://help.example.com/en/',
      'https://help.example.com/en/skills/',
      'https://help.example.com/en/skills/second/',
    ]);
    expect(route.categoryTitle).toBe('Skills');
    expect(route.alternates).toEqual({ en: '/en/skills/second/', ru: '/ru/skills/second/' });
    expect([route.previous?.slug, route.next?.slug]).toEqual(['first', 'third']);
    expect(route.related.map((a) => a.slug)).toEqual(['first', 'third']);
    expect(route.jsonLd.map((d) => d['@type'])).toEqual(['Article', 'BreadcrumbList']);
  });
});
