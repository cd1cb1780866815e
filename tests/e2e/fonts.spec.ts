import { expect, test, type Page } from '@playwright/test';

const article = (locale: string) => `/${locale}/agent-skills/patience-and-empathy/`;

/** Every request for a Vazirmatn file the page makes from now on. */
function vazirmatnRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (/vazirmatn/i.test(request.url())) urls.push(request.url());
  });
  return urls;
}

/** Sum of the page's layout shifts so far (buffered), once its web fonts have loaded. */
function layoutShiftAfterFonts(page: Page): Promise<number> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return new Promise<number>((resolve) => {
      let sum = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) sum += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
      // Buffered entries arrive in the observer's first callback; none at all means no shift.
      setTimeout(() => resolve(sum), 200);
    });
  });
}

for (const locale of ['en', 'ru']) {
  test(`a ${locale} article downloads no Vazirmatn file, and its switcher still shows «فارسی»`, async ({ page }) => {
    const requests = vazirmatnRequests(page);
    await page.goto(article(locale));
    await page.evaluate(() => document.fonts.ready);
    await page.locator('.site-header details.lang-menu summary').click();
    const persian = page.getByRole('navigation', { name: locale === 'en' ? 'Language' : 'Язык' }).getByText('فارسی');
    await expect(persian).toBeVisible();
    // Drawn by a system font: the word has a real width, not a row of boxes of no font.
    expect((await persian.boundingBox())!.width).toBeGreaterThan(15);
    expect(requests).toEqual([]);
    await expect(page.locator('link[rel="preload"][as="font"]')).toHaveCount(0);
  });
}

test('a fa article preloads the Persian (and Latin) subset of Vazirmatn and sets its text in it', async ({ page }) => {
  const requests = vazirmatnRequests(page);
  await page.goto(article('fa'));
  const preloads = page.locator('link[rel="preload"][as="font"][crossorigin]');
  await expect(preloads).toHaveCount(2);
  const hrefs = await preloads.evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  expect(hrefs[0]).toMatch(/vazirmatn-arabic-wght-normal\.[\w-]+\.woff2$/);
  expect(hrefs[1]).toMatch(/vazirmatn-latin-wght-normal\.[\w-]+\.woff2$/);
  await page.evaluate(() => document.fonts.ready);
  // The preloaded files are the ones the stylesheet uses: each fetched once, nothing else.
  expect(requests.sort()).toEqual([...hrefs].sort());
  const faces = await page.evaluate(() =>
    [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family}|${f.unicodeRange}`),
  );
  expect(
    faces.some((f) => f.startsWith('"Vazirmatn Variable"|U+600-6FF') || f.startsWith('Vazirmatn Variable|U+600-6FF')),
  ).toBe(true);
  const family = await page
    .locator('main p')
    .first()
    .evaluate((p) => getComputedStyle(p).fontFamily);
  expect(family).toMatch(/^"?Vazirmatn Variable"?,/);
});

for (const viewport of [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
]) {
  test(`a fa article does not move when Vazirmatn arrives late (${viewport.width}px)`, async ({ page }) => {
    await page.setViewportSize(viewport);
    // A slow network: the page is laid out in the fallback font first, then Vazirmatn swaps in.
    await page.route(/vazirmatn.*\.woff2$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.goto(article('fa'));
    await page.waitForFunction(() => document.fonts.check('16px "Vazirmatn Variable"', 'فارسی'));
    const shift = await layoutShiftAfterFonts(page);
    test.info().annotations.push({ type: 'layout shift', description: String(shift) });
    expect(shift).toBeLessThanOrEqual(0.01);
  });
}
