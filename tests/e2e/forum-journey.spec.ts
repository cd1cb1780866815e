// The whole community journey, once in Persian and once in Russian, all through the pages a
// customer uses: a member asks (seeing an "already answered?" suggestion on the way), another
// member answers, the asker accepts, and the solved question is found by the site search.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { openDatabase } from '../../src/lib/db/index.ts';
import { useTranslations } from '../../src/i18n/index.ts';
import { collectErrors, expectLangAndDir, seriousViolations } from './helpers.ts';

const samples = {
  fa: {
    category: 'پرداخت و صورتحساب',
    // Typed first: an answered question with these words exists in the demo forum.
    typed: 'فاکتور رسمی برای شرکت',
    title: (ticket: string) => `فاکتور رسمی سفارش ${ticket} را چطور دریافت کنم؟`,
    body: (ticket: string) =>
      `برای سفارش ${ticket} فاکتور رسمی با کد اقتصادی شرکت لازم دارم. در صفحهٔ سفارش فقط رسید ساده هست.`,
    answer:
      'در صفحهٔ **سفارش‌ها** روی «درخواست فاکتور رسمی» بزنید و کد اقتصادی را وارد کنید؛ فاکتور تا یک روز کاری ایمیل می‌شود.',
  },
  ru: {
    category: 'Аккаунт и вход',
    typed: 'Не приходит письмо',
    title: (ticket: string) => `Не приходит письмо с кодом входа, заявка ${ticket}`,
    body: (ticket: string) => `Код для входа не приходит уже час, папку «Спам» проверил. Заявка ${ticket}.`,
    answer:
      'Проверьте, что адрес в профиле указан без опечаток, и добавьте **no-reply@pasokh.example** в контакты — после этого письмо приходит за минуту.',
  },
} as const;

/** Two fresh, established members per run (the demo accounts' hourly limits are spent by other tests). */
async function newMember(label: string): Promise<{ email: string; password: string }> {
  const email = `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@journey.example`;
  const password = `journey-${Math.random().toString(36).slice(2)}-pass`;
  const db = openDatabase('data/e2e.db');
  try {
    const { id } = await createOrPromoteUser(db, {
      email,
      role: 'member',
      password,
      name: `${label} ${Math.floor(Math.random() * 1e6)}`,
    });
    await db
      .updateTable('users')
      .set({ email_verified_at: new Date().toISOString(), trust_level: 1 })
      .where('id', '=', id)
      .execute();
  } finally {
    await db.destroy();
  }
  return { email, password };
}

async function signedIn(
  browser: Browser,
  baseURL: string,
  account: { email: string; password: string },
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.request.post('/en/account/signin/', {
    form: account,
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${account.email}`).toBe(303);
  return page;
}

for (const locale of ['fa', 'ru'] as const) {
  test(`${locale}: ask seeing a suggestion, post, another member answers, the asker accepts, the site search finds it solved`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const sample = samples[locale];
    const ticket = String(Date.now()).slice(-7);
    const title = sample.title(ticket);

    // The asker types, sees that the question may be answered already, and asks anyway.
    const asker = await signedIn(browser, baseURL!, await newMember('asker'));
    const errors = collectErrors(asker);
    await asker.goto(`/${locale}/community/new/`);
    await expectLangAndDir(asker, locale);
    await asker.getByLabel(t('forum.composer.category'), { exact: true }).selectOption({ label: sample.category });
    const titleBox = asker.getByRole('textbox', { name: t('forum.composer.titleLabel') });
    await titleBox.click();
    await titleBox.pressSequentially(sample.typed, { delay: 15 });
    const suggestions = asker.locator('[data-suggestions]');
    await expect(suggestions.locator('a.suggestion').first()).toBeVisible();
    await titleBox.fill(title);
    await asker.getByRole('combobox', { name: t('forum.composer.bodyLabel') }).fill(sample.body(ticket));
    await asker.getByRole('button', { name: t('forum.composer.submit') }).click();
    await expect(asker).toHaveURL(new RegExp(`/${locale}/community/t/\\d+/[^/]+/$`));
    await expect(asker.getByRole('heading', { level: 1 })).toHaveText(title);
    const threadUrl = asker.url();

    // Another member answers, with JavaScript (no reload).
    const helper = await signedIn(browser, baseURL!, await newMember('helper'));
    await helper.goto(threadUrl);
    const form = helper.locator('#reply-form');
    await form.getByLabel(t('forum.editor.replyLabel')).fill(sample.answer);
    await form.getByRole('button', { name: t('forum.editor.submitReply') }).click();
    await expect(helper.locator('#post-2')).toContainText(sample.answer.replace(/\*\*/g, '').slice(0, 20));
    await helper.context().close();

    // The asker accepts it: the thread is solved and the answer sits under the question.
    await asker.goto(threadUrl);
    await asker
      .locator('#post-2')
      .getByRole('button', { name: t('forum.post.accept') })
      .click();
    await expect(asker.locator('.thread-head .badge-solved')).toHaveText(t('forum.badge.solved'));
    await expect(asker.locator('section.answer #post-2')).toBeVisible();
    expect(await seriousViolations(asker)).toEqual([]);
    expect(errors).toEqual([]);
    await asker.context().close();

    // Anyone finds it in the site search, in the community section, marked solved.
    const reader = await browser.newPage();
    await reader.goto(`/${locale}/search/?q=${ticket}`);
    const hit = reader.locator('[data-source="community"] a.thread-hit');
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('.hit-title')).toHaveText(title);
    await expect(hit).toContainText(t('forum.badge.solved'));
    await expect(hit).toHaveAttribute('href', new URL(threadUrl).pathname);
    await reader.close();
  });
}
