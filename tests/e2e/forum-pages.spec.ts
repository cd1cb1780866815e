// Reading and taking part in the community: the home, category and thread pages in fa/ru/en
// (lang/dir, axe), keyset "older" pages, the anonymous view, a no-JavaScript reply with a kept
// draft after a refusal, the asker accepting the answer, votes counted once, the bell and the
// notifications page, a JavaScript reply without reload, rate-limit wording, QAPage JSON-LD, and
// screenshots of Persian and Russian threads (mixed Persian/English text, code left to right).
import { mkdirSync } from 'node:fs';
import { expect, request as requests, test, type Browser, type Page } from '@playwright/test';
import { openDatabase } from '../../src/lib/db/index.ts';
import { categoryBySlug } from '../../src/lib/forum/categories.ts';
import { FORUM_RATE_LIMITS, timestampMs } from '../../src/lib/forum/policy.ts';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { formatDate, useTranslations } from '../../src/i18n/index.ts';
import { hidePost } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { collectErrors, expectLangAndDir, screenshot, seriousViolations, sessionUserByEmail } from './helpers.ts';

mkdirSync('tests/e2e/screenshots', { recursive: true });

const passwords = {
  member: 'demo-member-pass',
  writer: 'demo-writer-pass',
  moderator: 'demo-moderator-pass',
  admin: 'demo-admin-pass',
} as const;
type Who = keyof typeof passwords;

