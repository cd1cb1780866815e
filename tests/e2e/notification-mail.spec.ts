// Notifications by e-mail (issue 20): a member changes a preference on the account page, another
// member replies to their question, and one mail reaches the outbox after the batch window
// (NOTIFY_MAIL_DELAY_MS, 1.5 s on the e2e server) with RFC 8058 headers; the one-click POST, with
// no session and no Origin, unsubscribes. The preferences and unsubscribe pages pass axe and are
// photographed in fa, ru and en, desktop and phone, light and dark.
import { expect, test } from '@playwright/test';
import { reply } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { mailPrefs } from '../../src/lib/notification-mail/preferences.ts';
import { unsubscribeToken } from '../../src/lib/notification-mail/unsubscribe.ts';
import { useTranslations, type Locale } from '../../src/i18n/index.ts';
import {
  collectErrors,
  expectLangAndDir,
  screenshot,
  seriousViolations,
  sessionUserByEmail,
  withDb,
} from './helpers.ts';
import { mailHeader, mailTo, newMember, screenshotSizes, signInMember } from './member-mail.ts';

const locales: Locale[] = ['fa', 'ru', 'en'];

test('a preference, a reply, one batched mail after the window; one-click unsubscribe without session or Origin', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  const asker = await newMember('asker', 'fa');
  const helper = await newMember('helper', 'en');
  await signInMember(page, baseURL!, asker);

  // The preference: replies in watched threads once a day (replies to my own question stay at once).
  const fa = useTranslations('fa').t;
  await page.goto('/fa/account/email/');
  await expectLangAndDir(page, 'fa');
  await page
    .getByRole('group', { name: fa('account.email.kind.replyWatched') })
    .getByRole('radio', { name: fa('account.email.mode.daily') })
    .check();
  await page.getByRole('button', { name: fa('account.email.submit') }).click();
  await expect(page.locator('.notice-success')).toHaveText(fa('account.email.saved'));
  await page.goto('/fa/account/email/');
  await expect(
    page
      .getByRole('group', { name: fa('account.email.kind.replyWatched') })
      .getByRole('radio', { name: fa('account.email.mode.daily') }),
  ).toBeChecked();
  expect(await withDb((db) => mailPrefs(db, asker.id))).toMatchObject({
    replyWatched: 'daily',
    replyMine: 'immediately',
  });

  // The question and the reply (through lib/, as the forum's own specs test the forms).
  const since = Date.now();
  await withDb(async (db) => {
    const category = await db.selectFrom('forum_categories').select('id').orderBy('id').executeTakeFirstOrThrow();
    const me = await sessionUserByEmail(db, asker.email);
    const thread = await createThread(db, me, {
      locale: 'fa',
      categoryId: category.id,
      title: 'رسید پرداخت نیامد',
      body: 'دو بار پرداخت کردم و رسیدی نیامد.',
    });
    if (!thread.ok) throw new Error(JSON.stringify(thread));
    const answer = await reply(
      db,
      await sessionUserByEmail(db, helper.email),
      thread.threadId,
      'Look in **spam**, then ask support.',
    );
    if (!answer.ok) throw new Error(JSON.stringify(answer));
  });
  const mail = await mailTo(asker.email, since, (m) => m.headerLines.some((h) => h.key === 'list-unsubscribe'));
  expect(Date.now() - since).toBeGreaterThanOrEqual(1_000);
  expect(mail.subject).toContain('رسید پرداخت نیامد');
  expect(mail.text).toContain('Look in spam, then ask support.');
  expect(mail.html).toContain('dir="rtl"');
  expect(mailHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const [oneClickUrl, mailto] = [...mailHeader(mail, 'list-unsubscribe').matchAll(/<([^>]+)>/g)].map((m) => m[1]!);
  expect(oneClickUrl).toMatch(new RegExp(`^${baseURL}/api/unsubscribe/\\?token=[\\w.-]+$`));
  expect(mailto).toMatch(/^mailto:unsubscribe@pasokh\.example\?subject=unsubscribe%20/);

  // The mail client's one-click POST: a fresh context, no cookie, no Origin.
  const client = await page.context().browser()!.newContext({ baseURL });
  const oneClick = await client.request.post(oneClickUrl!, {
    multipart: { 'List-Unsubscribe': 'One-Click' },
    maxRedirects: 0,
  });
  await client.close();
  expect(oneClick.status()).toBe(200);
  expect((await withDb((db) => mailPrefs(db, asker.id))).replyMine).toBe('off');

  expect(errors).toEqual([]);
});

for (const locale of locales)
  test(`the preferences and unsubscribe pages in ${locale}: axe, screenshots; the button unsubscribes`, async ({
    page,
    baseURL,
  }) => {
    // About 10 s on a quiet machine; the ceiling is for a loaded one (axe is most of it).
    test.setTimeout(60_000);
    const errors = collectErrors(page);
    const member = await newMember(`reader-${locale}`, locale);
    await signInMember(page, baseURL!, member);
    const t = useTranslations(locale).t;
    await page.goto(`/${locale}/account/email/`);
    await expectLangAndDir(page, locale);
    // Five kinds of notification and the weekly digest (off).
    await expect(page.getByRole('radio', { checked: true })).toHaveCount(6);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, `notify-prefs-${locale}`);

    // The unsubscribe page asks first (opening it changes nothing); its button does it.
    const token = await withDb((db) => unsubscribeToken(db, member.id, ['mention', 'accepted']));
    await page.goto(`/${locale}/account/unsubscribe/?token=${token}`);
    await expectLangAndDir(page, locale);
    expect(await withDb((db) => mailPrefs(db, member.id))).toMatchObject({ mention: 'immediately' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, `notify-unsubscribe-${locale}`);
    await page.getByRole('button', { name: t('account.unsubscribe.submit') }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/account/unsubscribe/\\?token=`));
    await expect(page.locator('.notice-success')).toContainText(t('account.unsubscribe.done'));
    await screenshot(page, { path: `tests/e2e/screenshots/notify-unsubscribe-done-${locale}-desktop-light.png` });
    expect(await withDb((db) => mailPrefs(db, member.id))).toMatchObject({
      mention: 'off',
      accepted: 'off',
      moderation: 'immediately',
    });
    expect(errors).toEqual([]);
    // A forged token: a clear message (and a 400, which the browser reports as a console error).
    await page.goto(`/${locale}/account/unsubscribe/?token=${token.slice(0, -3)}abc`);
    await expect(page.locator('.notice-error')).toHaveText(t('account.unsubscribe.invalid'));
  });
