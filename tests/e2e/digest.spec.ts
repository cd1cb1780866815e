// The weekly digest (issue 20): a member follows a community category and an article category with
// the "Follow" buttons (plain form posts), turns the digest on at /{locale}/account/email/, and
// once a thread in that category is solved the planner (run here as the worker runs it, with the
// build's content status) plans their week; the server's delivery worker sends it to the outbox,
// in Persian, right to left, with RFC 8058 headers, and the mail's unsubscribe link turns the
// digest off. The changed pages pass axe and are photographed in fa, ru and en, desktop and phone,
// light and dark.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { builtContentStatus } from '../../src/lib/content/built-articles.ts';
import { planDigests } from '../../src/lib/digest/plan.ts';
import { digestEnabled } from '../../src/lib/digest/preference.ts';
import { followsOf } from '../../src/lib/follows/follows.ts';
import { acceptAnswer } from '../../src/lib/forum/answers.ts';
import { reply } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { useTranslations, type Locale } from '../../src/i18n/index.ts';
import categories from '../../content/categories.json' with { type: 'json' };
import { collectErrors, expectLangAndDir, seriousViolations, sessionUserByEmail, withDb } from './helpers.ts';
import { mailHeader, mailTo, newMember, screenshotSizes, signInMember } from './member-mail.ts';

const locales: Locale[] = ['fa', 'ru', 'en'];
const articleCategory = categories[0]!.id;

const forumCategory = () =>
  withDb((db) => db.selectFrom('forum_categories').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow());

