// The writers' analytics dashboard against the demo data that `npm start` seeds: who may see
// it, every page in fa/ru/en without serious axe findings, sorting, filtering, triage, the
// confirmed delete, keyset pages, CSV downloads, and screenshots (RTL included).
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, request as requests, test, type Page } from '@playwright/test';
import { collectErrors, expectLangAndDir, screenshot, seriousViolations } from './helpers.ts';

const pages = [
  { name: 'articles', path: '/admin/analytics/' },
  { name: 'comments', path: '/admin/analytics/comments/' },
  { name: 'search', path: '/admin/analytics/search/' },
];
const csvs = [
  '/admin/analytics/articles.csv',
  '/admin/analytics/articles.csv?table=translations',
  '/admin/analytics/comments.csv',
  '/admin/analytics/search.csv?table=top',
  '/admin/analytics/search.csv?table=zero',
  '/admin/analytics/contact.csv',
  '/admin/analytics/contact.csv?table=failed',
];
const passwords = { member: 'demo-member-pass', writer: 'demo-writer-pass' } as const;
const BOM = [0xef, 0xbb, 0xbf];

async function signIn(page: Page, baseURL: string, who: keyof typeof passwords) {
  const response = await page.request.post('/en/account/signin/', {
    form: { email: `${who}@pasokh.example`, password: passwords[who] },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${who}`).toBe(303);
}

test('anonymous visitors are sent to sign in, members are refused, endpoints answer 401/403', async ({ baseURL }) => {
  const anonymous = await requests.newContext({
    baseURL: baseURL!,
    extraHTTPHeaders: { Origin: baseURL!, 'Accept-Language': 'ru-RU,ru;q=0.9' },
  });
  for (const { path } of pages) {
    const response = await anonymous.get(`${path}?period=7`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    // The UI language comes from Accept-Language here; next= brings them back with the query.
    expect(response.headers().location).toBe(`/ru/account/signin/?next=${encodeURIComponent(`${path}?period=7`)}`);
    const fa = await anonymous.get(`${path}?lang=fa`, { maxRedirects: 0 });
    expect(fa.headers().location).toMatch(/^\/fa\/account\/signin\/\?next=/);
  }
  for (const path of csvs) expect((await anonymous.get(path, { maxRedirects: 0 })).status(), path).toBe(401);
  expect(
    (
      await anonymous.post('/admin/analytics/comments/', { form: { action: 'delete', id: '1' }, maxRedirects: 0 })
    ).status(),
  ).toBe(303);

  const member = await requests.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
  const signin = await member.post('/en/account/signin/', {
    form: { email: 'member@pasokh.example', password: passwords.member },
    maxRedirects: 0,
  });
  expect(signin.status()).toBe(303);
  for (const { path } of pages) {
    const response = await member.get(`${path}?lang=en`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(403);
    expect(await response.text()).toContain('Access denied');
  }
  for (const path of csvs) {
    const response = await member.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(403);
    expect(response.headers()['content-type']).not.toContain('text/csv');
  }
  // A member cannot triage or delete by posting directly either.
  expect(
    (
      await member.post('/admin/analytics/comments/?lang=en', { form: { action: 'delete', id: '1' }, maxRedirects: 0 })
    ).status(),
  ).toBe(403);
  await anonymous.dispose();
  await member.dispose();
});

// One test per page and language: axe over a full dashboard table takes seconds on a busy machine.
for (const locale of ['fa', 'ru', 'en'] as const) {
  for (const { name, path } of pages) {
    test(`${locale} ${name}: the writer sees the page in the right language with no serious axe findings`, async ({
      page,
      baseURL,
    }) => {
      test.setTimeout(60_000);
      const errors = collectErrors(page);
      await signIn(page, baseURL!, 'writer');
      const response = await page.goto(`${path}?lang=${locale}`);
      expect(response?.status(), name).toBe(200);
      await expectLangAndDir(page, locale);
      await expect(page.locator('h1')).toHaveCount(1);
      await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
      // The same page in the other two languages, with the filters kept.
      for (const other of ['fa', 'ru', 'en'].filter((l) => l !== locale)) {
        await expect(page.locator(`.site-header a[hreflang="${other}"]`)).toHaveAttribute(
          'href',
          `${path}?lang=${other}`,
        );
      }
      await expect(page.locator('.admin-nav a[aria-current="page"]')).toHaveCount(1);
      expect(await seriousViolations(page), `${locale} ${name}`).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
}

test("without ?lang= the UI speaks the user's language; dark mode passes axe too", async ({ page, baseURL }) => {
  test.setTimeout(90_000); // three full axe runs
  await signIn(page, baseURL!, 'writer');
  await page.goto('/admin/analytics/');
  await expectLangAndDir(page, 'ru'); // the demo writer's account language
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const { name, path } of pages) {
    await page.goto(`${path}?lang=fa`);
    expect(await seriousViolations(page), `dark ${name}`).toEqual([]);
  }
});

test('articles: summary, chart not mirrored in Persian, sort and filter by links and a GET form', async ({
  page,
  baseURL,
}) => {
  await signIn(page, baseURL!, 'writer');
  await page.goto('/admin/analytics/?lang=fa');
  // Persian digits in the figures; the chart's first day is on the left even in rtl.
  await expect(page.locator('.figures dd').first()).toHaveText(/^[۰-۹٬]+$/);
  const svg = page.locator('.chart-svg');
  await expect(svg).toHaveAttribute('role', 'img');
  expect(await svg.evaluate((el) => getComputedStyle(el).transform)).toBe('none');
  const bars = page.locator('.chart-bar');
  expect(await bars.count()).toBeGreaterThanOrEqual(30);
  const firstBox = (await bars.first().boundingBox())!;
  const lastBox = (await bars.last().boundingBox())!;
  expect(firstBox.x).toBeLessThan(lastBox.x);
  await expect(page.locator('.chart-data table tbody tr')).toHaveCount(await bars.count());
  // A translation clearly behind the best one is marked in words, not only in colour.
  await expect(page.locator('#translations-table td.lagging .lag-note').first()).toBeVisible();

  await page.goto('/admin/analytics/?lang=en');
  const views = page.locator('#articles-table thead th', { hasText: 'Views' });
  await expect(views).toHaveAttribute('aria-sort', 'descending');
  await views.getByRole('link').click();
  await expect(page).toHaveURL(/sort=views&dir=asc/);
  await expect(page.locator('#articles-table thead th', { hasText: 'Views' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  const numbers = await page.locator('#articles-table tbody tr td:nth-child(4)').allTextContents();
  const values = numbers.map((n) => Number(n.replace(/,/g, '')));
  expect(values.length).toBeGreaterThan(5);
  expect(values).toEqual([...values].sort((a, b) => a - b));

  await page.locator('#articles-table thead th', { hasText: 'Article' }).getByRole('link').click();
  await expect(page).toHaveURL(/sort=title&dir=asc/);

  // Filter: Russian articles, last 7 days; the sort order survives the form.
  await page.locator('#f-locale').selectOption('ru');
  await page.locator('#f-period').selectOption('7');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/locale=ru/);
  await expect(page).toHaveURL(/sort=title/);
  await expect(page).toHaveURL(/period=7/);
  const languages = await page.locator('#articles-table tbody tr td:nth-child(2)').allTextContents();
  expect(languages.length).toBeGreaterThan(0);
  expect(new Set(languages.map((l) => l.trim()))).toEqual(new Set(['Русский']));
  await expect(page.locator('.chart-bar')).toHaveCount(7);

  // Custom dates that make no sense fall back to 30 days and say so.
  await page.goto('/admin/analytics/?lang=en&period=custom&from=2026-12-31&to=2026-01-01');
  await expect(page.locator('.notice-error')).toContainText('not a valid range');
});

test('bad query parameters never break a page', async ({ page, baseURL }) => {
  await signIn(page, baseURL!, 'writer');
  const bad = [
    '/admin/analytics/?sort=zzz&dir=up&locale=xx&category=..%2F..&period=custom&from=garbage&to=%00&tz=Nowhere%2FElse&lang=de',
    `/admin/analytics/?period=custom&from=${'9'.repeat(3000)}&to=2026-01-01`,
    '/admin/analytics/comments/?before=99999999999999999999.9&status=spam&locale=%3Cscript%3E&confirm=abc&done=%3Cb%3E',
    '/admin/analytics/comments/?before=1.1',
    '/admin/analytics/search/?locale=zz&period=-1&tz=%E2%80%AE',
    '/admin/analytics/search.csv?table=%3D1&locale=fa&period=custom&from=2026-02-30&to=2026-03-01',
    '/admin/analytics/articles.csv?sort=__proto__&dir=constructor',
  ];
  for (const path of bad) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
  }
});

test('comments: triage keeps the filters and shows who changed it; delete asks first; keyset pages', async ({
  page,
  baseURL,
}) => {
  await signIn(page, baseURL!, 'writer');
  await page.goto('/admin/analytics/comments/?lang=en&locale=en');
  const rows = page.locator('#comments-table tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  const row = rows.first();
  const id = (await row.getAttribute('id'))!;
  await row.locator('select').selectOption('fixed');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/analytics/comments/\\?lang=en&locale=en&done=saved#${id}$`));
  await expect(page.locator('.notice-success')).toHaveText('The state was saved.');
  const saved = page.locator(`#${id}`);
  await expect(saved.locator('select')).toHaveValue('fixed');
  // The name is a bidi isolate (FSI … PDI) inside the sentence.
  await expect(saved.locator('.changed-by')).toContainText('Last changed by \u2068Мария Автор\u2069, ');
  // Filtering by state now finds it among the fixed ones.
  await page.goto('/admin/analytics/comments/?lang=en&locale=en&status=fixed');
  await expect(page.locator(`#${id}`)).toHaveCount(1);

  // Delete (spam) needs a second, explicit step; cancel changes nothing.
  await page.goto('/admin/analytics/comments/?lang=en&locale=ru');
  const victim = page.locator('#comments-table tbody tr').nth(1);
  const victimId = (await victim.getAttribute('id'))!;
  await victim.getByRole('link', { name: 'Delete as spam…' }).click();
  await expect(page).toHaveURL(new RegExp(`confirm=${victimId.slice(2)}#${victimId}$`));
  await page.locator(`#${victimId}`).getByRole('link', { name: 'Cancel' }).click();
  await expect(page.locator(`#${victimId} .confirm`)).toHaveCount(0);
  await page.locator(`#${victimId}`).getByRole('link', { name: 'Delete as spam…' }).click();
  await expect(page.locator(`#${victimId} .confirm`)).toContainText('cannot be undone');
  await page.locator(`#${victimId}`).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page).toHaveURL(/\/admin\/analytics\/comments\/\?lang=en&locale=ru&done=deleted$/);
  await expect(page.locator('.notice-success')).toHaveText('The comment and its vote were deleted.');
  await expect(page.locator(`#${victimId}`)).toHaveCount(0);
  // Posting the same delete again: the comment is gone, and the page says so.
  const again = await page.request.post('/admin/analytics/comments/?lang=en', {
    form: { action: 'delete', id: victimId.slice(2) },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(404);

  // Keyset pagination: older comments through the cursor, and back.
  await page.goto('/admin/analytics/comments/?lang=en');
  const firstPage = await page.locator('#comments-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.id));
  expect(firstPage).toHaveLength(25);
  await page.getByRole('link', { name: 'Older comments' }).click();
  await expect(page).toHaveURL(/before=\d+\.\d+/);
  const secondPage = await page.locator('#comments-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.id));
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((rowId) => firstPage.includes(rowId))).toEqual([]);
  await page.getByRole('link', { name: 'Back to the newest' }).click();
  await expect(page).not.toHaveURL(/before=/);
});

test('CSV downloads: BOM, type, attachment, same filters, formulas defused', async ({ page, baseURL }) => {
  await signIn(page, baseURL!, 'writer');
  await page.goto('/admin/analytics/?lang=en&locale=fa&sort=title');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download “Articles” as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pasokh-articles-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = readFileSync((await download.path())!);
  expect([...file.subarray(0, 3)]).toEqual(BOM);
  const lines = file.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines[0]).toMatch(/^Article id,Article,/);
  expect(lines.length).toBeGreaterThan(2);
  expect(lines.slice(1).every((line) => line.startsWith('fa/'))).toBe(true);

  const comments = await page.request.get('/admin/analytics/comments.csv?lang=en&locale=en');
  expect(comments.status()).toBe(200);
  expect(comments.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(comments.headers()['content-disposition']).toMatch(/^attachment; filename="pasokh-comments-en\.csv"$/);
  const body = await comments.body();
  expect([...body.subarray(0, 3)]).toEqual(BOM);
  const text = body.toString('utf8');
  // A reader's comment that looks like a formula arrives as text.
  expect(text).toContain(`"'=HYPERLINK(""http://example.com""`);
  expect(text).not.toMatch(/(^|,)=HYPERLINK/m);

  const zero = (
    await (await page.request.get('/admin/analytics/search.csv?lang=en&locale=en&table=zero')).body()
  ).toString('utf8');
  expect(zero).toContain("'@admin =1+1");
  const persian = (
    await (await page.request.get('/admin/analytics/search.csv?lang=fa&locale=fa&table=top')).body()
  ).toString('utf8');
  expect(persian).toContain('مشتری عصبانی');
});

test('screenshots of the three pages in fa and ru', async ({ page, baseURL }) => {
  mkdirSync('tests/e2e/screenshots', { recursive: true });
  await signIn(page, baseURL!, 'writer');
  for (const locale of ['fa', 'ru'] as const) {
    for (const { name, path } of pages) {
      await page.goto(`${path}?lang=${locale}`);
      if (name === 'articles') await page.locator('.chart-data summary').click();
      await screenshot(page, { path: `tests/e2e/screenshots/admin-${name}-${locale}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/admin/analytics/?lang=fa');
  await screenshot(page, { path: 'tests/e2e/screenshots/admin-articles-fa-mobile.png', fullPage: true });
  // On a phone the tables scroll inside their own focusable region, not the page.
  const region = page.locator('.admin-table-wrap').filter({ has: page.locator('#articles-table') });
  await expect(region).toHaveAttribute('tabindex', '0');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
});
