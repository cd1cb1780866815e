// Contact support end to end, against the built server started with a support webhook pointing
// at a receiver this file runs (playwright.config.ts): in Persian and Russian one flow ends
// deflected and one ends with a request, with and without JavaScript, keyboard only where it
// matters; drafts survive a failed submit and a reload; the receiver fails the first two
// attempts of every delivery and still sees exactly one successful delivery per request (same
// idempotency key, valid signature); a delivery that keeps failing shows up as failed for the
// operator, who retries it; the funnel figures on the dashboard equal the rows in data/e2e.db.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { collectErrors, expectLangAndDir, readMail, screenshot, seriousViolations } from './helpers.ts';

// Serial: one receiver on one port for the whole file. Pages run axe several times: generous timeouts.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

const webhookPort = Number(process.env.E2E_WEBHOOK_PORT ?? Number(process.env.E2E_PORT ?? 4399) + 1000);
const webhookSecret = 'e2e-webhook-secret';

interface Hit {
  key: string;
  reference: string;
  subject: string;
  status: number;
  signatureOk: boolean;
}
const hits: Hit[] = [];
/** Subjects containing this are refused while `refusing` is on: the operator's retry is tested with them. */
const REFUSE_MARK = 'FAILME';
let refusing = true;
let server: Server;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const timestamp = String(req.headers['x-pasokh-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', webhookSecret).update(`${timestamp}.${body}`).digest('hex')}`;
      const signatureOk = req.headers['x-pasokh-signature'] === expected;
      let payload: { idempotencyKey?: string; reference?: string; subject?: string } = {};
      try {
        payload = JSON.parse(body);
      } catch {
        // counted as a bad delivery below
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      const earlier = hits.filter((h) => h.key === key).length;
      // Every delivery fails twice before it gets through; a marked one fails while refusing.
      const status =
        !signatureOk || key !== payload.idempotencyKey
          ? 400
          : earlier < 2 || (refusing && payload.subject?.includes(REFUSE_MARK))
            ? 503
            : 200;
      hits.push({ key, reference: payload.reference ?? '', subject: payload.subject ?? '', status, signatureOk });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => server.listen(webhookPort, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const passwords = { admin: 'demo-admin-pass', member: 'demo-member-pass' } as const;
async function signIn(page: Page, baseURL: string, who: keyof typeof passwords) {
  const response = await page.request.post('/en/account/signin/', {
    form: { email: `${who}@pasokh.example`, password: passwords[who] },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${who}`).toBe(303);
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database('data/e2e.db', { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function until<T>(read: () => T, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let value = read();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = read();
  }
  return value;
}

async function noScript(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

const references: string[] = [];

test('fa, with JavaScript and the keyboard only: a solved thread ends the flow as deflected', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/fa/contact/');
  await expectLangAndDir(page, 'fa');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تماس با پشتیبانی');
  const flow = await page.locator('input[name="flow"]').inputValue();
  expect(flow).toMatch(/^[a-z2-9]{24}$/);
  // Keyboard only: Tab from the top of the page to the subject.
  const subject = page.getByRole('textbox', { name: 'موضوع' });
  for (let i = 0; i < 40 && !(await subject.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(subject).toBeFocused();
  await page.keyboard.type('فاکتور رسمی برای شرکت لازم دارم', { delay: 15 });
  const suggestions = page.locator('[data-suggestions]');
  await expect(suggestions.getByRole('heading', { name: 'شاید این‌ها پاسخ پرسش شما باشند' })).toBeVisible();
  const threadItem = suggestions.locator('[data-list="threads"] li', {
    hasText: 'چطور فاکتور رسمی با کد اقتصادی شرکت بگیرم؟',
  });
  await expect(threadItem.locator('.badge-solved')).toHaveText('حل‌شده');
  await expect(subject).toBeFocused();
  await page.getByRole('textbox', { name: 'شرح مشکل' }).fill('برای حسابداری شرکت فاکتور رسمی با کد اقتصادی می‌خواهم.');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/contact-fa.png', fullPage: true });

  // Down arrow from the subject into the suggestions, to the thread's "solved" button.
  await subject.focus();
  const solved = threadItem.getByRole('button', { name: /^مشکلم حل شد/ });
  for (let i = 0; i < 12 && !(await solved.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('ArrowDown');
  await expect(solved).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/fa\/contact\/\?done=solved$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('خوشحالیم که پاسخ را پیدا کردید');
  const [row] = query<{ outcome: string; deflected_kind: string; deflected_ref: string; title: string }>(
    'SELECT f.outcome, f.deflected_kind, f.deflected_ref, t.title FROM contact_flows f LEFT JOIN threads t ON t.id = f.deflected_ref WHERE f.id = ?',
    flow,
  );
  expect(row).toEqual({
    outcome: 'deflected',
    deflected_kind: 'thread',
    deflected_ref: expect.stringMatching(/^\d+$/),
    title: 'چطور فاکتور رسمی با کد اقتصادی شرکت بگیرم؟',
  });
  expect(await page.evaluate(() => localStorage.getItem('pasokh:contact:draft:fa'))).toBeNull();
  expect(errors).toEqual([]);
});

test('ru, without JavaScript: answers found on the server, a help article ends the flow as deflected', async ({
  browser,
}) => {
  const { context, page } = await noScript(browser);
  await page.goto('/ru/contact/');
  await expectLangAndDir(page, 'ru');
  const flow = await page.locator('input[name="flow"]').inputValue();
  await page.getByLabel('Тема').fill('Как успокоить рассерженного клиента');
  await page.getByRole('button', { name: 'Искать ответы' }).click();
  const article = page.locator('[data-list="articles"] li', { hasText: 'Как успокоить рассерженного клиента' });
  await expect(article).toBeVisible();
  await expect(page.getByLabel('Тема')).toHaveValue('Как успокоить рассерженного клиента');
  await article.getByRole('button', { name: /^Это решило мою проблему/ }).click();
  await expect(page).toHaveURL(/\/ru\/contact\/\?done=solved$/);
  const [row] = query<{ outcome: string; deflected_kind: string; deflected_ref: string }>(
    'SELECT outcome, deflected_kind, deflected_ref FROM contact_flows WHERE id = ?',
    flow,
  );
  expect(row).toEqual({
    outcome: 'deflected',
    deflected_kind: 'article',
    deflected_ref: 'ru/difficult-customers/calm-angry-customer',
  });
  await context.close();
});

test('fa, without JavaScript: clear errors that keep the text, then the request is sent, confirmed and mailed', async ({
  browser,
}) => {
  const { context, page } = await noScript(browser);
  const since = Date.now();
  await page.goto('/fa/contact/');
  const flow = await page.locator('input[name="flow"]').inputValue();
  const subjectText = 'برنامه روی اندروید بعد از به‌روزرسانی بسته می‌شود';
  await page.getByLabel('موضوع').fill(subjectText);
  await page.getByLabel('شرح مشکل').fill('کوتاه');
  await page.getByRole('button', { name: 'هنوز کمک لازم دارم' }).click();
  await expect(page.getByRole('alert')).toContainText('لطفاً بخش‌های مشخص‌شده را درست کنید');
  await expect(page.locator('#contact-description-error')).toHaveText('مشکل را در ۱۰ تا ۵٬۰۰۰ نویسه شرح دهید.');
  await expect(page.getByLabel('موضوع')).toHaveValue(subjectText);
  await expect(page.getByLabel('شرح مشکل')).toHaveValue('کوتاه');
  // The server's suggestions for the subject are shown too.
  await expect(
    page.locator('[data-list="threads"] a.suggestion', {
      hasText: 'برنامه روی اندروید ۱۴ بعد از به‌روزرسانی بسته می‌شود',
    }),
  ).toBeVisible();
  const description = 'از دیروز که برنامه را به‌روز کردم، روی گوشی سامسونگ با اندروید ۱۴ هنگام باز شدن بسته می‌شود.';
  await page.getByLabel('شرح مشکل').fill(description);
  await page.getByRole('button', { name: 'هنوز کمک لازم دارم' }).click();
  await expect(page.getByRole('heading', { name: 'پاسخ را کجا بفرستیم؟' })).toBeVisible();
  await page.getByLabel('نشانی ایمیل شما').fill('customer.fa@example');
  await page.getByRole('button', { name: 'فرستادن درخواست' }).click();
  await expect(page.locator('#contact-email-error')).toBeVisible();
  await expect(page.getByLabel('شرح مشکل')).toHaveValue(description);
  await screenshot(page, { path: 'tests/e2e/screenshots/contact-fa-errors.png', fullPage: true });
  await page.getByLabel('نشانی ایمیل شما').fill('customer.fa@example.com');
  await page.getByRole('button', { name: 'فرستادن درخواست' }).click();
  await expect(page).toHaveURL(/\/fa\/contact\/sent\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('درخواست شما فرستاده شد');
  const reference = (await page.locator('[data-reference]').textContent())!.trim();
  expect(reference).toMatch(/^PSK-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  references.push(reference);
  await expect(page.getByText(subjectText)).toBeVisible();
  // The same confirmation in a browser with script (same cookies), for axe and the screenshot.
  const scripted = await browser.newContext({ storageState: await context.storageState() });
  const again = await scripted.newPage();
  await again.goto('/fa/contact/sent/');
  await expect(again.locator('[data-reference]')).toHaveText(reference);
  expect(await seriousViolations(again)).toEqual([]);
  await screenshot(again, { path: 'tests/e2e/screenshots/contact-sent-fa.png', fullPage: true });
  await scripted.close();
  const [row] = query<{ outcome: string; email: string }>(
    'SELECT f.outcome, r.email FROM contact_flows f JOIN contact_requests r ON r.id = f.request_id WHERE f.id = ?',
    flow,
  );
  expect(row).toEqual({ outcome: 'submitted', email: 'customer.fa@example.com' });
  const mail = await readMail('customer.fa@example.com', since);
  expect(mail.subject).toContain(reference);
  expect(mail.text).toContain(reference);
  // Sent to an address nobody verified: nothing the visitor wrote goes into it (not a relay).
  expect(mail.text).not.toContain(subjectText);
  // The reference alone shows nothing in another browser.
  const other = await browser.newContext();
  const response = await other.request.get('/fa/contact/sent/');
  expect(response.status()).toBe(404);
  expect(await response.text()).not.toContain(reference);
  await other.close();
  await context.close();
});

test('ru, with JavaScript: suggestions while typing, a draft through a reload, the email step without a reload, sent', async ({
  page,
  baseURL,
}) => {
  const errors = collectErrors(page);
  await signIn(page, baseURL!, 'member');
  await page.goto('/ru/contact/');
  const subject = page.getByRole('textbox', { name: 'Тема' });
  await subject.click();
  await subject.pressSequentially('Не приходит письмо с паролем', { delay: 15 });
  const thread = page.locator('[data-list="threads"] li', { hasText: 'Не приходит письмо для сброса пароля' });
  await expect(thread.locator('.badge-solved')).toHaveText('Решено');
  const description = 'Письмо для сброса пароля не приходит уже два часа, папку «Спам» проверила.';
  await page.getByRole('textbox', { name: 'Опишите проблему' }).fill(description);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/contact-ru.png', fullPage: true });
  await page.waitForTimeout(400); // the draft is saved 300 ms after typing stops
  await page.reload();
  await expect(subject).toHaveValue('Не приходит письмо с паролем');
  await expect(page.getByRole('textbox', { name: 'Опишите проблему' })).toHaveValue(description);
  await expect(page.getByText('Мы восстановили то, что вы написали.')).toBeVisible();
  await expect(thread).toBeVisible();
  const url = page.url();
  await page.getByRole('button', { name: 'Мне всё ещё нужна помощь' }).click();
  const email = page.getByRole('textbox', { name: 'Ваш адрес электронной почты' });
  await expect(email).toBeFocused();
  expect(page.url()).toBe(url);
  // Signed in: the account's address is already there.
  await expect(email).toHaveValue('member@pasokh.example');
  await page.getByRole('button', { name: 'Отправить обращение' }).click();
  await expect(page).toHaveURL(/\/ru\/contact\/sent\/$/);
  const reference = (await page.locator('[data-reference]').textContent())!.trim();
  references.push(reference);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/contact-sent-ru.png', fullPage: true });
  expect(await page.evaluate(() => localStorage.getItem('pasokh:contact:draft:ru'))).toBeNull();
  const [row] = query<{ shown: string }>(
    "SELECT group_concat(s.kind, ',') AS shown FROM contact_requests r JOIN contact_flow_suggestions s ON s.flow_id = r.flow_id WHERE r.reference = ?",
    reference,
  );
  expect(row!.shown).toContain('thread');
  expect(errors).toEqual([]);
});

test('a request sent without the form’s signed stamp is refused in the page’s language and keeps the text', async ({
  page,
  baseURL,
}) => {
  const subject = `Forged stamp ${Date.now()}`;
  const description = 'This request was posted by a script that never opened the form, so it carries no stamp.';
  const response = await page.request.post('/ru/contact/', {
    form: {
      subject,
      description,
      email: 'script@pasokh.example',
      step: 'send',
      flow: '',
      shown: '',
      form_stamp: 'not-a-stamp',
    },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(422);
  const html = await response.text();
  expect(html).toContain('Форму не удалось принять');
  expect(html).toContain(subject);
  expect(html).toContain(description);
  const db = new Database('data/e2e.db', { readonly: true });
  expect(db.prepare('SELECT COUNT(*) AS n FROM contact_requests WHERE subject = ?').get(subject)).toEqual({ n: 0 });
  db.close();
});

test('en: the contact page with suggestions, and the confirmation page', async ({ page }) => {
  await page.goto('/en/contact/');
  await expectLangAndDir(page, 'en');
  const subject = page.getByRole('textbox', { name: 'Subject' });
  await subject.click();
  await subject.pressSequentially('Charged twice for my order', { delay: 15 });
  await expect(page.locator('[data-list="threads"] li', { hasText: 'Charged twice for the same order' })).toBeVisible();
  await page
    .getByRole('textbox', { name: 'Describe the problem' })
    .fill(`My card was charged twice for one order. ${REFUSE_MARK}`);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/contact-en.png', fullPage: true });
  await page.getByRole('button', { name: 'I still need help' }).click();
  await page.getByRole('textbox', { name: 'Your email address' }).fill('customer.en@example.com');
  // Marked so the receiver keeps refusing it: the operator test below retries it.
  await subject.fill(`Charged twice ${REFUSE_MARK}`);
  await page.getByRole('button', { name: 'Send the request' }).click();
  await expect(page).toHaveURL(/\/en\/contact\/sent\/$/);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/contact-sent-en.png', fullPage: true });
});

test('the webhook sees exactly one successful delivery per request, after failing the first two attempts', async () => {
  expect(references).toHaveLength(2);
  const delivered = await until(
    () => references.map((ref) => hits.filter((h) => h.reference === ref && h.status === 200).length),
    (counts) => counts.every((n) => n >= 1),
  );
  expect(delivered).toEqual([1, 1]);
  for (const ref of references) {
    const mine = hits.filter((h) => h.reference === ref);
    expect(mine.map((h) => h.status)).toEqual([503, 503, 200]);
    expect(new Set(mine.map((h) => h.key)).size).toBe(1);
    expect(mine.every((h) => h.signatureOk)).toBe(true);
  }
  const rows = query<{ reference: string; receiver: string; state: string; attempts: number }>(
    'SELECT r.reference, d.receiver, d.state, d.attempts FROM contact_deliveries d JOIN contact_requests r ON r.id = d.request_id WHERE r.reference IN (?, ?) ORDER BY r.reference, d.receiver',
    ...references,
  );
  expect(rows.filter((r) => r.receiver === 'webhook').map((r) => [r.state, r.attempts])).toEqual([
    ['delivered', 3],
    ['delivered', 3],
  ]);
  expect(rows.filter((r) => r.receiver !== 'webhook').every((r) => r.state === 'delivered')).toBe(true);
  // Nothing arrives later: a delivered request is never sent again.
  await new Promise((r) => setTimeout(r, 1500));
  for (const ref of references) expect(hits.filter((h) => h.reference === ref && h.status === 200)).toHaveLength(1);
  console.log(
    `webhook: ${hits.length} attempts for ${new Set(hits.map((h) => h.key)).size} deliveries; per request ${references
      .map(
        (ref) =>
          `${ref}: ${hits
            .filter((h) => h.reference === ref)
            .map((h) => h.status)
            .join(' → ')}`,
      )
      .join('; ')}`,
  );
});

test('operators see the failed delivery in fa, ru and en and retry it; it is delivered once', async ({
  page,
  baseURL,
}) => {
  const errors = collectErrors(page);
  await signIn(page, baseURL!, 'admin');
  const failed = await until(
    () =>
      query<{ id: number; reference: string; state: string; attempts: number; last_error: string }>(
        "SELECT d.id, r.reference, d.state, d.attempts, d.last_error FROM contact_deliveries d JOIN contact_requests r ON r.id = d.request_id WHERE d.receiver = 'webhook' AND r.subject LIKE ?",
        `%${REFUSE_MARK}%`,
      ),
    (rows) => rows.length === 1 && rows[0]!.state === 'failed',
  );
  expect(failed[0]).toMatchObject({ state: 'failed', attempts: 4, last_error: 'HTTP 503 Service Unavailable' });
  const { reference } = failed[0]!;
  for (const lang of ['fa', 'ru', 'en'] as const) {
    await page.goto(`/admin/support/?lang=${lang}`);
    await expectLangAndDir(page, lang);
    const row = page.locator(`tr[data-reference="${reference}"][data-receiver="webhook"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('code')).toHaveText('HTTP 503 Service Unavailable');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, { path: `tests/e2e/screenshots/admin-deliveries-${lang}.png`, fullPage: true });
  }
  // The receiver is fixed; the operator retries (keyboard: the button is reachable and pressed with Enter).
  refusing = false;
  await page.goto('/admin/support/?lang=ru');
  const retry = page
    .locator(`tr[data-reference="${reference}"][data-receiver="webhook"]`)
    .getByRole('button', { name: `Повторить доставку ${reference}: Вебхук` });
  await retry.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Доставка снова в очереди и уйдёт в течение нескольких секунд.');
  const after = await until(
    () =>
      query<{ state: string; attempts: number }>(
        "SELECT d.state, d.attempts FROM contact_deliveries d JOIN contact_requests r ON r.id = d.request_id WHERE d.receiver = 'webhook' AND r.reference = ?",
        reference,
      ),
    (rows) => rows[0]?.state === 'delivered',
  );
  expect(after[0]).toEqual({ state: 'delivered', attempts: 5 });
  expect(hits.filter((h) => h.reference === reference && h.status === 200)).toHaveLength(1);
  await page.goto('/admin/support/?lang=en&state=delivered');
  await expect(page.locator(`tr[data-reference="${reference}"][data-receiver="webhook"]`)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/admin-deliveries-delivered-en.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('the funnel on the dashboard equals the rows recorded, in fa, ru and en', async ({ page, baseURL }) => {
  await signIn(page, baseURL!, 'admin');
  // The dashboard's "last 7 days" in English is 7 UTC days up to today.
  const now = new Date();
  const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 6);
  const [db] = query<{ started: number; deflected: number; by_article: number; by_thread: number; requests: number }>(
    `SELECT (SELECT count(*) FROM contact_flows WHERE started_at >= @from) AS started,
            (SELECT count(*) FROM contact_flows WHERE started_at >= @from AND outcome = 'deflected') AS deflected,
            (SELECT count(*) FROM contact_flows WHERE started_at >= @from AND outcome = 'deflected' AND deflected_kind = 'article') AS by_article,
            (SELECT count(*) FROM contact_flows WHERE started_at >= @from AND outcome = 'deflected' AND deflected_kind = 'thread') AS by_thread,
            (SELECT count(*) FROM contact_requests WHERE created_at >= @from) AS requests`,
    { from },
  );
  const [visitors] = query<{ all: number; askers: number }>(
    `SELECT (SELECT count(*) FROM (SELECT visitor FROM article_views WHERE at >= @from UNION SELECT visitor FROM contact_flows WHERE started_at >= @from)) AS "all",
            (SELECT count(DISTINCT visitor) FROM contact_requests WHERE created_at >= @from) AS askers`,
    { from },
  );
  await page.goto('/admin/analytics/contact/?lang=en&period=7');
  const figure = (name: string) => page.locator(`[data-figure="${name}"] dd`);
  await expect(figure('started')).toHaveText(String(db!.started));
  await expect(figure('deflected')).toContainText(
    `${db!.deflected}by an article: ${db!.by_article} · by a thread: ${db!.by_thread}`,
  );
  await expect(figure('submitted')).toHaveText(String(db!.requests));
  const rate = Math.round((db!.deflected / db!.started) * 100);
  await expect(figure('rate')).toContainText(`${rate}%`);
  const score = (visitors!.all / visitors!.askers).toFixed(1);
  await expect(figure('score')).toContainText(
    `${score}${visitors!.all} help-center visitors ÷ ${visitors!.askers} visitors who sent a request`,
  );
  await expect(page.locator('#deflected-threads')).toContainText('چطور فاکتور رسمی با کد اقتصادی شرکت بگیرم؟');
  await expect(page.locator('#deflected-articles')).toContainText('Как успокоить рассерженного клиента');
  // This run's own flows (the demo seed's visitors are `demo-…`), for the record.
  const [run] = query<{
    started: number;
    deflected: number;
    by_article: number;
    by_thread: number;
    requests: number;
    askers: number;
  }>(
    `SELECT (SELECT count(*) FROM contact_flows WHERE visitor NOT LIKE 'demo-%') AS started,
            (SELECT count(*) FROM contact_flows WHERE visitor NOT LIKE 'demo-%' AND outcome = 'deflected') AS deflected,
            (SELECT count(*) FROM contact_flows WHERE visitor NOT LIKE 'demo-%' AND outcome = 'deflected' AND deflected_kind = 'article') AS by_article,
            (SELECT count(*) FROM contact_flows WHERE visitor NOT LIKE 'demo-%' AND outcome = 'deflected' AND deflected_kind = 'thread') AS by_thread,
            (SELECT count(*) FROM contact_requests WHERE visitor NOT LIKE 'demo-%') AS requests,
            (SELECT count(DISTINCT visitor) FROM contact_requests WHERE visitor NOT LIKE 'demo-%') AS askers`,
  );
  console.log(
    `this run's own contact flows: ${run!.started} started, ${run!.deflected} deflected (${run!.by_article} by an article, ${run!.by_thread} by a thread), ${run!.requests} requests from ${run!.askers} visitors, deflection rate ${Math.round((run!.deflected / run!.started) * 100)}%`,
  );
  console.log(
    `dashboard, last 7 days, demo seed included: ${db!.started} flows started, ${db!.deflected} deflected (${db!.by_article} by an article, ${db!.by_thread} by a thread), ${db!.requests} requests submitted, deflection rate ${rate}%, self-service score ${score} (${visitors!.all} help-center visitors ÷ ${visitors!.askers} who sent a request)`,
  );
  // The same funnel as CSV: one row per day, adding up to the figures.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download “Contact flows per day” as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pasokh-contact-days-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const days = readFileSync((await download.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
  expect(days[0]).toEqual(['Date', 'Contact flows started', 'Deflected', 'Requests submitted', 'Deflection rate (%)']);
  expect(days).toHaveLength(8);
  expect(days.slice(1).reduce((sum, row) => sum + Number(row[1]), 0)).toBe(db!.started);
  expect(days.slice(1).reduce((sum, row) => sum + Number(row[3]), 0)).toBe(db!.requests);
  const failed = (
    await (await page.request.get('/admin/analytics/contact.csv?lang=ru&period=7&table=failed')).body()
  ).toString('utf8');
  expect(failed.split('\r\n')[0]).toBe('\uFEFFДата,Номер обращения,Тема,ID статьи,Статья,Обращений');
  for (const lang of ['fa', 'ru', 'en'] as const) {
    await page.goto(`/admin/analytics/contact/?lang=${lang}&period=7`);
    await expectLangAndDir(page, lang);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, { path: `tests/e2e/screenshots/admin-contact-${lang}.png`, fullPage: true });
  }
});

test('every article, the No vote and the forum lead to contact', async ({ page }) => {
  await page.goto('/fa/agent-skills/patience-and-empathy/');
  await expect(
    page.getByRole('region', { name: 'هنوز کمک لازم دارید؟' }).getByRole('link', { name: 'تماس با پشتیبانی' }),
  ).toHaveAttribute('href', '/fa/contact/');
  await page.goto('/ru/agent-skills/patience-and-empathy/#feedback-thanks-no');
  await expect(
    page.locator('#feedback-thanks-no').getByRole('link', { name: 'Связаться с поддержкой' }),
  ).toHaveAttribute('href', '/ru/contact/');
  await page.goto('/en/community/');
  await page.getByRole('link', { name: 'No answer here? Contact support' }).click();
  await expect(page).toHaveURL(/\/en\/contact\/$/);
});
