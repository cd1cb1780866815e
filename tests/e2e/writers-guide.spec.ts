// The writers' guide is for writers: no public category, search result or sitemap entry; writers
// and admins open it from the writers' area of the admin (/admin/content/guide/<locale>/; its
// older address /admin/guide/<locale>/ redirects there). And no search excerpt shows MDX or YAML source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, request as requests, test } from '@playwright/test';
import { collectErrors, expectLangAndDir, seriousViolations, signInAs } from './helpers.ts';

const guideTitle = {
  fa: 'راهنمای اجزای مقاله',
  ru: 'Компоненты для авторов статей',
  en: 'The article component kit',
} as const;
const navLabel = { fa: 'راهنمای نویسندگان', ru: 'Руководство для авторов', en: "Writers' guide" } as const;

/** What MDX or frontmatter source looks like; none of it belongs in an excerpt a reader sees. */
const SOURCE = [/\bcategory:/, /\btags:/, /</, /\bimport\s/, /\bexport\s/, /^---/m];
const sourceIn = (text: string) => SOURCE.filter((pattern) => pattern.test(text)).map(String);

for (const locale of ['fa', 'ru', 'en'] as const) {
  test(`${locale}: the writers' guide is no category on the home page, and its old address is gone`, async ({
    page,
    request,
  }) => {
    await page.goto(`/${locale}/`);
    await expect(page.locator('main a[href*="writers-guide"]')).toHaveCount(0);
    await expect(page.locator('main')).not.toContainText(navLabel[locale]);
    expect((await request.get(`/${locale}/writers-guide/`)).status()).toBe(404);
    expect((await request.get(`/${locale}/writers-guide/writer-kit/`)).status()).toBe(404);
  });
}

test("the sitemap has no page of the writers' guide", async ({ request }) => {
  const xml = await (await request.get('/sitemaps/articles.xml')).text();
  expect(xml).toContain('/fa/agent-skills/');
  expect(xml).not.toContain('writers-guide');
  expect(xml).not.toContain('/admin/');
});

// An English question on the Persian page (found by the English words of other pages' source
// blocks before) and queries that mean nothing: whatever is shown must be readers' text.
const queries = [
  { locale: 'fa', q: 'how do I set the category and tags of an article' },
  { locale: 'fa', q: 'qzx video id import' },
  { locale: 'fa', q: 'کادر توضیح' },
  { locale: 'ru', q: 'компоненты frontmatter' },
  { locale: 'en', q: 'callout component' },
] as const;

for (const { locale, q } of queries) {
  test(`${locale} search «${q}»: no result from the writers' guide, no excerpt with source`, async ({ page }) => {
    await page.goto(`/${locale}/search/?q=${encodeURIComponent(q)}`);
    // A query with nothing in its own language searches the other two bundles as well.
    await expect(page.locator('.summary')).not.toBeEmpty({ timeout: 15_000 });
    const articles = page.locator('.results-section:not([data-source]) .results');
    const hrefs = await articles
      .locator('a.hit')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => href.includes('writers-guide'))).toEqual([]);
    const excerpts = await articles.locator('.hit-excerpt').allTextContents();
    expect(excerpts.flatMap((text) => sourceIn(text).map((pattern) => `${pattern} in «${text}»`))).toEqual([]);
    // The header suggestions draw on the same excerpts.
    await page.locator('#site-search').fill(q);
    await expect(page.locator('.search-box .see-all')).toHaveAttribute(
      'href',
      `/${locale}/search/?q=${encodeURIComponent(q)}`,
    );
    const suggested = await page.locator('#site-search-results .hit-excerpt').allTextContents();
    expect(suggested.flatMap((text) => sourceIn(text).map((pattern) => `${pattern} in «${text}»`))).toEqual([]);
  });
}

test('no excerpt slice of the built site holds MDX or frontmatter source', () => {
  const slices: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.pf_slice')) slices.push(path);
    }
  };
  walk('dist/client/pagefind');
  expect(slices.length).toBeGreaterThan(20);
  const offenders = slices.flatMap((path) => {
    const slice = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { url: string; text: string };
    const found = sourceIn(slice.text);
    return found.length ? [`${slice.url}: ${found.join(' ')}`] : [];
  });
  expect(offenders).toEqual([]);
});

test('visitors are sent to sign in; members and moderators get no guide and no link to it', async ({
  page,
  baseURL,
}) => {
  const anonymous = await requests.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
  for (const path of ['/admin/', '/admin/content/guide/fa/']) {
    const response = await anonymous.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers().location).toMatch(/\/account\/signin\/\?next=/);
  }
  await anonymous.dispose();
  await signInAs(page, baseURL!, 'member');
  for (const path of ['/admin/', '/admin/content/guide/fa/', '/admin/content/guide/en/', '/admin/guide/en/']) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(403);
    await expect(page.locator('a[href^="/admin/content/"]')).toHaveCount(0);
  }
});

test("a moderator's admin nav has no guide link and the guide refuses them", async ({ page, baseURL }) => {
  await signInAs(page, baseURL!, 'moderator');
  await page.goto('/admin/?lang=en');
  await expect(
    page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Moderation' }),
  ).toBeVisible();
  await expect(page.locator('a[href^="/admin/content/"]')).toHaveCount(0);
  expect((await page.goto('/admin/content/guide/en/'))!.status()).toBe(403);
});

for (const { locale, viewport } of [
  { locale: 'fa', viewport: { width: 1280, height: 800 } },
  { locale: 'fa', viewport: { width: 390, height: 844 } },
  { locale: 'en', viewport: { width: 1280, height: 800 } },
  { locale: 'ru', viewport: { width: 390, height: 844 } },
] as const) {
  test(`${locale} ${viewport.width}px: a writer reaches the guide from /admin/ and it works (lang, dir, axe, kit)`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000); // two page loads and two axe runs over the longest page there is
    await page.setViewportSize(viewport);
    await signInAs(page, baseURL!, 'writer');
    const errors = collectErrors(page);
    await page.goto(`/admin/?lang=${locale}`);
    await expectLangAndDir(page, locale);
    await page.getByRole('navigation').getByRole('link', { name: navLabel[locale] }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/content/guide/${locale}/$`));
    await expectLangAndDir(page, locale);
    await expect(page.locator('h1')).toHaveText(guideTitle[locale]);
    await expect(page.getByRole('link', { name: navLabel[locale] })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    // The kit, live: tabs, the video button, a callout; its source samples are shown as code.
    await expect(page.getByRole('tablist').first()).toBeVisible();
    await expect(page.locator('pasokh-video')).toHaveCount(1);
    await expect(page.locator('.prose pre').first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page), 'dark').toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('an admin reaches the guide too, in each language', async ({ page, baseURL }) => {
  await signInAs(page, baseURL!, 'admin');
  await page.goto('/admin/content/guide/ru/');
  await expect(page.locator('h1')).toHaveText(guideTitle.ru);
  // The language switcher offers the guide in the other languages.
  await page.locator('details.lang-menu summary').first().click();
  await page.locator('a[href="/admin/content/guide/en/"]').first().click();
  await expect(page).toHaveURL(/\/admin\/content\/guide\/en\/$/);
  await expect(page.locator('h1')).toHaveText(guideTitle.en);
});

test("the guide's old address redirects permanently to its place in the writers' area", async ({ request }) => {
  for (const locale of ['fa', 'ru', 'en'] as const) {
    const response = await request.get(`/admin/guide/${locale}/`, { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(response.headers().location).toBe(`/admin/content/guide/${locale}/`);
  }
  expect((await request.get('/admin/guide/de/', { maxRedirects: 0 })).status()).toBe(404);
});
