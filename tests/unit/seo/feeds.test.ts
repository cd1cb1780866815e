// What each feed holds: the locale's (or a category's) newest articles, a community category's
// solved threads; and the URL space: no category can be named like a feed.
import { describe, expect, it } from 'vitest';
import { categorySchema } from '../../../src/lib/content/schema.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { buildAtomFeed } from '../../../src/lib/seo/atom.ts';
import {
  articleFeedPath,
  articlesFeed,
  communityFeedPath,
  FEED_SIZE,
  solvedThreadsFeed,
  type FeedArticle,
} from '../../../src/lib/seo/feeds.ts';
import { testDb } from '../helpers.ts';
import { parseXml, textOf } from './parse-xml.ts';

const origin = new URL('https://help.example');
const DAY = 86_400_000;

const article = (locale: 'fa' | 'ru' | 'en', category: string, slug: string, daysAgo: number): FeedArticle => ({
  id: `${locale}/${category}/${slug}`,
  locale,
  category,
  slug,
  title: `Title of ${slug}`,
  description: `What ${slug} is about.`,
  updated: new Date(Date.parse('2026-12-01T00:00:00Z') - daysAgo * DAY),
});

const text = { title: 'New and updated articles', subtitle: 'Answers.', siteName: 'Pasokh' };
const categoryTitles = { skills: 'Skills', teams: 'Teams' };

describe('articlesFeed', () => {
  const articles = [
    article('en', 'skills', 'old', 30),
    article('en', 'teams', 'newest', 1),
    article('en', 'skills', 'newer', 5),
    article('ru', 'skills', 'russian', 0),
  ];

  it("lists the locale's articles, newest update first, each with its URL as id and link, summary and category", () => {
    const feed = articlesFeed(origin, { locale: 'en', ...text, categoryTitles, articles });
    expect(feed.entries.map((e) => e.id)).toEqual([
      'https://help.example/en/teams/newest/',
      'https://help.example/en/skills/newer/',
      'https://help.example/en/skills/old/',
    ]);
    const [first] = feed.entries;
    expect(first).toMatchObject({
      link: 'https://help.example/en/teams/newest/',
      title: 'Title of newest',
      summary: 'What newest is about.',
      updated: articles[1]!.updated,
      categories: [{ term: 'teams', label: 'Teams' }],
    });
    expect(feed).toMatchObject({
      id: 'https://help.example/en/feed.xml',
      self: 'https://help.example/en/feed.xml',
      alternate: 'https://help.example/en/',
      title: 'New and updated articles · Pasokh',
      lang: 'en',
      authors: [{ name: 'Pasokh', uri: 'https://help.example/en/' }],
    });
    const parsed = parseXml(buildAtomFeed(feed)).feed;
    expect(parsed['@xml:lang']).toBe('en');
    expect(parsed.updated).toBe('2026-11-30T00:00:00Z');
  });

  it("lists one category's articles in its own feed, linked to the category page", () => {
    const feed = articlesFeed(origin, { locale: 'en', category: 'skills', ...text, categoryTitles, articles });
    expect(feed.entries.map((e) => e.title)).toEqual(['Title of newer', 'Title of old']);
    expect(feed.self).toBe('https://help.example/en/skills/feed.xml');
    expect(feed.alternate).toBe('https://help.example/en/skills/');
  });

  it(`keeps the ${FEED_SIZE} newest`, () => {
    const many = Array.from({ length: FEED_SIZE + 7 }, (_, i) => article('fa', 'skills', `a-${i}`, i));
    const feed = articlesFeed(origin, { locale: 'fa', ...text, categoryTitles, articles: many });
    expect(feed.entries).toHaveLength(FEED_SIZE);
    expect(feed.entries.at(-1)!.id).toBe(`https://help.example/fa/skills/a-${FEED_SIZE - 1}/`);
  });
});

describe('solvedThreadsFeed', () => {
  it('lists threads under their short address as id, linked to their page, by the asker, updated when solved', () => {
    const feed = solvedThreadsFeed(origin, {
      locale: 'fa',
      categorySlug: 'billing',
      title: 'پرسش‌های حل‌شده: پرداخت',
      subtitle: 'پرداخت و فاکتور',
      siteName: 'پاسخ',
      threads: [
        {
          id: 7,
          locale: 'fa',
          slug: 'فاکتور-رسمی',
          title: 'فاکتور رسمی؟',
          askerName: 'سارا',
          askedAt: Date.parse('2026-11-20T10:00:00Z'),
          solvedAt: Date.parse('2026-11-21T09:00:00Z'),
          summary: 'چطور فاکتور بگیرم؟',
        },
        {
          id: 3,
          locale: 'fa',
          slug: 'x',
          title: 'x',
          askerName: 'Ali',
          askedAt: 0,
          solvedAt: 1000,
          summary: '',
        },
      ],
    });
    expect(feed.self).toBe('https://help.example/fa/community/billing/feed.xml');
    expect(feed.alternate).toBe('https://help.example/fa/community/billing/?list=solved');
    expect(feed.title).toBe('پرسش‌های حل‌شده: پرداخت · پاسخ');
    const parsed = parseXml(buildAtomFeed(feed)).feed;
    expect(parsed['@xml:lang']).toBe('fa');
    const [entry, bare] = parsed.entry;
    expect(entry.id).toBe('https://help.example/fa/community/t/7/');
    expect(entry.link[0]['@href']).toBe(`https://help.example/fa/community/t/7/${encodeURIComponent('فاکتور-رسمی')}/`);
    expect(entry.author).toEqual([{ name: 'سارا' }]);
    expect(entry.published).toBe('2026-11-20T10:00:00Z');
    expect(entry.updated).toBe('2026-11-21T09:00:00Z');
    expect(textOf(entry.summary)).toBe('چطور فاکتور بگیرم؟');
    // A question readers cannot see gives no summary at all.
    expect(bare.summary).toBeUndefined();
  });
});

describe('the URL space', () => {
  it('has one feed address per locale, article category and community category', () => {
    expect(articleFeedPath('fa')).toBe('/fa/feed.xml');
    expect(articleFeedPath('ru', 'agent-skills')).toBe('/ru/agent-skills/feed.xml');
    expect(communityFeedPath('en', 'billing')).toBe('/en/community/billing/feed.xml');
  });

  it('admits no article category or community category named "feed.xml"', async () => {
    const category = {
      order: 1,
      icon: 'x',
      title: { fa: 'x', ru: 'x', en: 'x' },
      description: { fa: 'x', ru: 'x', en: 'x' },
    };
    expect(categorySchema.safeParse({ ...category, id: 'feed-xml' }).success).toBe(true);
    expect(categorySchema.safeParse({ ...category, id: 'feed.xml' }).success).toBe(false);
    const db = await testDb();
    await expect(saveCategory(db, 'system', { slug: 'feed.xml', titles: { en: 'Feed' } })).rejects.toThrow(
      /Not a category slug/,
    );
    await db.destroy();
  });
});