async function signIn(page: Page, baseURL: string, who: Who) {
  const response = await page.request.post('/en/account/signin/', {
    form: { email: `${who}@pasokh.example`, password: passwords[who] },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${who}`).toBe(303);
}

async function browse(browser: Browser, baseURL: string, who: Who | null, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  if (who) await signIn(page, baseURL, who);
  return { context, page };
}

const user = sessionUserByEmail;

/** Asks a question straight through lib/forum on the test server's database. */
async function ask(email: string, locale: 'fa' | 'ru' | 'en', category: string, title: string, body: string) {
  const db = openDatabase('data/e2e.db');
  try {
    const author = await user(db, email);
    const { id } = (await categoryBySlug(db, locale, category))!;
    const result = await createThread(db, author, { locale, categoryId: id, title, body });
    if (!result.ok) throw new Error(`ask refused: ${result.problem}`);
    return result;
  } finally {
    await db.destroy();
  }
}

// Arbitrary JSON-LD, read field by field in the assertions below.
/* eslint-disable @typescript-eslint/no-explicit-any */
const jsonLd = async (page: Page) =>
  (await page.locator('script[type="application/ld+json"]').allTextContents()).map(
    (text) => JSON.parse(text) as Record<string, any>,
  );
/* eslint-enable @typescript-eslint/no-explicit-any */

for (const locale of ['fa', 'ru', 'en'] as const) {
  test(`${locale}: community home, a category and a seeded thread: lang/dir, no serious axe findings, QAPage`, async ({
    page,
  }) => {
    // Three pages through axe: ~19 s on a quiet machine, over 30 s at load 15.
    test.setTimeout(60_000);
    const errors = collectErrors(page);
    expect((await page.goto(`/${locale}/community/`))?.status()).toBe(200);
    await expectLangAndDir(page, locale);
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('.tabs a[aria-current="page"]')).toHaveCount(1);
    await expect(page.locator('.thread').first()).toBeVisible();
    // Every thread title is the asker's text: its own direction.
    expect(await page.locator('.thread-title a:not([dir="auto"])').count()).toBe(0);
    expect(await seriousViolations(page), `${locale} home`).toEqual([]);

    await page.locator('.categories a[href$="/community/account/"]').click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/community/account/$`));
    await expectLangAndDir(page, locale);
    expect(await seriousViolations(page), `${locale} category`).toEqual([]);

    // Solved list of the category, then its thread.
    await page.locator('.tabs a').nth(2).click();
    await expect(page).toHaveURL(/\?list=solved$/);
    await expect(page.locator('.tabs a').nth(2)).toHaveAttribute('aria-current', 'page');
    await page.locator('.thread-title a').first().click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/community/t/\\d+/[^/]+/$`));
    await expectLangAndDir(page, locale);
    await expect(page.locator('h1')).toHaveAttribute('dir', 'auto');
    await expect(page.locator('.post-body[dir="auto"]').first()).toBeVisible();
    // The accepted answer sits right under the question.
    const sections = await page
      .locator('main section')
      .evaluateAll((els) =>
        els.map((el) =>
          el.className.split(' ').find((c: string) => ['question', 'answer', 'replies', 'reply'].includes(c)),
        ),
      );
    expect(sections.filter(Boolean)).toEqual(['question', 'answer', 'replies', 'reply']);
    const [qa] = (await jsonLd(page)).filter((data) => data['@type'] === 'QAPage');
    expect(qa?.mainEntity['@type']).toBe('Question');
    expect(qa?.mainEntity.acceptedAnswer['@type']).toBe('Answer');
    expect(qa?.mainEntity.answerCount).toBeGreaterThan(0);
    expect(qa?.mainEntity.author.name).toBeTruthy();
    // One address per thread, in one language only.
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
      'href',
      new RegExp(`/${locale}/community/t/\\d+/[^/?]+/$`),
    );
    await expect(page.locator('link[rel="alternate"][hreflang]')).toHaveCount(0);
    expect(await seriousViolations(page), `${locale} thread`).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('anonymous readers see the thread, a sign-in prompt instead of the reply form, no bell; a wrong slug is a 301', async ({
  page,
}) => {
  // A thread of its own, so that no other test's reader adds to its view count meanwhile.
  const asked = await ask(
    'writer@pasokh.example',
    'en',
    'account',
    `Where do I change my sign-in email? (${Date.now()})`,
    'I moved to a new address and want to sign in with it.',
  );
  const id = String(asked.threadId);
  // The page's script counts the view (once per browser and thread), not the page render.
  const views = async () => {
    const db = openDatabase('data/e2e.db');
    try {
      return (
        await db.selectFrom('threads').select('view_count').where('id', '=', Number(id)).executeTakeFirstOrThrow()
      ).view_count;
    } finally {
      await db.destroy();
    }
  };
  const before = await views();
  await page.goto(`/en/community/t/${id}/${encodeURIComponent(asked.slug)}/`);
  const url = page.url();
  await expect.poll(views).toBe(before + 1);
  await expect(page.locator('.post-question')).toBeVisible();
  await expect(page.locator('textarea')).toHaveCount(0);
  await expect(page.locator('form[data-forum-vote]')).toHaveCount(0);
  const prompt = page.getByRole('link', { name: 'Sign in to reply' });
  await expect(prompt).toHaveAttribute('href', /^\/en\/account\/signin\/\?next=%2Fen%2Fcommunity%2Ft%2F\d+%2F/);
  await expect(page.locator('.site-header .bell')).toBeHidden();
  await page.reload();
  await page.waitForLoadState('networkidle');
  expect(await views()).toBe(before + 1);
  const wrong = await page.request.get(`/en/community/t/${id}/not-the-slug/`, { maxRedirects: 0 });
  expect(wrong.status()).toBe(301);
  expect(new URL(wrong.headers().location!, url).href).toBe(url);
  expect((await page.request.get(`/fa/community/t/${id}/x/`, { maxRedirects: 0 })).headers().location).toMatch(
    new RegExp(`^/en/community/t/${id}/`),
  );
  expect((await page.request.get(`/en/community/t/${id}/x/?page=9`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await page.request.get('/en/community/t/99999999/x/', { maxRedirects: 0 })).status()).toBe(404);
  expect((await page.request.get('/api/notifications/count/')).status()).toBe(401);
});

test('keyset pagination: "older" follows the cursor with no thread twice, and back to the newest', async ({ page }) => {
  for (let i = 0; i < 23; i++)
    await ask(
      'admin@pasokh.example',
      'en',
      'orders',
      `Keyset probe ${String(i).padStart(2, '0')}: parcel wrapped in zebra paper`,
      'A question that only exists to fill a list page.',
    );
  await page.goto('/en/community/orders/?list=unanswered');
  const first = await page.locator('.thread-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(first).toHaveLength(20);
  await page.getByRole('link', { name: 'Older threads' }).click();
  await expect(page).toHaveURL(/\/en\/community\/orders\/\?list=unanswered&before=\d+\.\d+$/);
  await expect(page.locator('.tabs a[aria-current="page"]')).toHaveText('Unanswered');
  const second = await page.locator('.thread-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(second.length).toBeGreaterThan(0);
  expect(second.filter((href) => first.includes(href))).toEqual([]);
  await page.getByRole('link', { name: 'Back to the newest' }).click();
  await expect(page).toHaveURL(/\/en\/community\/orders\/\?list=unanswered$/);
  // A cursor that is not one is the first page, not an error.
  expect((await page.request.get('/en/community/orders/?before=%3Cscript%3E&list=__proto__')).status()).toBe(200);
});

test.describe.serial('taking part', () => {
  const title = 'خطای EACCES هنگام اجرای npm install روی Ubuntu';
  const question = [
    'وقتی دستور `npm install -g pasokh-cli` را اجرا می‌کنم این خطا را می‌بینم:',
    '',
    '```',
    "Error: EACCES: permission denied, mkdir '/usr/lib/node_modules/pasokh-cli'",
    '```',
    '',
    'روی Ubuntu 24.04 هستم. آیا باید از sudo استفاده کنم؟',
  ].join('\n');
  const answer =
    'بهتر است Node را با `nvm` نصب کنید تا پوشهٔ global مال خودتان باشد:\n\n```bash\ncurl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.1/install.sh | bash\nnvm install --lts\n```\n\nبعد از آن دیگر به sudo نیازی ندارید.';
  let path = '';

  test.beforeAll(async () => {
    // The writer's account asks, so the asker is a demo account we can sign in as.
    const thread = await ask('writer@pasokh.example', 'fa', 'technical', title, question);
    path = `/fa/community/t/${thread.threadId}/${encodeURIComponent(thread.slug)}/`;
  });

  test('a member replies without JavaScript: preview, a refusal keeps the text, then the reply', async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await browse(browser, baseURL!, 'member', false);
    await page.goto(path);
    const form = page.locator('#reply-form');
    const textarea = form.getByLabel('پاسخ خود را بنویسید');
    // Too short: refused with a Persian message, and the text is still there.
    await textarea.fill('x');
    await form.getByRole('button', { name: 'ارسال پاسخ' }).click();
    await expect(form.getByRole('alert')).toHaveText('متن باید بین ۲ تا ۲۰٬۰۰۰ نویسه باشد.');
    await expect(form.locator('textarea')).toHaveValue('x');
    await expect(form.locator('textarea')).toHaveAttribute('aria-invalid', 'true');
    // Preview: the server renders it; code stays left to right.
    await form.locator('textarea').fill(answer);
    await form.getByRole('button', { name: 'پیش‌نمایش' }).click();
    const preview = form.locator('[data-editor-preview-box]');
    await expect(preview).toBeVisible();
    await expect(preview.locator('pre code')).toContainText('nvm install --lts');
    await expect(form.locator('textarea')).toHaveValue(answer);
    // Post it: back on the thread, at the new reply.
    await form.getByRole('button', { name: 'ارسال پاسخ' }).click();
    await expect(page).toHaveURL(/#post-2$/);
    const reply = page.locator('#post-2');
    await expect(reply).toContainText('بعد از آن دیگر به sudo نیازی ندارید.');
    await expect(reply.locator('.author')).toHaveText('سارا مشتری');
    await context.close();
  });

  test('the asker sees the bell count, on on-demand and static pages, and the notification', async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await browse(browser, baseURL!, 'writer');
    const errors = collectErrors(page);
    // The asker watches their question; the server's worker tells watchers a moment after the
    // reply answered (woken by the reply), so wait for it rather than race it.
    await expect
      .poll(
        async () => ((await (await page.request.get('/api/notifications/count/')).json()) as { unread: number }).unread,
      )
      .toBe(1);
    await page.goto('/fa/community/');
    const bell = page.locator('.site-header .bell');
    await expect(bell).toBeVisible();
    await expect(bell).toHaveAccessibleName('اعلان‌ها، ۱ خوانده‌نشده');
    await expect(bell.locator('.bell-count')).toHaveText('۱');
    // A prerendered article page fills the same bell from the JSON endpoint.
    await page.goto('/ru/agent-skills/patience-and-empathy/');
    await expect(bell).toBeVisible();
    await expect(bell).toHaveAccessibleName('Уведомления: 1 непрочитанное');
    const count = await page.request.get('/api/notifications/count/');
    expect(count.headers()['cache-control']).toContain('no-store');
    expect(await count.json()).toEqual({ unread: 1 });
    // The notifications page says who did what where, and reading it clears the count.
    await page.goto('/fa/community/notifications/');
    await expectLangAndDir(page, 'fa');
    const item = page.locator('.notifications li').first();
    await expect(item).toContainText('سارا مشتری در این گفتگو پاسخ داد:');
    await expect(item.locator('a.thread')).toHaveAttribute(
      'href',
      new RegExp(`${path.replace(/[?]/g, '\\?')}#post-2$`),
    );
    expect(await seriousViolations(page), 'notifications').toEqual([]);
    await screenshot(page, { path: 'tests/e2e/screenshots/forum-notifications-fa.png', fullPage: true });
    await page.goto('/fa/community/');
    await expect(bell).toHaveAccessibleName('اعلان‌ها');
    await expect(bell.locator('.bell-count')).toBeHidden();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the asker accepts the answer: solved, answer under the question; votes count once', async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await browse(browser, baseURL!, 'writer');
    await page.goto(path);
    // Nobody votes for their own question.
    await expect(page.locator('#post-1 form[data-forum-vote]')).toHaveCount(0);
    await page.locator('#post-2').getByRole('button', { name: 'پذیرفتن این پاسخ' }).click();
    await expect(page).toHaveURL(/#post-2$/);
    await expect(page.locator('.thread-head .badge-solved')).toHaveText('حل‌شده');
    const answer = page.locator('section.answer');
    await expect(answer.getByRole('heading', { name: 'پاسخ پذیرفته‌شده', exact: true })).toBeVisible();
    await expect(answer.locator('#post-2')).toContainText('nvm');
    // In the list of replies only a pointer to it remains.
    await expect(page.locator('.replies .stub')).toContainText('سارا مشتری');

    // Vote with JavaScript: no reload, counted once however often it is sent.
    const vote = answer.locator('form[data-forum-vote]');
    const button = vote.getByRole('button', { name: 'مفید بود' });
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect(vote.locator('.score')).toHaveText('۱ رأی');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    const postId = await vote.locator('input[name="postId"]').inputValue();
    const again = await page.request.post('/_actions/forum.vote/', {
      form: { postId, locale: 'fa' },
      headers: { Origin: baseURL! },
    });
    expect(again.status()).toBe(200);
    await page.reload();
    await expect(page.locator('section.answer .score')).toHaveText('۱ رأی');
    await expect(page.locator('section.answer form[data-forum-vote] button')).toHaveAttribute('aria-pressed', 'true');
    await context.close();

    // The answerer cannot vote for their own answer, even by posting directly.
    const member = await requests.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
    expect(
      (
        await member.post('/en/account/signin/', {
          form: { email: 'member@pasokh.example', password: passwords.member },
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(303);
    const own = await member.post('/_actions/forum.vote/', { form: { postId, locale: 'en' } });
    expect(own.status()).toBe(403);
    expect((await own.json()).message).toBe('You cannot vote for your own post.');
    await member.dispose();

    // QAPage data for the thread: the accepted answer, its vote.
    const anonymous = await browser.newPage();
    await anonymous.goto(path);
    const [qa] = (await jsonLd(anonymous)).filter((d) => d['@type'] === 'QAPage');
    expect(qa?.mainEntity.name).toBe(title);
    expect(qa?.mainEntity.acceptedAnswer.text).toContain('nvm install --lts');
    expect(qa?.mainEntity.acceptedAnswer.upvoteCount).toBe(1);
    expect(qa?.mainEntity.answerCount).toBe(1);
    await anonymous.close();
  });

  test('with JavaScript a reply needs no reload; edits show "edited" to everyone', async ({ browser, baseURL }) => {
    const { context, page } = await browse(browser, baseURL!, 'moderator');
    const errors = collectErrors(page);
    await page.goto(path);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const form = page.locator('#reply-form');
    await form
      .locator('textarea')
      .fill('اگر **sudo** را لازم دارید، فقط `sudo chown -R $USER ~/.npm` را یک بار اجرا کنید.');
    await form.getByRole('button', { name: 'پیش‌نمایش' }).click();
    await expect(form.locator('[data-editor-preview-box] strong')).toHaveText('sudo');
    await form.getByRole('button', { name: 'ارسال پاسخ' }).click();
    await expect(page.locator('#post-3')).toContainText('~/.npm');
    await expect(page.locator('#post-3')).toBeFocused();
    await expect(form.locator('textarea')).toHaveValue('');
    await expect(page.locator('#replies-title')).toHaveText('۲ پاسخ');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    // Watching: a toggle button, no reload either.
    const watch = page.locator('#watch button');
    await expect(watch).toHaveAttribute('aria-pressed', 'false');
    await watch.click();
    await expect(watch).toHaveAttribute('aria-pressed', 'true');
    expect(errors).toEqual([]);

    // Edit the new reply: readers see that it was edited.
    await page.locator('#post-3').getByRole('link', { name: 'ویرایش' }).click();
    await expect(page).toHaveURL(/\/edit\/\d+\/$/);
    expect(await seriousViolations(page), 'edit page').toEqual([]);
    await page
      .locator('#edit-form textarea')
      .fill('فقط یک بار `sudo chown -R $USER ~/.npm` را اجرا کنید؛ بعد از آن sudo لازم نیست.');
    await page.getByRole('button', { name: 'ذخیرهٔ تغییرات' }).click();
    await expect(page).toHaveURL(/#post-3$/);
    await context.close();
    const anonymous = await browser.newPage();
    await anonymous.goto(path);
    await expect(anonymous.locator('#post-3 .edited')).toHaveText('ویرایش‌شده');
    await expect(anonymous.locator('#post-3')).toContainText('بعد از آن sudo لازم نیست');
    await anonymous.close();
  });

  test('mixed Persian and English: dir="auto" blocks, code left to right; screenshots', async ({ page }) => {
    await page.goto(path);
    const body = page.locator('#post-1 .post-body');
    await expect(body).toHaveAttribute('dir', 'auto');
    for (const p of await body.locator('p').all()) await expect(p).toHaveAttribute('dir', 'auto');
    const pre = body.locator('pre');
    await expect(pre).toHaveAttribute('dir', 'ltr');
    expect(await pre.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    expect(
      await body
        .locator('p')
        .first()
        .evaluate((el) => getComputedStyle(el).direction),
    ).toBe('rtl');
    // The code block's text starts at its left edge, in a right-to-left page.
    const [preBox, codeBox] = await Promise.all([pre.boundingBox(), pre.locator('code').boundingBox()]);
    expect(codeBox!.x - preBox!.x).toBeLessThan(40);
    expect(await seriousViolations(page), 'mixed thread').toEqual([]);
    await screenshot(page, { path: 'tests/e2e/screenshots/forum-thread-fa.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, { path: 'tests/e2e/screenshots/forum-thread-fa-mobile.png', fullPage: true });
  });

  test('a hidden reply is a placeholder for readers; moderators still read it, marked', async ({
    browser,
    baseURL,
  }) => {
    const anonymous = await browser.newPage();
    await anonymous.goto(path);
    const postId = Number(await anonymous.locator('#post-3').getAttribute('data-post'));
    const db = openDatabase('data/e2e.db');
    try {
      const outcome = await hidePost(db, await user(db, 'admin@pasokh.example'), postId, 'e2e: off topic');
      expect(outcome.ok).toBe(true);
    } finally {
      await db.destroy();
    }
    // The hide was written to the database from outside the server, which its anonymous cache
    // cannot know about for up to 10 s (a moderator's hide through the site empties it at once):
    // ask for an address the cache has not seen.
    await anonymous.goto(`${path}?after-hide`);
    await expect(anonymous.locator('#post-3 .placeholder')).toHaveText('این نوشته را یکی از ناظران پنهان کرده است.');
    await expect(anonymous.locator('#post-3')).not.toContainText('chown');
    await anonymous.close();
    const { context, page } = await browse(browser, baseURL!, 'admin');
    await page.goto(path);
    await expect(page.locator('#post-3 .badge-warn')).toHaveText('پنهان');
    await expect(page.locator('#post-3 .post-body')).toContainText('chown');
    await context.close();
  });

  test('too many replies in an hour: a clear, localized refusal (429) with the text kept', async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await browse(browser, baseURL!, 'member', false);
    const { threadId } = await ask(
      'moderator@pasokh.example',
      'ru',
      'technical',
      'Проверка лимита ответов: сколько можно',
      'Тема для проверки ограничения частоты ответов.',
    );
    // The demo member is an established member (trust level 1: 120 replies an hour). Spend all
    // but a few of this hour's replies in the database, the rest through the action endpoint.
    const db = openDatabase('data/e2e.db');
    try {
      const member = await user(db, 'member@pasokh.example');
      const max = FORUM_RATE_LIMITS.reply.member.max;
      await db
        .insertInto('rate_limits')
        .values({ key: `forum:reply:user:${member.id}`, window_start: Date.now(), count: max - 3 })
        .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: Date.now(), count: max - 3 }))
        .execute();
    } finally {
      await db.destroy();
    }
    // The action takes the form's spam-defence stamp, as the page's own form sends it.
    await page.goto(`/ru/community/t/${threadId}/`);
    const formStamp = await page.locator('#reply-form input[name="form_stamp"]').inputValue();
    for (let i = 0; i < 40; i++) {
      const response = await page.request.post('/_actions/forum.reply/', {
        form: { threadId: String(threadId), body: `Ответ номер ${i}`, locale: 'ru', form_stamp: formStamp },
        headers: { Origin: baseURL! },
      });
      if (response.status() === 429) break;
      expect(response.status()).toBe(200);
    }
    await page.goto(`/ru/community/t/${threadId}/`);
    await page.locator('#reply-form textarea').fill('Ещё один ответ, который не пройдёт');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Отправить ответ' }).click(),
    ]);
    expect(response.status()).toBe(429);
    // An anti-spam refusal is one alert for the form (not on the field), saying the text is kept.
    await expect(page.locator('#reply-form').getByRole('alert')).toHaveText(
      /^Слишком часто\. Попробуйте снова через \d+ минут[уы]?\. Ваш текст сохранён\.$/,
    );
    await expect(page.locator('#reply-form textarea')).not.toHaveAttribute('aria-invalid');
    await expect(page.locator('#reply-form textarea')).toHaveValue('Ещё один ответ, который не пройдёт');
    await context.close();
  });
});

