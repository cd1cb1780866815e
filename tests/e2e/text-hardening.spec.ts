// User-written text and rendered tables against the built server: a control character in a
// search is only text (no 500 from the forum's full-text search, and the contact form keeps what
// was typed); a bidi override in `?q=` is not echoed; aligned Markdown tables render with
// classes, not the inline styles the Content-Security-Policy blocks, in every built page.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signInAs } from './helpers.ts';

test('a NUL inside a word: community search, its API and suggestions answer 200 and still find the thread', async ({
  request,
}) => {
  const page = await request.get('/en/community/search/?q=charged%00twice');
  expect(page.status()).toBe(200);
  const html = await page.text();
  expect(html).toContain('Charged twice for the same order');
  expect(html).not.toContain('\u0000');
  for (const api of [
    '/api/community/search/?locale=en&q=charged%00twice',
    '/api/community/suggest/?locale=en&q=charged%00twice',
  ]) {
    const response = await request.get(api);
    expect(response.status(), api).toBe(200);
    const { threads } = (await response.json()) as { threads: { title: string }[] };
    expect(
      threads.map((t) => t.title),
      api,
    ).toContain('Charged twice for the same order');
  }
  // Every C0 and C1 control, and FTS5's own syntax, are only text.
  for (let code = 0; code <= 0x9f; code = code === 0x1f ? 0x7f : code + 1) {
    const q = encodeURIComponent(`refund${String.fromCharCode(code)}order`);
    expect((await request.get(`/api/community/suggest/?locale=en&q=${q}`)).status(), `U+${code.toString(16)}`).toBe(
      200,
    );
  }
  for (const q of ['"', 'refund"*', 'NEAR(a b)', '^refund', '-refund', 'locale:en', 'title:"x']) {
    expect((await request.get(`/en/community/search/?q=${encodeURIComponent(q)}`)).status(), q).toBe(200);
  }
});

test('the contact form’s suggestion step with a NUL in the subject keeps what the visitor typed, without the control or a bidi override', async ({
  page,
  baseURL,
}) => {
  await page.goto('/en/contact/');
  const form = {
    subject: 'charged\u0000twice for one \u202Eorder',
    description: 'Two\u0000payments for one order.',
    flow: await page.locator('input[name="flow"]').inputValue(),
    shown: '',
    form_stamp: await page.locator('input[name="form_stamp"]').inputValue(),
    step: 'suggest',
  };
  // A browser cannot type a NUL, so the form is posted as it would arrive (same cookies, same origin).
  const response = await page.request.post('/en/contact/', { form, headers: { Origin: baseURL! } });
  expect(response.status()).toBe(200);
  await page.setContent(await response.text());
  await expect(page.locator('#contact-subject')).toHaveValue('charged twice for one order');
  await expect(page.locator('#contact-description')).toHaveValue('Two payments for one order.');
  await expect(
    page.locator('[data-list="threads"] a.suggestion', { hasText: 'Charged twice for the same order' }),
  ).toBeVisible();
});

test('a right-to-left override in ?q= is not echoed by the community search', async ({ request }) => {
  const html = await (
    await request.get(`/en/community/search/?q=${encodeURIComponent('invoice\u202Efdp.exe')}`)
  ).text();
  expect(html).toContain('invoicefdp.exe');
  expect(html).not.toContain('\u202E');
});

const ALIGNED_HEADER: Record<string, string> = { fa: 'مهلت پاسخ', ru: 'Срок ответа', en: 'Reply within' };

for (const locale of ['fa', 'ru', 'en']) {
  test(`${locale}: an aligned table in the writers' guide uses classes, aligns under the CSP and logs no CSP violation`, async ({
    page,
    baseURL,
  }) => {
    await signInAs(page, baseURL!, 'writer');
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`/admin/content/guide/${locale}/`);
    const table = page.locator('table').filter({ has: page.locator('th', { hasText: ALIGNED_HEADER[locale]! }) });
    await expect(table).toHaveCount(1);
    await expect(table.locator('thead th')).toHaveClass(['align-start', 'align-center', 'align-end']);
    await expect(table.locator('[style]')).toHaveCount(0);
    const aligns = await table
      .locator('tbody tr')
      .first()
      .locator('td')
      .evaluateAll((cells) => cells.map((c) => getComputedStyle(c).textAlign));
    expect(aligns).toEqual(['start', 'center', 'end']);
    expect(violations).toEqual([]);
  });
}

test('no built page carries a style attribute (the CSP would block it)', () => {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) pages.push(path);
    }
  };
  walk('dist/client');
  expect(pages.length).toBeGreaterThan(20);
  const offenders = pages.filter((path) => /<[a-z][^>]*\sstyle=/i.test(readFileSync(path, 'utf8')));
  expect(offenders).toEqual([]);
});
