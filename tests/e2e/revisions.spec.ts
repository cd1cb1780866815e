// A post's earlier versions show what each edit changed (a word diff with <ins>/<del> and words
// for screen readers), not the whole Markdown twice; in Persian (RTL) and Russian, on a desktop
// and a phone, light and dark.
import { expect, test, type BrowserContext } from '@playwright/test';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { openDatabase } from '../../src/lib/db/index.ts';
import { editPost } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { useTranslations } from '../../src/i18n/index.ts';
import { collectErrors, expectLangAndDir, screenshot, seriousViolations, sessionUserByEmail } from './helpers.ts';

const samples = {
  fa: {
    title: 'پرداخت با کارت بانکی ناموفق است',
    newTitle: 'پرداخت با کارت بانکی انجام نمی‌شود',
    body: 'پرداخت با کارت ملت انجام نمی‌شود و پیام خطای ۵۰۲ می‌آید.',
    edit: 'پرداخت با کارت ملت انجام نمی‌شود و پیام «تراکنش نامعتبر» می‌آید. <b>فوری</b>',
    removed: 'خطای ۵۰۲',
    added: '«تراکنش نامعتبر»',
  },
  ru: {
    title: 'Не проходит оплата картой',
    newTitle: 'Оплата картой не проходит с ошибкой',
    body: 'Оплата картой не проходит, банк пишет «ошибка 502».',
    edit: 'Оплата картой не проходит, банк пишет «транзакция отклонена». <b>срочно</b>',
    removed: 'ошибка 502',
    added: 'транзакция отклонена',
  },
} as const;

/** A member who asked a question and edited it twice (body, then body and title). */
async function editedQuestion(locale: 'fa' | 'ru') {
  const sample = samples[locale];
  const email = `reviser-${locale}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@revisions.example`;
  const password = `revisions-${Math.random().toString(36).slice(2)}-pass`;
  const db = openDatabase('data/e2e.db');
  try {
    const { id } = await createOrPromoteUser(db, {
      email,
      role: 'member',
      password,
      name: `reviser ${locale} ${Math.floor(Math.random() * 1e6)}`,
      locale,
    });
    await db
      .updateTable('users')
      .set({ email_verified_at: new Date().toISOString(), trust_level: 1 })
      .where('id', '=', id)
      .execute();
    const user = await sessionUserByEmail(db, email);
    const category = await db
      .selectFrom('forum_categories')
      .select('id')
      .orderBy('position')
      .limit(1)
      .executeTakeFirstOrThrow();
    const asked = await createThread(db, user, {
      locale,
      categoryId: category.id,
      title: sample.title,
      body: sample.body,
    });
    if (!asked.ok) throw new Error(`ask: ${JSON.stringify(asked)}`);
    const first = await editPost(db, user, asked.postId, { body: sample.edit });
    const second = await editPost(db, user, asked.postId, { body: `${sample.edit}\n\n+1`, title: sample.newTitle });
    if (!first.ok || !second.ok) throw new Error(`edit: ${JSON.stringify([first, second])}`);
    return {
      account: { email, password },
      path: `/${locale}/community/t/${asked.threadId}/${asked.slug}/revisions/${asked.postId}/`,
    };
  } finally {
    await db.destroy();
  }
}

for (const locale of ['fa', 'ru'] as const) {
  test.describe(locale, () => {
    const { t } = useTranslations(locale);
    const sample = samples[locale];
    let path = '';
    let storageState: Awaited<ReturnType<BrowserContext['storageState']>>;
    test.beforeAll(async ({ browser, baseURL }) => {
      const question = await editedQuestion(locale);
      path = question.path;
      const signedIn = await browser.newContext();
      const signin = await signedIn.request.post('/en/account/signin/', {
        form: question.account,
        headers: { Origin: baseURL! },
        maxRedirects: 0,
      });
      expect(signin.status()).toBe(303);
      storageState = await signedIn.storageState();
      await signedIn.close();
    });

    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      test(`${locale} ${width}px: revisions show each edit as a word diff with <ins>/<del> and words for screen readers`, async ({
        browser,
      }) => {
        const context = await browser.newContext({ viewport: { width, height }, storageState });
        const page = await context.newPage();
        const errors = collectErrors(page);
        await page.goto(path);
        await expectLangAndDir(page, locale);

        // Edit 1 (the older one, last on the page): the body's changed words only.
        const edit1 = page
          .locator('section.edit')
          .filter({ has: page.getByRole('heading', { name: new RegExp(t('forum.revisions.edit', { n: 1 })) }) });
        await expect(edit1.locator('del')).toContainText([sample.removed]);
        await expect(edit1.locator('ins').first()).toContainText(sample.added);
        // Said in words, not by colour alone; the Markdown's own tags are text, never HTML.
        await expect(edit1.locator('ins .visually-hidden').first()).toHaveText(t('forum.revisions.addedStart'));
        await expect(edit1.locator('del .visually-hidden').first()).toHaveText(t('forum.revisions.removedStart'));
        await expect(edit1.locator('ins', { hasText: '<b>' })).toHaveCount(1);
        await expect(page.locator('.diff b')).toHaveCount(0);
        // Unchanged words are not repeated as changes.
        await expect(edit1.locator('ins, del').filter({ hasText: sample.body.split(' ')[0]! })).toHaveCount(0);

        // Edit 2 changed the title too: the title's diff is shown.
        const edit2 = page
          .locator('section.edit')
          .filter({ has: page.getByRole('heading', { name: new RegExp(t('forum.revisions.edit', { n: 2 })) }) });
        await expect(edit2.locator('.diff')).toHaveCount(2);
        await expect(edit2.locator('ins', { hasText: '+1' })).toHaveCount(1);

        expect(
          await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
          'no sideways scroll',
        ).toBe(true);
        if (width === 1280) expect(await seriousViolations(page)).toEqual([]);
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          await screenshot(page, {
            path: `/tmp/shots-i14-staff-screens/revisions-${locale}-${width}-${colorScheme}.png`,
            fullPage: true,
          });
        }
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  });
}
