import { gzipSync } from 'node:zlib';
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { screenshot, signInAs } from './helpers.ts';

test('/ redirects to the best locale from Accept-Language, Persian by default', async ({ request }) => {
  const cases: [string | undefined, string][] = [
    ['ru-RU,ru;q=0.9,en;q=0.8', '/ru/'],
    ['en-GB,en;q=0.9', '/en/'],
    ['de-DE', '/fa/'],
    [undefined, '/fa/'],
  ];
  for (const [header, location] of cases) {
    const response = await request.get('/', { maxRedirects: 0, headers: header ? { 'Accept-Language': header } : {} });
    expect(response.status()).toBe(302);
    expect(response.headers()['location']).toBe(location);
  }
});

test('an article carries breadcrumbs, TOC, date, reading time, prev/next, related and metadata', async ({ page }) => {
  await page.goto('/fa/communication-kpis/support-kpis-explained/');
  const crumbs = page.getByRole('navigation', { name: 'مسیر صفحه' });
  await expect(crumbs.getByRole('link')).toHaveCount(2);
  // Table of contents: every entry points at a heading on the page.
  const tocLinks = await page
    .locator('.toc a')
    .evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1))));
  expect(tocLinks.length).toBeGreaterThan(3);
  for (const id of tocLinks) await expect(page.locator(`[id="${id}"]`)).toHaveCount(1);
  // Solar Hijri date with Persian digits, and a reading time.
  await expect(page.locator('.meta')).toContainText(/به‌روزرسانی: [۰-۹]+ \S+ ۱۴۰[۴-۶]/);
  await expect(page.locator('.meta')).toContainText(/[۰-۹]+ دقیقه مطالعه/);
  await expect(page.locator('a[rel="prev"], a[rel="next"]')).not.toHaveCount(0);
  await expect(page.locator('.related li')).not.toHaveCount(0);

  const head = page.locator('head');
  await expect(head.locator('link[rel="canonical"]')).toHaveAttribute(
    'href',
    /\/fa\/communication-kpis\/support-kpis-explained\/$/,
  );
  for (const l of ['fa', 'ru', 'en', 'x-default'])
    await expect(head.locator(`link[rel="alternate"][hreflang="${l}"]`)).toHaveCount(1);
  await expect(head.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(head.locator('meta[property="og:locale"]')).toHaveAttribute('content', 'fa_IR');
  const types = await page
    .locator('script[type="application/ld+json"]')
    .evaluateAll((s) => s.map((x) => JSON.parse(x.textContent!)['@type']));
  expect(types.sort()).toEqual(['Article', 'BreadcrumbList', 'FAQPage']);
});

test('the language switcher lands on the translation, or says it is missing', async ({ page }) => {
  await page.goto('/fa/agent-skills/patience-and-empathy/');
  await page.locator('.site-header .lang-menu summary').click();
  await page.getByRole('navigation', { name: 'زبان' }).getByRole('link', { name: 'Русский' }).click();
  await expect(page).toHaveURL(/\/ru\/agent-skills\/patience-and-empathy\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.locator('.translations').getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/agent-skills\/patience-and-empathy\/$/);

  // product-knowledge exists in Persian only.
  await page.goto('/fa/agent-skills/product-knowledge/');
  await expect(page.locator('.translations')).toContainText('این مقاله به زبان Русский در دسترس نیست.');
  await expect(page.locator('link[rel="alternate"][hreflang="ru"]')).toHaveCount(0);
  await page.locator('.site-header .lang-menu summary').click();
  await page
    .getByRole('navigation', { name: 'زبان' })
    .getByRole('link', { name: /Русский/ })
    .click();
  await expect(page).toHaveURL(/\/ru\/$/);
});

test('tabs follow the reading direction with the arrow keys', async ({ page }) => {
  await page.goto('/fa/agent-skills/clear-writing/');
  const tabs = page.getByRole('tablist').first().getByRole('tab');
  await expect(tabs).toHaveCount(2);
  await tabs.first().focus();
  await page.keyboard.press('ArrowLeft'); // forward in RTL
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.nth(1)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');

  await page.goto('/ru/agent-skills/clear-writing/');
  const enTabs = page.getByRole('tablist').first().getByRole('tab');
  await enTabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(enTabs.nth(1)).toHaveAttribute('aria-selected', 'true');
});

test('tabs show every panel without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/ru/agent-skills/clear-writing/');
  await expect(page.locator('.tab-panel').first()).toBeVisible();
  await expect(page.locator('.tab-panel').nth(1)).toBeVisible();
  await context.close();
});

