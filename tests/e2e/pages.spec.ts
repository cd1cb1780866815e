// Every page type in every locale: loads without console errors, right lang/dir, no serious
// or critical axe violations, keyboard reaches every link with a visible focus ring.
import { expect, test } from '@playwright/test';
import { collectErrors, expectLangAndDir, seriousViolations } from './helpers.ts';

const pages = [
  { type: 'home', path: (l: string) => `/${l}/` },
  { type: 'category', path: (l: string) => `/${l}/agent-skills/` },
  { type: 'article', path: (l: string) => `/${l}/agent-skills/patience-and-empathy/` },
  { type: 'article with steps and callouts', path: (l: string) => `/${l}/difficult-customers/calm-angry-customer/` },
  { type: 'article with table and FAQ', path: (l: string) => `/${l}/communication-kpis/support-kpis-explained/` },
  { type: '404', path: (l: string) => `/${l}/no-such-page/` },
];

for (const locale of ['fa', 'ru', 'en']) {
  for (const { type, path } of pages) {
    test(`${locale} ${type}: loads cleanly, lang/dir right, axe finds nothing serious`, async ({ page }) => {
      const errors = collectErrors(page);
      const response = await page.goto(path(locale));
      expect(response?.status()).toBe(type === '404' ? 404 : 200);
      await expectLangAndDir(page, locale);
      await expect(page.locator('h1')).toHaveCount(1);
      expect(await seriousViolations(page)).toEqual([]);
      // The 404 page's own status is reported by Chromium as a failed resource; nothing else may fail.
      const unexpected = errors.filter((e) => !(type === '404' && e.includes('404 (Not Found)')));
      expect(unexpected).toEqual([]);
    });
  }

  test(`${locale}: the keyboard reaches every link of an article with a visible focus ring`, async ({
    page,
    browserName,
  }) => {
    test.skip(browserName !== 'chromium');
    await page.goto(`/${locale}/difficult-customers/calm-angry-customer/`);
    // Inactive tabs sit out of the tab order on purpose (roving tabindex: arrows move between tabs).
    const selector = 'a[href]:visible, button:visible:not([tabindex="-1"]), summary:visible, [tabindex="0"]:visible';
    const focusable = await page.locator(selector).count();
    const reached = new Set<string>();
    for (let i = 0; i < focusable + 5; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return {
          key: `${el.tagName}|${el.getAttribute('href') ?? ''}|${el.textContent?.trim().slice(0, 40)}`,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!info) continue;
      expect(info.outline, `focus ring on ${info.key}`).toBe(true);
      reached.add(info.key);
    }
    const expected = await page
      .locator(selector)
      .evaluateAll((els) =>
        els.map((el) => `${el.tagName}|${el.getAttribute('href') ?? ''}|${el.textContent?.trim().slice(0, 40)}`),
      );
    expect(expected.filter((key) => !reached.has(key))).toEqual([]);
  });
}

for (const locale of ['fa', 'ru', 'en']) {
  test(`${locale}: dark mode passes axe too`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const path of [`/${locale}/`, `/${locale}/difficult-customers/calm-angry-customer/`]) {
      await page.goto(path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
}
