// The writers' area at /admin/content/ (issue 19): a writer sees the translation status of the
// shipped content, filters it and downloads it; members and visitors get nothing; a reader of the
// outdated English "Plan your support team" sees the notice linking the newer Persian original;
// the review reminder reached the writer's outbox; axe in fa/ru/en; screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, request as requests, test } from '@playwright/test';
import { collectErrors, expectLangAndDir, readMail, screenshot, seriousViolations, signInAs } from './helpers.ts';

const shots = 'tests/e2e/screenshots';
mkdirSync(shots, { recursive: true });
const title = { fa: 'وضعیت محتوا', ru: 'Состояние статей', en: 'Content status' } as const;

test('a writer sees the status of the shipped content, filters it and downloads it', async ({ page, baseURL }) => {
  await signInAs(page, baseURL!, 'writer');
  const errors = collectErrors(page);
  await page.goto('/admin/?lang=en');
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Content status' }).click();
  await expect(page).toHaveURL(/\/admin\/content\/\?lang=en$/);
  await expect(page.locator('h1')).toHaveText('Content status');
  const table = page.locator('#content-status-table');
  const row = (key: string, locale: string) => table.locator(`tr[data-key="${key}"][data-locale="${locale}"]`);
  // The shipped pair that records its original, and the English page that is behind its Persian original.
  await expect(row('support-kpis-explained', 'ru')).toHaveAttribute('data-state', 'current');
  await expect(row('support-kpis-explained', 'fa')).toHaveAttribute('data-state', 'original');
  await expect(row('support-team-plan', 'en')).toHaveAttribute('data-state', 'outdated');
  await expect(row('support-team-plan', 'en')).toContainText('original updated');
  await expect(row('support-team-plan', 'ru')).toHaveAttribute('data-state', 'missing');
  await expect(row('support-team-plan', 'en')).toContainText('@admin');
  // Past their review date: the English plan (admin) and the Russian patience article (maria).
  const late = page.locator('[data-list="review"] li');
  await expect(late).toHaveCount(2);
  await expect(late.first()).toContainText('Терпение и эмпатия');
  await expect(late.first()).toContainText('@maria');
  await expect(late.last()).toContainText('Plan your support team');

  await page.getByLabel('Show', { exact: true }).selectOption('outdated');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/state=outdated/);
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr')).toHaveAttribute('data-key', 'support-team-plan');

  await page.getByLabel('Show', { exact: true }).selectOption('');
  await page.getByLabel('Owner', { exact: true }).selectOption('maria');
  await page.getByLabel('Article language').selectOption('ru');
  await page.getByRole('button', { name: 'Apply' }).click();
  const owned = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  expect(owned).toEqual(['patience-and-empathy', 'support-kpis-explained']);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download “Translation status” as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pasokh-content-status-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0]).toMatch(/^Translation key,Language,Topic,State,/);
  // The same filters as the page: maria's Russian articles.
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
    'patience-and-empathy,ru',
    'support-kpis-explained,ru',
  ]);
  const all = await (await page.request.get('/admin/content.csv?lang=en')).text();
  expect(all).toMatch(/^support-team-plan,en,Building and leading a support team,Outdated,0,Plan your support team,/m);
  expect(errors).toEqual([]);
});

test('members, moderators and visitors get no content status and no CSV', async ({ page, baseURL }) => {
  const anonymous = await requests.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
  const signin = await anonymous.get('/admin/content/?lang=ru', { maxRedirects: 0 });
  expect(signin.status()).toBe(303);
  expect(signin.headers().location).toMatch(/^\/ru\/account\/signin\/\?next=/);
  expect((await anonymous.get('/admin/content.csv', { maxRedirects: 0 })).status()).toBe(401);
  await anonymous.dispose();
  for (const who of ['member', 'moderator'] as const) {
    await signInAs(page, baseURL!, who);
    const response = await page.goto('/admin/content/?lang=en');
    expect(response!.status(), who).toBe(403);
    await expect(page.locator('body')).toContainText('Access denied');
    await expect(page.locator('a[href^="/admin/content/"]')).toHaveCount(0);
    const csv = await page.request.get('/admin/content.csv', { maxRedirects: 0 });
    expect(csv.status(), who).toBe(403);
    expect(csv.headers()['content-type']).not.toContain('text/csv');
  }
});

test('a reader of an outdated translation sees a notice linking the newer original; others see none', async ({
  page,
}) => {
  await page.goto('/en/team-building/support-team-plan/');
  const notice = page.locator('.outdated-notice');
  await expect(notice).toContainText('This translation may be behind the Persian original, updated');
  const link = notice.getByRole('link');
  await expect(link).toHaveText('برنامه‌ریزی تیم پشتیبانی از صفر');
  await expect(link).toHaveAttribute('href', '/fa/team-building/support-team-plan/');
  await expect(link).toHaveAttribute('hreflang', 'fa');
  await expect(link).toHaveAttribute('lang', 'fa');
  await expect(link).toHaveAttribute('dir', 'rtl');
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(notice, { path: `${shots}/content-outdated-notice-en-phone.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  for (const path of ['/fa/team-building/support-team-plan/', '/ru/communication-kpis/support-kpis-explained/']) {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.locator('.outdated-notice'), path).toHaveCount(0);
  }
});

test("the week's review reminder reached the writer, in Russian, listing her late article", async () => {
  // The server's delivery worker planned and sent it when it started (src/lib/content/reminders.ts).
  const mail = await readMail('writer@pasokh.example');
  expect(mail.subject).toMatch(/(ждёт|ждут) вашей проверки$/);
  expect(mail.text).toContain('«Терпение и эмпатия: навыки, которые можно натренировать» (Русский)');
  expect(mail.text).toContain('/ru/agent-skills/patience-and-empathy/');
  expect(mail.text).toContain('/admin/content/?owner=maria&lang=ru');
});

// One test per language and screen: two axe runs over a long table each, on a shared machine.
for (const locale of ['fa', 'ru', 'en'] as const) {
  for (const viewport of [
    { name: 'desktop', width: 1280, height: 800 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    test(`${locale} ${viewport.name}: the content status page in light and dark (lang, dir, axe, screenshots)`, async ({
      page,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      await signInAs(page, baseURL!, 'writer');
      await page.setViewportSize(viewport);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.goto(`/admin/content/?lang=${locale}`);
        await expectLangAndDir(page, locale);
        await expect(page.locator('h1')).toHaveText(title[locale]);
        await expect(page.locator('a[aria-current="page"]')).toHaveAttribute('href', `/admin/content/?lang=${locale}`);
        // Only the table scrolls sideways on a phone, inside its own region; the page does not.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        // Colours differ by scheme, the rest does not: axe in both schemes on the desktop, once on the phone.
        if (viewport.name === 'desktop' || colorScheme === 'light')
          expect(await seriousViolations(page), colorScheme).toEqual([]);
        await screenshot(page, {
          path: `${shots}/admin-content-${locale}-${viewport.name}-${colorScheme}.png`,
          fullPage: true,
        });
      }
    });
  }
}
