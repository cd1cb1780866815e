// Asking a question: the composer at /{locale}/community/new/ in Persian and Russian with the
// demo member. Suggestions of both kinds while the title is typed (help articles from Pagefind,
// answered threads from the server), the keyboard path through them, a suggestion opened and the
// page left (a deflection) in one run and the question posted in the other, the draft kept
// through a failed submit and a reload, the posted thread found by the site search's community
// section and the forum search (hidden and deleted threads never), the composer sessions as
// stored in data/e2e.db, and the no-JavaScript form (error and preview rendered by the server).
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, expectLangAndDir, screenshot, seriousViolations, sessionUserByEmail } from './helpers.ts';
import { openDatabase } from '../../src/lib/db/index.ts';
import { createThread, deleteThread, hideThread } from '../../src/lib/forum/threads.ts';

const member = { email: 'member@pasokh.example', password: 'demo-member-pass' };

async function signIn(page: Page, baseURL: string) {
  const response = await page.request.post('/en/account/signin/', {
    form: member,
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), 'sign in as the demo member').toBe(303);
}

interface SessionRow {
  id: string;
  locale: string;
  suggestions_shown: number;
  suggestions_clicked: number;
  last_clicked_thread_id: number | null;
  outcome: string;
  thread_id: number | null;
}

/** The member's composer sessions in a locale, read-only, polled until `until` holds (beacons arrive after navigation). */
async function composerSessions(locale: string, until: (rows: SessionRow[]) => boolean): Promise<SessionRow[]> {
  const db = new Database('data/e2e.db', { readonly: true });
  try {
    let rows: SessionRow[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      rows = db
        .prepare(
          `SELECT s.id, s.locale, s.suggestions_shown, s.suggestions_clicked, s.last_clicked_thread_id, s.outcome, s.thread_id
           FROM composer_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ? AND s.locale = ? ORDER BY s.started_at`,
        )
        .all(member.email, locale) as SessionRow[];
      if (until(rows)) return rows;
      await new Promise((r) => setTimeout(r, 100));
    }
    return rows;
  } finally {
    db.close();
  }
}

/** Suggestions as the writer sees them: [kind, title, solved?]. */
async function listedSuggestions(page: Page) {
  const read = (kind: 'articles' | 'threads') =>
    page
      .locator(`[data-list="${kind}"] a.suggestion`)
      .evaluateAll(
        (links, k) =>
          links.map(
            (a) =>
              `${k}: ${a.querySelector('.suggestion-title')!.textContent}${a.querySelector('.badge-solved') ? ` [${a.querySelector('.badge-solved')!.textContent}]` : ''}`,
          ),
        kind,
      );
  return [...(await read('articles')), ...(await read('threads'))];
}

