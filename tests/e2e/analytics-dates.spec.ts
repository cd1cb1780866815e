// Custom report dates: typed and shown in the Solar Hijri calendar in Persian (Persian digits
// accepted), Gregorian in Russian and English; the address and the CSV links carry ISO days;
// a day that does not exist, text or a reversed range gets a localized error and keeps the input.
// Desktop and phone; light and dark screenshots.
import { expect, test, type Page } from '@playwright/test';
import { useTranslations } from '../../src/i18n/index.ts';
import { collectErrors, expectLangAndDir, screenshot, seriousViolations } from './helpers.ts';

const shots = '/tmp/shots-i14-staff-screens';

async function signInWriter(page: Page, baseURL: string) {
  const response = await page.request.post('/en/account/signin/', {
    form: { email: 'writer@pasokh.example', password: 'demo-writer-pass' },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}

async function noSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    'no sideways scroll',
  ).toBe(true);
}

async function shoot(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await screenshot(page.locator('form.filters'), { path: `${shots}/${name}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const bad = (from: string, to: string) =>
  `/admin/analytics/search/?lang=fa&period=custom&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test.describe(`${width}px`, () => {
    test.use({ viewport: { width, height } });

    test(`fa ${width}px: Solar Hijri dates typed with Persian digits, ISO in the address and CSV links`, async ({
      page,
      baseURL,
    }) => {
      const { t } = useTranslations('fa');
      await signInWriter(page, baseURL!);
      const errors = collectErrors(page);
      await page.goto('/admin/analytics/search/?lang=fa');
      await expectLangAndDir(page, 'fa');
      await page.locator('#f-period').selectOption('custom');
      await page.locator('#f-from').fill('۱۴۰۵/۰۸/۰۱');
      await page.locator('#f-to').fill('1405/8/10');
      await page.getByRole('button', { name: t('admin.filters.apply') }).click();
      // 1 Aban 1405 is 23 October 2026.
      await expect(page).toHaveURL(/[?&]from=2026-10-23&to=2026-11-01(&|$)/);
      await expect(page.locator('#f-from')).toHaveValue('۱۴۰۵/۰۸/۰۱');
      await expect(page.locator('#f-to')).toHaveValue('۱۴۰۵/۰۸/۱۰');
      await expect(page.locator('.period-line')).toContainText('۱ آبان ۱۴۰۵');
      expect(await page.locator('a[href*="search.csv"]').first().getAttribute('href')).toContain('from=2026-10-23');
      await expect(page.locator('.notice-error')).toHaveCount(0);
      if (width === 1280) expect(await seriousViolations(page)).toEqual([]);
      await noSidewaysScroll(page);
      await shoot(page, `analytics-dates-fa-${width}`);
      expect(errors).toEqual([]);
    });

    test(`fa ${width}px: a day that does not exist, text or a reversed range: a clear error, the input kept`, async ({
      page,
      baseURL,
    }) => {
      const { t, tp } = useTranslations('fa');
      await signInWriter(page, baseURL!);
      // Esfand 1404 has 29 days.
      await page.goto(bad('۱۴۰۴/۱۲/۳۰', '۱۴۰۵/۰۱/۰۵'));
      await expect(page.locator('#f-from')).toHaveValue('۱۴۰۴/۱۲/۳۰');
      await expect(page.locator('#f-from')).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('#f-from')).toHaveAttribute('aria-describedby', /f-from-error/);
      await expect(page.locator('#f-from-error')).toHaveText(
        tp('admin.filters.error.monthLength', 29, { month: 'اسفند ۱۴۰۴' }),
      );
      await expect(page.locator('.notice-error')).toHaveText(t('admin.filters.invalidDates'));
      await expect(page.locator('#f-period')).toHaveValue('custom');
      if (width === 1280) expect(await seriousViolations(page)).toEqual([]);
      await noSidewaysScroll(page);
      await shoot(page, `analytics-dates-fa-${width}-error`);

      await page.goto(bad('دیروز', '۱۴۰۵/۰۱/۰۵'));
      await expect(page.locator('#f-from-error')).toContainText('«دیروز» تاریخ نیست');
      await expect(page.locator('#f-from')).toHaveValue('دیروز');
      await page.goto(bad('۱۴۰۵/۰۸/۱۰', '۱۴۰۵/۰۸/۰۱'));
      await expect(page.locator('#f-to-error')).toHaveText(t('admin.filters.error.order'));
      await expect(page.locator('#f-to')).toHaveValue('۱۴۰۵/۰۸/۰۱');
    });

    test(`ru ${width}px: Gregorian date inputs and ISO days, a reversed range says so`, async ({ page, baseURL }) => {
      const { t } = useTranslations('ru');
      await signInWriter(page, baseURL!);
      await page.goto('/admin/analytics/search/?lang=ru&period=custom&from=2026-10-23&to=2026-11-01');
      await expectLangAndDir(page, 'ru');
      await expect(page.locator('#f-from')).toHaveAttribute('type', 'date');
      await expect(page.locator('#f-from')).toHaveValue('2026-10-23');
      await expect(page.locator('.period-line')).toContainText('23 октября 2026');
      await page.goto('/admin/analytics/search/?lang=ru&period=custom&from=2026-11-01&to=2026-10-23');
      await expect(page.locator('#f-to-error')).toHaveText(t('admin.filters.error.order'));
      await expect(page.locator('#f-from')).toHaveValue('2026-11-01');
      if (width === 1280) expect(await seriousViolations(page)).toEqual([]);
      await noSidewaysScroll(page);
      await shoot(page, `analytics-dates-ru-${width}-error`);
    });
  });
}