test('the video loads nothing from YouTube until play is pressed', async ({ page, baseURL }) => {
  await signInAs(page, baseURL!, 'writer'); // the writers' guide shows the kit's video
  const thirdParty: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://localhost')) thirdParty.push(r.url());
  });
  await page.route(/youtube/, (route) => route.abort());
  await page.goto('/admin/content/guide/ru/');
  await expect(page.locator('pasokh-video iframe')).toHaveCount(0);
  expect(thirdParty).toEqual([]);
  await page.locator('pasokh-video a').click();
  await expect(page.locator('pasokh-video iframe')).toHaveAttribute(
    'src',
    /^https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ/,
  );
});

test('an article page ships only the search box script unless a component needs more; sizes reported', async ({
  page,
  request,
}, testInfo) => {
  const sizes: Record<string, { js: number; css: number }> = {};
  for (const path of ['/fa/communication-kpis/support-kpis-explained/', '/fa/agent-skills/clear-writing/']) {
    const assets: { type: string; url: string }[] = [];
    page.on('request', (r) => {
      if (['script', 'stylesheet'].includes(r.resourceType())) assets.push({ type: r.resourceType(), url: r.url() });
    });
    await page.goto(path);
    const html = await page.content();
    const inline = await page
      .locator('script:not([type="application/ld+json"])')
      .evaluateAll((s) => s.map((x) => x.textContent ?? ''));
    let js = inline.reduce((n, code) => n + gzipSync(code).length, 0);
    let css = 0;
    for (const asset of assets) {
      const body = await (await request.get(asset.url)).body();
      if (asset.type === 'script') js += gzipSync(body).length;
      else css += gzipSync(body).length;
    }
    sizes[path] = { js, css };
    page.removeAllListeners('request');
    expect(html.length).toBeGreaterThan(1000);
  }
  testInfo.annotations.push({ type: 'bytes (gzip)', description: JSON.stringify(sizes) });
  console.log('Client bytes, gzipped:', JSON.stringify(sizes));
  const plain = sizes['/fa/communication-kpis/support-kpis-explained/']!.js;
  const kit = sizes['/fa/agent-skills/clear-writing/']!.js;
  expect(plain).toBeGreaterThan(0); // the header search box
  expect(plain).toBeLessThan(8_000);
  expect(kit).toBeGreaterThan(plain); // + tabs
  expect(kit - plain).toBeLessThan(2_000);
});

test('print shows the article alone; dark mode follows the system', async ({ page }) => {
  await page.goto('/en/agent-skills/patience-and-empathy/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.toc')).toBeHidden();
  await expect(page.locator('.related')).toBeHidden();
  await expect(page.locator('.prose')).toBeVisible();
  await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(dark).not.toBe(light);
});

test("the articles' sitemap lists every page with its alternates", async ({ request }) => {
  const xml = await (await request.get('/sitemaps/articles.xml')).text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  expect(locs).toContain('/fa/');
  expect(locs).toContain('/ru/agent-skills/');
  expect(locs).toContain('/en/difficult-customers/calm-angry-customer/');
  expect(locs.filter((p) => p.split('/').length === 5).length).toBeGreaterThanOrEqual(19);
  expect(xml).toMatch(
    /<xhtml:link rel="alternate" hreflang="ru" href="[^"]+\/ru\/agent-skills\/patience-and-empathy\/"\/>/,
  );
});

test('every response carries the security headers and pages a CSP', async ({ page }) => {
  const response = await page.goto('/ru/');
  const headers = response!.headers();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  // On-demand pages (the home) carry the policy as a header, prerendered ones (a category) as a <meta>.
  expect(headers['content-security-policy']).toMatch(/script-src/);
  await page.goto('/ru/agent-skills/');
  await expect(page.locator('meta[http-equiv="content-security-policy"]')).toHaveAttribute('content', /script-src/);
});

test('screenshots of home and an article in fa, ru and en', async ({ page }) => {
  mkdirSync('tests/e2e/screenshots', { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const locale of ['fa', 'ru', 'en']) {
    await page.goto(`/${locale}/`);
    await screenshot(page, { path: `tests/e2e/screenshots/${locale}-home.png`, fullPage: true });
    await page.goto(`/${locale}/agent-skills/patience-and-empathy/`);
    await screenshot(page, { path: `tests/e2e/screenshots/${locale}-article.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/fa/communication-kpis/support-kpis-explained/');
  await screenshot(page, { path: 'tests/e2e/screenshots/fa-article-mobile.png', fullPage: true });
});