test('anonymous visitors are sent to sign in and back to the composer', async ({ page }) => {
  const response = await page.request.get('/ru/community/new/', { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe(`/ru/account/signin/?next=${encodeURIComponent('/ru/community/new/')}`);
});

test('fa: suggestions of both kinds while typing, keyboard path, a suggestion opened and the page left is a deflection', async ({
  page,
  baseURL,
}) => {
  const errors = collectErrors(page);
  await signIn(page, baseURL!);
  await page.goto('/fa/community/new/');
  await expectLangAndDir(page, 'fa');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('پرسش از انجمن');
  await page.getByLabel('دسته').selectOption({ label: 'پرداخت و صورتحساب' });
  const title = page.getByRole('textbox', { name: 'پرسش شما' });
  const sample = 'فاکتور رسمی برای شرکت لازم دارم';
  await title.click();
  await title.pressSequentially(sample, { delay: 20 });

  const suggestions = page.locator('[data-suggestions]');
  await expect(suggestions.getByRole('heading', { name: 'شاید پرسش شما پیش‌تر پاسخ گرفته باشد' })).toBeVisible();
  const thread = suggestions.locator('[data-list="threads"] a.suggestion', {
    hasText: 'چطور فاکتور رسمی با کد اقتصادی شرکت بگیرم؟',
  });
  await expect(thread).toBeVisible();
  await expect(thread.locator('.badge-solved')).toHaveText('حل‌شده');
  await expect(suggestions.locator('[data-list="articles"] a.suggestion').first()).toBeVisible();
  await expect(page.locator('[data-suggestion-status]')).toContainText('پیشنهاد در ادامه');
  // Suggestions never take the focus; the writer goes to them with the Down arrow.
  await expect(title).toBeFocused();
  console.log(`fa composer, title «${sample}» suggests:\n  ${(await listedSuggestions(page)).join('\n  ')}`);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/forum-composer-fa.png', fullPage: true });

  await page.keyboard.press('ArrowDown');
  const links = suggestions.locator('a.suggestion');
  await expect(links.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(title).toBeFocused();

  // Open the answered thread, come back, then leave without asking.
  // A combobox: the body offers @-mentions (src/components/forum/mention-autocomplete.ts).
  await page.getByRole('combobox', { name: 'جزئیات' }).fill('برای حسابداری شرکت فاکتور رسمی می‌خواهم.');
  const threadHref = await thread.getAttribute('href');
  await thread.click();
  await expect(page).toHaveURL(/\/fa\/community\/t\/\d+\//);
  // Back on the composer, its script resumes the session before it can report leaving it (a
  // writer who left within those milliseconds would leave it open, to go idle later).
  const resumed = page.waitForResponse(
    (response) =>
      response.url().endsWith('/api/community/composer/') && /"start"/.test(response.request().postData() ?? ''),
  );
  await page.goBack();
  await expect(page).toHaveURL(/\/fa\/community\/new\/$/);
  await expect(title).toHaveValue(sample);
  await resumed;
  await page.goto('/fa/');

  const rows = await composerSessions('fa', (r) =>
    r.some((s) => s.suggestions_clicked > 0 && s.outcome === 'abandoned'),
  );
  console.log('fa composer_sessions:', JSON.stringify(rows.map(({ id: _id, ...rest }) => rest)));
  const deflected = rows.find((s) => s.suggestions_clicked > 0);
  expect(deflected).toMatchObject({ outcome: 'abandoned', suggestions_clicked: 1, thread_id: null });
  expect(deflected!.suggestions_shown).toBeGreaterThanOrEqual(2);
  expect(threadHref).toContain(`/fa/community/t/${deflected!.last_clicked_thread_id}/`);
  // A reload or Back is the same visit, not a second session.
  expect(rows).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('ru: suggestions, a draft kept through a reload and a failed submit, the question posted and found by both searches', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await signIn(page, baseURL!);
  await page.goto('/ru/community/new/');
  await expectLangAndDir(page, 'ru');
  const ticket = String(Date.now()).slice(-6);
  const sample = 'Не приходит письмо с паролем';
  const body = `Письмо для сброса пароля не приходит уже два часа, папку «Спам» проверила. Номер обращения ${ticket}.\n\n- почта на **gmail.com**\n- браузер Firefox`;
  await page.getByLabel('Раздел', { exact: true }).selectOption({ label: 'Аккаунт и вход' });
  const title = page.getByRole('textbox', { name: 'Ваш вопрос' });
  await title.click();
  await title.pressSequentially(sample, { delay: 20 });
  const suggestions = page.locator('[data-suggestions]');
  await expect(suggestions.getByRole('heading', { name: 'Возможно, на ваш вопрос уже ответили' })).toBeVisible();
  const answered = suggestions.locator('[data-list="threads"] a.suggestion', {
    hasText: 'Не приходит письмо для сброса пароля',
  });
  await expect(answered).toBeVisible();
  await expect(answered.locator('.badge-solved')).toHaveText('Решено');
  await expect(suggestions.locator('[data-list="articles"] a.suggestion').first()).toBeVisible();
  await expect(title).toBeFocused();
  console.log(`ru composer, title «${sample}» suggests:\n  ${(await listedSuggestions(page)).join('\n  ')}`);
  const textarea = page.getByRole('combobox', { name: 'Подробности' });
  await textarea.fill(body);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, { path: 'tests/e2e/screenshots/forum-composer-ru.png', fullPage: true });

  // Preview without a reload, through the same action as the no-JavaScript button.
  await page.getByRole('button', { name: 'Предпросмотр' }).click();
  const preview = page.locator('[data-preview]');
  await expect(preview.locator('strong')).toHaveText('gmail.com');
  await expect(preview.locator('li')).toHaveCount(2);
  await expect(preview.locator('p[dir="auto"]').first()).toContainText(ticket);

  // A reload restores the draft, with a note and a way to discard it.
  await page.waitForTimeout(500); // the draft is saved 300 ms after the last keystroke
  await page.reload();
  await expect(page.getByText('Мы восстановили неотправленный черновик.')).toBeVisible();
  await expect(title).toHaveValue(sample);
  await expect(textarea).toHaveValue(body);
  await expect(page.getByRole('button', { name: 'Удалить черновик' })).toBeVisible();

  // A too short title: the server answers with a localized error and everything that was sent.
  await title.fill('Письмо?');
  await page.getByRole('button', { name: 'Опубликовать вопрос' }).click();
  await expect(page.getByRole('alert')).toContainText('В вопросе должно быть от 10 до 150 символов.');
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(title).toHaveValue('Письмо?');
  await expect(textarea).toHaveValue(body);
  await expect(page.getByLabel('Раздел').locator('option:checked')).toHaveText('Аккаунт и вход');
  expect(await seriousViolations(page)).toEqual([]);

  // Post it.
  await title.fill(sample);
  await page.getByRole('button', { name: 'Опубликовать вопрос' }).click();
  await expect(page).toHaveURL(/\/ru\/community\/t\/\d+\/[^/]+\/$/);
  const threadId = Number(/\/t\/(\d+)\//.exec(page.url())![1]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(sample);

  const rows = await composerSessions('ru', (r) => r.some((s) => s.outcome === 'posted'));
  console.log('ru composer_sessions:', JSON.stringify(rows.map(({ id: _id, ...rest }) => rest)));
  const posted = rows.find((s) => s.outcome === 'posted');
  expect(posted).toMatchObject({ thread_id: threadId, suggestions_clicked: 0 });
  expect(posted!.suggestions_shown).toBeGreaterThanOrEqual(2);
  // The reload and the failed submit stayed in the same session.
  expect(rows).toHaveLength(1);

  // The draft is gone once the question is posted.
  await page.goto('/ru/community/new/');
  await expect(title).toHaveValue('');
  await expect(page.getByText('Мы восстановили неотправленный черновик.')).toBeHidden();

  // Two more threads with the same words, one hidden and one deleted by a moderator (through the
  // same lib functions the moderation pages use): neither may ever show up in search.
  const db = openDatabase('data/e2e.db');
  const moderator = await sessionUserByEmail(db, 'moderator@pasokh.example');
  const category = await db
    .selectFrom('forum_categories')
    .select('id')
    .where('slug', '=', 'account')
    .executeTakeFirstOrThrow();
  const hiddenOne = await createThread(db, moderator, {
    locale: 'ru',
    categoryId: category.id,
    title: `Скрытый вопрос про обращение ${ticket}`,
    body: `Обращение ${ticket}, скрыто.`,
  });
  const deletedOne = await createThread(db, moderator, {
    locale: 'ru',
    categoryId: category.id,
    title: `Удалённый вопрос про обращение ${ticket}`,
    body: `Обращение ${ticket}, удалено.`,
  });
  if (!hiddenOne.ok || !deletedOne.ok) throw new Error('could not create the hidden and deleted threads');
  expect((await hideThread(db, moderator, hiddenOne.threadId, 'e2e: hidden')).ok).toBe(true);
  expect((await deleteThread(db, moderator, deletedOne.threadId, 'e2e: deleted')).ok).toBe(true);
  await db.destroy();

  // The site search page: articles from Pagefind, the thread in the community section.
  await page.goto(`/ru/search/?q=${ticket}`);
  const community = page.locator('[data-source="community"]');
  await expect(community).toBeVisible();
  await expect(community.locator('a.thread-hit')).toHaveCount(1);
  const hit = community.locator('a.thread-hit');
  await expect(hit.locator('.hit-title')).toHaveText(sample);
  await expect(hit.locator('.hit-title')).toHaveAttribute('dir', 'auto');
  await expect(hit.locator('.hit-excerpt')).toContainText(ticket);
  await expect(hit).toHaveAttribute('href', new RegExp(`^/ru/community/t/${threadId}/`));
  await expect(community.getByRole('link', { name: 'Все результаты из сообщества' })).toHaveAttribute(
    'href',
    `/ru/community/search/?q=${ticket}`,
  );
  const api = await (await page.request.get(`/api/community/search/?locale=ru&q=${ticket}`)).json();
  expect(api.threads.map((t: { id: number }) => t.id)).toEqual([threadId]);

  // The forum's own search, server-rendered.
  await page.goto(`/ru/community/search/?q=${ticket}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Вопросы по запросу «${ticket}»`);
  await expect(page.locator('a.thread-hit')).toHaveCount(1);
  await expect(page.locator('a.thread-hit .thread-hit-title')).toHaveText(sample);
  await expect(page.locator('a.thread-hit .thread-hit-meta')).toHaveText('Аккаунт и вход · 0 ответов');
  expect(await seriousViolations(page)).toEqual([]);
  // The failed submit is answered 422 on purpose; Chromium logs every 4xx document as an error.
  expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
});

test('fa: the site search lists answered community threads with a solved badge; the forum search folds Arabic-keyboard queries and says when nothing matches', async ({
  page,
}) => {
  await page.goto(`/fa/search/?q=${encodeURIComponent('فاکتور رسمی')}`);
  const community = page.locator('[data-source="community"]');
  const hit = community.locator('a.thread-hit', { hasText: 'چطور فاکتور رسمی با کد اقتصادی شرکت بگیرم؟' });
  await expect(hit).toBeVisible();
  await expect(hit.locator('.badge-solved')).toHaveText('حل‌شده');
  await expect(hit.locator('.hit-meta')).toHaveText('پرداخت و صورتحساب · ۲ پاسخ');
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto(`/fa/community/search/?q=${encodeURIComponent('كد تاييد')}`); // typed on an Arabic keyboard
  await expect(page.locator('a.thread-hit .thread-hit-title').first()).toHaveText(
    'کد تأیید پیامکی برایم ارسال نمی‌شود',
  );
  await page.goto(`/fa/community/search/?q=${encodeURIComponent('ناموجودترین واژه')}`);
  await expect(page.getByText('هیچ پرسشی با «ناموجودترین واژه» پیدا نشد.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'پاسخ را پیدا نکردید؟ از انجمن بپرسید' })).toHaveAttribute(
    'href',
    '/fa/community/new/',
  );
});

test('fa without JavaScript: a failed submit comes back with the text and a Persian message; the preview is rendered by the server', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, baseURL!);
  await page.goto('/fa/community/new/');
  await expect(page.locator('[data-suggestions]')).toBeHidden();
  await page.getByLabel('دسته').selectOption({ label: 'سفارش و ارسال' });
  await page.getByRole('textbox', { name: 'پرسش شما' }).fill('سفارشم؟');
  const body = 'سفارش **۵۸۲۱۳** هنوز نرسیده است.\n\n```\nstatus: processing\n```';
  await page.getByRole('textbox', { name: 'جزئیات' }).fill(body);
  await page.getByRole('button', { name: 'پیش‌نمایش' }).click();
  await expect(page.locator('[data-preview] strong')).toHaveText('۵۸۲۱۳');
  await expect(page.locator('[data-preview] pre')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('textbox', { name: 'جزئیات' })).toHaveValue(body);

  await page.getByRole('button', { name: 'ارسال پرسش' }).click();
  await expect(page.getByRole('alert')).toContainText('پرسش باید از ۱۰ تا ۱۵۰ نویسه باشد.');
  await expect(page.getByRole('textbox', { name: 'پرسش شما' })).toHaveValue('سفارشم؟');
  await expect(page.getByRole('textbox', { name: 'جزئیات' })).toHaveValue(body);
  await expect(page.getByLabel('دسته').locator('option:checked')).toHaveText('سفارش و ارسال');
  await context.close();
});
