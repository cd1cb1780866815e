import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { collectErrors, screenshot, seriousViolations } from './helpers.ts';

const faArticle = '/fa/agent-skills/patience-and-empathy/';
const ruArticle = '/ru/agent-skills/patience-and-empathy/';

test('fa without JavaScript: No, a reason and a comment, landing back on the article; a writer finds it in the inbox and marks it fixed', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const comment = `بخش بازپرداخت وجه را ندارد ${Date.now()}`;
  await page.goto(faArticle);
  const section = page.locator('#feedback');
  await expect(section.getByRole('heading', { name: 'این مقاله به کارتان آمد؟' })).toBeVisible();
  await section.getByRole('button', { name: 'نه' }).click();
  await expect(page).toHaveURL(/patience-and-empathy\/#feedback-no$/);
  await expect(section.getByRole('heading', { name: 'متأسفیم. مشکل چه بود؟' })).toBeVisible();
  await expect(section.getByRole('button', { name: 'نه' })).toBeHidden();
  await section.getByLabel('اطلاعاتی کم دارد').check();
  await section.locator('#feedback-no-comment').fill(comment);
  await section.locator('#feedback-no').getByRole('button', { name: 'ارسال' }).click();
  await expect(page).toHaveURL(/#feedback-thanks-no$/);
  await expect(section.locator('#feedback-thanks-no')).toBeVisible();
  await expect(section.getByRole('searchbox', { name: 'دوباره در مرکز راهنما جست‌وجو کنید' })).toBeVisible();
  await screenshot(section, { path: 'tests/e2e/screenshots/feedback-fa-thanks.png' });

  const db = new Database('data/e2e.db', { readonly: true });
  expect(
    db.prepare('SELECT helpful, reason, comment_status FROM article_votes WHERE comment = ?').get(comment),
  ).toEqual({ helpful: 0, reason: 'missing', comment_status: 'new' });
  await context.close();

  // The writer's side: the comment is in the inbox with its reason, and triage records who did it.
  const writer = await browser.newContext();
  const inbox = await writer.newPage();
  const signIn = await inbox.request.post('/en/account/signin/', {
    form: { email: 'writer@pasokh.example', password: 'demo-writer-pass' },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(303);
  await inbox.goto('/admin/analytics/comments/?lang=fa&locale=fa&status=new');
  const row = inbox.locator('#comments-table tbody tr', { hasText: comment });
  await expect(row).toContainText('اطلاعات ناقص');
  await row.locator('select').selectOption('fixed');
  await row.getByRole('button', { name: 'ذخیره' }).click();
  await expect(inbox.locator('.notice-success')).toHaveText('وضعیت ذخیره شد.');
  expect(
    db.prepare('SELECT comment_status, status_by IS NOT NULL AS by FROM article_votes WHERE comment = ?').get(comment),
  ).toEqual({ comment_status: 'fixed', by: 1 });
  db.close();
  await writer.close();
});

test('a comment over 1,000 characters comes back with a localized message and the text intact (no JavaScript)', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${ruArticle}#feedback-no`);
  const long = `${'ж'.repeat(1_000)}ок`;
  await page.locator('#feedback-no-comment').fill(long);
  await page.locator('#feedback-no').getByRole('button', { name: 'Отправить' }).click();
  await expect(page.getByRole('alert')).toContainText(/Символов в комментарии: 1\s002, а можно не больше 1\s000/);
  await expect(page.locator('#feedback-retry-comment')).toHaveValue(long);
  await context.close();
});

test('ru with JavaScript: the view is counted once, answers need no reload and can change', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(ruArticle);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  const section = page.locator('#feedback');
  await section.getByRole('button', { name: 'Нет' }).click();
  await expect(section.getByRole('heading', { name: 'Жаль. Что было не так?' })).toBeVisible();
  await section.getByLabel('Трудно понять').check();
  const comment = `Непонятно, что делать после эскалации ${Date.now()}`;
  const textarea = section.locator('#feedback-no-comment');
  await textarea.fill(comment);
  await expect(section.locator('#feedback-no .count')).toHaveText(new RegExp(`^${comment.length} из 1\\s000$`));
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(section, { path: 'tests/e2e/screenshots/feedback-ru-reasons.png' });
  await section.locator('#feedback-no').getByRole('button', { name: 'Отправить' }).click();
  await expect(section.locator('#feedback-thanks-no')).toBeVisible();
  await expect(section.locator('#feedback-thanks-no')).toBeFocused();
  // Still the same document: nothing reloaded.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

  await section.getByRole('link', { name: 'Изменить ответ' }).click();
  await section.getByRole('button', { name: 'Да' }).click();
  await expect(
    section.getByRole('heading', { name: 'Рады, что статья помогла! Хотите что-то добавить?' }),
  ).toBeVisible();

  const db = new Database('data/e2e.db', { readonly: true });
  const vote = db.prepare('SELECT helpful, reason, comment FROM article_votes WHERE comment = ?').get(comment);
  expect(vote).toEqual({ helpful: 1, reason: null, comment });
  await page.reload();
  const visitor = (await page.context().cookies()).find((c) => c.name === 'pasokh_visitor');
  expect(visitor?.httpOnly).toBe(true);
  const views = () =>
    db
      .prepare(
        "SELECT count(*) AS n FROM article_views WHERE article = 'ru/agent-skills/patience-and-empathy' AND visitor = ?",
      )
      .get(visitor!.value);
  await expect.poll(views).toEqual({ n: 1 });
  db.close();
  expect(errors).toEqual([]);
});

test('the feedback endpoints refuse other sites, bots and garbage without a 500', async ({ request, baseURL }) => {
  const article = 'en/agent-skills/patience-and-empathy';
  const form = { article, helpful: 'yes' };
  const db = new Database('data/e2e.db', { readonly: true });
  const votes = () => db.prepare('SELECT count(*) AS n FROM article_votes WHERE article = ?').get(article);
  const before = votes();
  const json = { Accept: 'application/json', Origin: baseURL! };
  expect((await request.post('/en/feedback/', { form, headers: { Origin: 'https://evil.example' } })).status()).toBe(
    403,
  );
  // The fetch beacon (answered before Astro) refuses other sites too, in the page's language.
  const crossSiteBeacon = await request.post('/ru/feedback/', {
    form,
    headers: { ...json, Origin: 'https://evil.example' },
  });
  expect(crossSiteBeacon.status()).toBe(403);
  expect((await crossSiteBeacon.json()).error).toMatch(/статьи/);
  expect((await request.post('/en/feedback/', { form: { ...form, helpful: 'perhaps' }, headers: json })).status()).toBe(
    422,
  );
  expect(
    (await request.post('/en/feedback/', { form: { ...form, article: '../../etc/passwd' }, headers: json })).status(),
  ).toBe(404);
  // Honeypot and crawlers: a calm "thanks", nothing stored.
  const trap = await request.post('/en/feedback/', {
    form: { ...form, website: 'http://spam.example' },
    headers: json,
  });
  expect(await trap.json()).toEqual({ ok: true, step: 'thanks-yes' });
  expect((await request.get('/en/feedback/', { maxRedirects: 0 })).status()).toBe(303);
  const views = '/api/article-views/';
  expect((await request.post(views, { data: { article }, headers: { 'Sec-Fetch-Site': 'cross-site' } })).status()).toBe(
    403,
  );
  expect((await request.post(views, { data: { article: 'en/nope/nope' } })).status()).toBe(400);
  expect((await request.post(views, { data: '{', headers: { 'Content-Type': 'application/json' } })).status()).toBe(
    400,
  );
  expect((await request.post(views, { data: { article }, headers: { 'User-Agent': 'Googlebot/2.1' } })).status()).toBe(
    204,
  );
  expect(votes()).toEqual(before);
  db.close();
});