test('follow two categories, turn the digest on, the planned digest reaches the outbox; its link unsubscribes', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const errors = collectErrors(page);
  const member = await newMember('digest', 'fa');
  const helper = await newMember('helper', 'en');
  await signInMember(page, baseURL!, member);
  const t = useTranslations('fa').t;
  const category = await forumCategory();

  // Follow the community category: the button posts, the follow page says so.
  await page.goto(`/fa/community/${category.slug}/`);
  await page.getByRole('button', { name: t('follow.follow') }).click();
  await expect(page).toHaveURL(new RegExp(`/fa/account/follow/\\?kind=community&category=${category.slug}$`));
  await expect(page.locator('.notice-success')).toBeVisible();
  await expect(page.getByText(t('follow.digestOff'))).toBeVisible();
  // Back on the category page it reads "Unfollow".
  await page.goto(`/fa/community/${category.slug}/`);
  await expect(page.getByRole('button', { name: t('follow.unfollow') })).toBeVisible();
  // And the article category: a prerendered page, the same HTML for everyone, whose script asks
  // for the member's state; back on it after following, it reads "Unfollow" too.
  await page.goto(`/fa/${articleCategory}/`);
  await page.getByRole('button', { name: t('follow.follow') }).click();
  await expect(page.locator('.notice-success')).toBeVisible();
  await page.goto(`/fa/${articleCategory}/`);
  await expect(page.getByRole('button', { name: t('follow.unfollow') })).toBeVisible();
  expect((await withDb((db) => followsOf(db, member.id))).map((f) => [f.kind, f.category])).toEqual([
    ['community', category.slug],
    ['articles', articleCategory],
  ]);

  // Turn the digest on.
  await page.goto('/fa/account/email/');
  await expect(page.locator('#follows li')).toHaveCount(2);
  await page
    .getByRole('group', { name: t('account.email.digest.legend') })
    .getByRole('radio', { name: t('account.email.digest.weekly') })
    .check();
  await page.getByRole('button', { name: t('account.email.submit') }).click();
  await expect(page.locator('.notice-success')).toHaveText(t('account.email.saved'));
  expect(await withDb((db) => digestEnabled(db, member.id))).toBe(true);

  // A thread in the followed category is solved this week.
  const title = `کارت بانکی در پرداخت رد شد ${Date.now()}`;
  await withDb(async (db) => {
    const asker = await sessionUserByEmail(db, helper.email);
    const thread = await createThread(db, asker, {
      locale: 'fa',
      categoryId: category.id,
      title,
      body: 'کارتم هنگام پرداخت رد شد و پیامی هم نیامد.',
    });
    if (!thread.ok) throw new Error(JSON.stringify(thread));
    const answer = await reply(db, await sessionUserByEmail(db, member.email), thread.threadId, 'از بانک بپرسید.');
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    const accepted = await acceptAnswer(db, asker, answer.postId);
    if (!accepted.ok) throw new Error(JSON.stringify(accepted));
  });

  // The planner, as the worker runs it once an hour; the server's worker sends what it planned.
  const since = Date.now();
  const status = builtContentStatus(join('dist', 'server'));
  const planned = await withDb(async (db) => planDigests(db, (await status()).groups));
  expect(planned).toBeGreaterThanOrEqual(1);
  // Planning again the same week adds nothing.
  expect(await withDb(async (db) => planDigests(db, (await status()).groups))).toBe(0);
  const mail = await mailTo(member.email, since, (m) => Boolean(m.subject?.startsWith('خلاصهٔ هفتگی')));
  expect(mail.subject).toMatch(/^خلاصهٔ هفتگی شما: [۰-۹]+ مورد تازه$/);
  expect(mail.text).toContain(title);
  expect(mail.text).toMatch(new RegExp(`${baseURL}/fa/community/t/\\d+/`));
  expect(mail.html).toContain('dir="rtl"');
  expect(mailHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  expect(mailHeader(mail, 'list-unsubscribe')).toMatch(
    new RegExp(`<${baseURL}/api/unsubscribe/\\?token=\\d+\\.digest\\.`),
  );

  // The mail's "stop the weekly digest" link: the page asks, its button turns the digest off.
  const stop = mail.text!.match(/https?:\/\/\S+\/fa\/account\/unsubscribe\/\?token=\S+/)![0];
  await page.goto(stop);
  await expect(page.getByText(t('account.email.kind.digest'))).toBeVisible();
  expect(await withDb((db) => digestEnabled(db, member.id))).toBe(true);
  await page.getByRole('button', { name: t('account.unsubscribe.submit') }).click();
  await expect(page.locator('.notice-success')).toContainText(t('account.unsubscribe.done'));
  expect(await withDb((db) => digestEnabled(db, member.id))).toBe(false);

  // Unfollow from the preferences page: back there, one follow fewer.
  await page.goto('/fa/account/email/');
  await page
    .getByRole('button', { name: t('account.email.follows.unfollowLabel', { category: categories[0]!.title.fa }) })
    .click();
  await expect(page).toHaveURL(/\/fa\/account\/email\/#follows$/);
  await expect(page.locator('#follows li')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('the follow page sends a signed-out reader to sign in first; a prerendered page asks nothing of the server for them', async ({
  page,
}) => {
  const category = await forumCategory();
  const asked: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/follows/') asked.push(request.url());
  });
  await page.goto(`/en/${articleCategory}/`);
  await expect(page.getByRole('button', { name: 'Follow' })).toBeVisible();
  await page.goto(`/en/community/${category.slug}/`);
  await page.getByRole('button', { name: 'Follow' }).click();
  await expect(page).toHaveURL(/\/en\/account\/signin\//);
  expect(asked).toEqual([]);
});

for (const locale of locales)
  test(`the follow buttons, the follow page and the e-mail page in ${locale}: axe, screenshots`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const errors = collectErrors(page);
    const member = await newMember(`reader-${locale}`, locale);
    await signInMember(page, baseURL!, member);
    const t = useTranslations(locale).t;
    const category = await forumCategory();

    await page.goto(`/${locale}/${articleCategory}/`);
    await expectLangAndDir(page, locale);
    await expect(page.getByRole('button', { name: t('follow.follow') })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, `digest-follow-articles-${locale}`);

    await page.goto(`/${locale}/community/${category.slug}/`);
    await page.getByRole('button', { name: t('follow.follow') }).click();
    await expectLangAndDir(page, locale);
    await expect(page.locator('.notice-success')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, `digest-follow-page-${locale}`);

    await page.goto(`/${locale}/community/${category.slug}/`);
    await expect(page.getByRole('button', { name: t('follow.unfollow') })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, `digest-follow-community-${locale}`);

    await page.goto(`/${locale}/account/email/`);
    await expectLangAndDir(page, locale);
    // Five kinds of notification and the digest, which is off until turned on.
    await expect(page.getByRole('radio', { checked: true })).toHaveCount(6);
    await expect(
      page
        .getByRole('group', { name: t('account.email.digest.legend') })
        .getByRole('radio', { name: t('account.email.mode.off') }),
    ).toBeChecked();
    await expect(page.locator('#follows li')).toHaveCount(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, `digest-prefs-${locale}`);
    expect(errors).toEqual([]);
  });