test('screenshots: community home and a thread in fa and ru', async ({ page }) => {
  for (const locale of ['fa', 'ru'] as const) {
    await page.goto(`/${locale}/community/`);
    await screenshot(page, { path: `tests/e2e/screenshots/forum-home-${locale}.png`, fullPage: true });
    await page.goto(`/${locale}/community/account/?list=solved`);
    await page.locator('.thread-title a').first().click();
    await screenshot(page, { path: `tests/e2e/screenshots/forum-thread-seeded-${locale}.png`, fullPage: true });
  }
  await page.goto('/fa/community/u/1/');
  await screenshot(page, { path: 'tests/e2e/screenshots/forum-profile-fa.png', fullPage: true });
});

test('an account with no visible post has no public profile (404 in fa and en); its owner sees it, and its first question makes it public', async ({
  browser,
  baseURL,
}) => {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const email = `fresh-${tag}@forum.example`;
  const password = `fresh-${tag}-pass`;
  const db = openDatabase('data/e2e.db');
  const fresh = await (async () => {
    try {
      const { id } = await createOrPromoteUser(db, {
        email,
        role: 'member',
        name: `Fresh ${tag.slice(-6)}`,
        password,
        locale: 'en',
      });
      // Trust level 1: the first question is published at once, not held for approval.
      await db.updateTable('users').set({ trust_level: 1 }).where('id', '=', id).execute();
      return await db
        .selectFrom('users')
        .select(['id', 'display_name', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    } finally {
      await db.destroy();
    }
  })();
  const anonymous = await browser.newContext();
  const reader = await anonymous.newPage();
  for (const locale of ['fa', 'en'] as const) {
    const response = await reader.goto(`/${locale}/community/u/${fresh.id}/`);
    expect(response?.status(), locale).toBe(404);
    await expect(reader.locator('body')).not.toContainText(fresh.display_name);
  }
  // The owner, signed in, sees their own (empty) profile.
  const own = await browser.newContext();
  const ownPage = await own.newPage();
  const signedIn = await ownPage.request.post('/en/account/signin/', {
    form: { email, password },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(signedIn.status()).toBe(303);
  const { t } = useTranslations('fa');
  expect((await ownPage.goto(`/fa/community/u/${fresh.id}/`))?.status()).toBe(200);
  await expectLangAndDir(ownPage, 'fa');
  await expect(ownPage.locator('h1')).toHaveText(fresh.display_name);
  await expect(
    ownPage.getByText(t('forum.profile.joined', { date: formatDate('fa', new Date(timestampMs(fresh.created_at))) })),
  ).toBeVisible();
  await expect(ownPage.getByText(t('forum.profile.noThreads'))).toBeVisible();
  await own.close();
  // A first (visible) question: now any reader may open the profile.
  await ask(
    email,
    'en',
    'billing',
    `Fresh member question ${tag}`,
    'Where can I download last month’s invoice as a PDF?',
  );
  expect((await reader.goto(`/en/community/u/${fresh.id}/?after-post`))?.status()).toBe(200);
  await expect(reader.locator('h1')).toHaveText(fresh.display_name);
  await anonymous.close();
});

test('a reply box left open for hours swaps in a fresh form stamp before the old one expires', async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await browse(browser, baseURL!, 'member');
  await page.clock.install();
  await page.goto('/en/community/');
  await page.locator('.thread-title a').first().click();
  const stamp = page.locator('input[name="form_stamp"]').first();
  const shown = await stamp.inputValue();
  expect(shown).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/);
  // Less than an hour: the stamp is kept (the minimum time to submit still counts from the view).
  await page.clock.fastForward('50:00');
  await page.waitForTimeout(300);
  expect(await stamp.inputValue()).toBe(shown);
  // Two hours on (the stamp lasts four): the page has fetched a fresh one from /api/form-stamp/.
  await page.clock.fastForward('01:10:00');
  await expect.poll(() => stamp.inputValue()).not.toBe(shown);
  expect(await stamp.inputValue()).toMatch(/^\d+\.[A-Za-z0-9_-]{22}$/);
  await context.close();
});

for (const [locale, javaScriptEnabled, viewport] of [
  ['fa', true, { width: 390, height: 844 }],
  ['fa', false, { width: 1280, height: 800 }],
  ['ru', true, { width: 1280, height: 800 }],
  ['en', false, { width: 390, height: 844 }],
] as const) {
  test(`${locale}, ${javaScriptEnabled ? 'with' : 'without'} JavaScript, ${viewport.width}px: the watch button says "Watching" or "Watch" with aria-pressed, and keeps it after a reload`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const email = `watcher-${tag}@forum.example`;
    const password = `watcher-${tag}-pass`;
    // Two fresh members: an asker watches their own thread from the start, so the watcher is someone else.
    const askerEmail = `asker-${tag}@forum.example`;
    const db = openDatabase('data/e2e.db');
    try {
      for (const [address, name] of [
        [email, 'Watcher'],
        [askerEmail, 'Asker'],
      ] as const) {
        const { id } = await createOrPromoteUser(db, {
          email: address,
          role: 'member',
          name: `${name} ${tag.slice(-6)}`,
          password,
          locale,
        });
        await db.updateTable('users').set({ trust_level: 1 }).where('id', '=', id).execute();
      }
    } finally {
      await db.destroy();
    }
    const asked = await ask(
      askerEmail,
      locale,
      'account',
      `${t('forum.thread.watch')} ${tag}`,
      `Watch button check ${tag}`,
    );
    const context = await browser.newContext({ javaScriptEnabled, viewport });
    const page = await context.newPage();
    const errors = collectErrors(page);
    expect(
      (
        await page.request.post('/en/account/signin/', {
          form: { email, password },
          headers: { Origin: baseURL! },
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(303);
    await page.goto(`/${locale}/community/t/${asked.threadId}/${encodeURIComponent(asked.slug)}/`);
    const watch = page.locator('#watch button');
    const is = async (on: boolean) => {
      await expect(watch).toHaveAttribute('aria-pressed', String(on));
      await expect(watch).toHaveText(t(on ? 'forum.thread.watching' : 'forum.thread.watch'));
      await expect(watch).toHaveAccessibleName(t(on ? 'forum.thread.watching' : 'forum.thread.watch'));
    };
    await is(false);
    if (javaScriptEnabled) await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await watch.click();
    await is(true);
    // With JavaScript no reload happened; without, the form post came back to the button.
    if (javaScriptEnabled) expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    else await expect(page).toHaveURL(/#watch$/);
    await screenshot(page, {
      path: `/tmp/shots-i14-staff-queue/watch-${locale}-${javaScriptEnabled ? 'js' : 'nojs'}-${viewport.width}.png`,
    });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    await page.reload();
    await is(true);
    // axe is slow; once per language with script is enough for this one button.
    if (javaScriptEnabled) expect(await seriousViolations(page)).toEqual([]);
    await watch.click();
    await is(false);
    await page.reload();
    await is(false);
    expect(errors).toEqual([]);
    await context.close();
  });
}
