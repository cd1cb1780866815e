// Feeds and sitemaps as readers and crawlers fetch them: every feed is Atom and parses, the pages
// announce theirs, and the sitemap index leads to the articles and to public threads only.
import { expect, test } from '@playwright/test';
import { categoryBySlug } from '../../src/lib/forum/categories.ts';
import { createThread, hideThread } from '../../src/lib/forum/threads.ts';
import { threadPath } from '../../src/lib/forum/urls.ts';
import { parseXml, textOf } from '../unit/seo/parse-xml.ts';
import { seriousViolations, sessionUserByEmail, withDb } from './helpers.ts';

const locales = ['fa', 'ru', 'en'] as const;
const feedsOf = (l: string) => [`/${l}/feed.xml`, `/${l}/agent-skills/feed.xml`, `/${l}/community/billing/feed.xml`];

test('every feed answers as Atom, parses, and says its language; no route takes "feed.xml" for a category', async ({
  request,
}) => {
  for (const locale of locales)
    for (const path of feedsOf(locale)) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()['content-type'], path).toBe('application/atom+xml; charset=utf-8');
      const { feed } = parseXml(await response.text());
      expect(feed['@xml:lang'], path).toBe(locale);
      const self = feed.link.find((l: { '@rel': string }) => l['@rel'] === 'self');
      expect(new URL(self['@href']).pathname, path).toBe(path);
      // The seed has articles in every locale's categories and a solved billing question in each locale.
      expect(feed.entry?.length ?? 0, path).toBeGreaterThan(0);
      for (const entry of feed.entry) expect(textOf(entry.title), path).not.toBe('');
    }
  // The Persian feed's newest entry is a Persian article with its description as summary.
  const { feed } = parseXml(await (await request.get('/fa/feed.xml')).text());
  expect(new URL(feed.entry[0].id).pathname).toMatch(/^\/fa\/[a-z-]+\/[a-z0-9-]+\/$/);
  expect(textOf(feed.entry[0].summary)).toMatch(/[\u0600-\u06FF]/);
  // Category routes never answer for a feed's name: these are 404s, not category pages.
  for (const path of ['/fa/feed.xml/', '/fa/community/feed.xml', '/fa/community/feed.xml/'])
    expect((await request.get(path)).status(), path).toBe(404);
});

test('the home, a category and a community category announce their feeds; the Persian home still passes axe', async ({
  page,
  request,
}) => {
  // The Persian home in a browser: the link as the browser reads it, and axe over the page.
  await page.goto('/fa/');
  const link = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  await expect(link).toHaveAttribute('href', '/fa/feed.xml');
  await expect(link).toHaveAttribute('title', 'مقاله‌های تازه و به‌روزشده · پاسخ');
  expect(await seriousViolations(page)).toEqual([]);
  // Every page that gained a link, in every locale, as served.
  for (const l of locales)
    for (const [path, feed] of [
      [`/${l}/`, `/${l}/feed.xml`],
      [`/${l}/agent-skills/`, `/${l}/agent-skills/feed.xml`],
      [`/${l}/community/billing/`, `/${l}/community/billing/feed.xml`],
    ]) {
      const html = await (await request.get(path!)).text();
      const announced = (html.match(/<link [^>]*>/g) ?? []).filter(
        (tag) => tag.includes('rel="alternate"') && tag.includes('type="application/atom+xml"'),
      );
      expect(
        announced.map((tag) => [/href="([^"]+)"/.exec(tag)?.[1], /title="([^"]+)"/.exec(tag)?.[1] !== undefined]),
        path,
      ).toEqual([[feed, true]]);
    }
});

test('the sitemap index leads to the articles and to public threads, never a hidden one', async ({ request }) => {
  const stamp = Date.now();
  const { shown, hidden } = await withDb(async (db) => {
    const moderator = await sessionUserByEmail(db, 'moderator@pasokh.example');
    const { id: categoryId } = (await categoryBySlug(db, 'en', 'billing'))!;
    const ask = async (title: string) => {
      const result = await createThread(db, moderator, { locale: 'en', categoryId, title, body: 'Feeds e2e.' });
      if (!result.ok) throw new Error(`ask refused: ${result.problem}`);
      return { id: result.threadId, slug: result.slug, locale: 'en' };
    };
    const shown = await ask(`Sitemap question shown ${stamp}`);
    const hidden = await ask(`Sitemap question hidden ${stamp}`);
    await hideThread(db, moderator, hidden.id, 'e2e: not for crawlers');
    return { shown, hidden };
  });
  expect(await (await request.get('/robots.txt')).text()).toMatch(/^Sitemap: http:\/\/[^/]+\/sitemap\.xml$/m);

  const index = await request.get('/sitemap.xml');
  expect(index.headers()['content-type']).toBe('application/xml; charset=utf-8');
  const sitemaps: string[] = parseXml(await index.text()).sitemapindex.sitemap.map(
    (s: { loc: string }) => new URL(s.loc).pathname,
  );
  expect(sitemaps).toEqual(['/sitemaps/articles.xml', '/sitemaps/threads-1.xml']);

  const articles = parseXml(await (await request.get('/sitemaps/articles.xml')).text()).urlset.url;
  expect(articles.map((u: { loc: string }) => new URL(u.loc).pathname)).toContain('/fa/agent-skills/');

  const threads = await request.get('/sitemaps/threads-1.xml');
  expect(threads.status()).toBe(200);
  const urls: { loc: string; lastmod: string }[] = parseXml(await threads.text()).urlset.url;
  const paths = urls.map((u) => new URL(u.loc).pathname);
  expect(paths).toContain(threadPath(shown));
  expect(paths.some((p) => p.includes(`/t/${hidden.id}/`))).toBe(false);
  expect(urls.every((u) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(u.lastmod))).toBe(true);
  expect((await request.get('/sitemaps/threads-2.xml')).status()).toBe(404);
});
