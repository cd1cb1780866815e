// Usernames apart from display names, and @-mentions, in Persian (RTL) and English, on a desktop
// and a phone screen: sign-up asks for both (a second «علی رضایی» or "Jane Doe" joins; a
// look-alike username is refused with a localized message that keeps what was typed); the
// account page changes the display name; the composer and the reply box offer members to
// mention from the keyboard alone; the preview points out a mention that matches nobody; a
// member who never posted is mentioned as plain @username, not a link to a 404 profile.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { openDatabase } from '../../src/lib/db/index.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { useTranslations } from '../../src/i18n/index.ts';
import {
  collectErrors,
  expectLangAndDir,
  forgetSignUpLimits,
  seriousViolations,
  sessionUserByEmail,
} from './helpers.ts';

const screens = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
type Screen = keyof typeof screens;

/** Digits only, so a username made with it stays in one alphabet. */
const uniqueDigits = () => `${Date.now() % 1e7}${Math.floor(Math.random() * 1e3)}`;

interface Member {
  id: number;
  email: string;
  password: string;
  username: string;
  name: string;
}

/** An established, verified member straight in the test database. */
async function newMember(username: string, name: string, locale: 'fa' | 'en'): Promise<Member> {
  const email = `names-${uniqueDigits()}-${Math.random().toString(36).slice(2, 8)}@names.example`;
  const password = `names-${Math.random().toString(36).slice(2)}-pass`;
  const db = openDatabase('data/e2e.db');
  try {
    const { id } = await createOrPromoteUser(db, { email, role: 'member', username, name, password, locale });
    await db.updateTable('users').set({ trust_level: 1 }).where('id', '=', id).execute();
    return { id, email, password, username, name };
  } finally {
    await db.destroy();
  }
}

/** A question by `member` (so they have a visible post and a public profile); its path. */
async function questionBy(member: Member, locale: 'fa' | 'en', title: string): Promise<string> {
  const db = openDatabase('data/e2e.db');
  try {
    const user = await sessionUserByEmail(db, member.email);
    const category = await db
      .selectFrom('forum_categories')
      .select('id')
      .where('slug', '=', 'account')
      .executeTakeFirstOrThrow();
    const posted = await createThread(db, user, {
      locale,
      categoryId: category.id,
      title,
      body: `${title} — more details about it.`,
    });
    if (!posted.ok) throw new Error(`could not ask: ${JSON.stringify(posted)}`);
    return `/${locale}/community/t/${posted.threadId}/${encodeURIComponent(posted.slug)}/`;
  } finally {
    await db.destroy();
  }
}

async function signedIn(browser: Browser, baseURL: string, member: Member, screen: Screen): Promise<Page> {
  const context = await browser.newContext({ viewport: screens[screen] });
  const page = await context.newPage();
  const response = await page.request.post('/en/account/signin/', {
    form: { email: member.email, password: member.password },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${member.email}`).toBe(303);
  return page;
}

const combos: { locale: 'fa' | 'en'; screen: Screen }[] = [
  { locale: 'fa', screen: 'desktop' },
  { locale: 'fa', screen: 'phone' },
  { locale: 'en', screen: 'desktop' },
  { locale: 'en', screen: 'phone' },
];

/** No sideways scrolling: nothing is wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
}

// Sign-up is limited to 10 an hour per address, and the whole suite shares one: two runs here.
for (const { locale, screen } of [
  { locale: 'fa', screen: 'phone' },
  { locale: 'en', screen: 'desktop' },
] as const) {
  test(`${locale} ${screen}: sign-up asks for a username and a display name; a shared display name joins, a look-alike username is refused and the form keeps what was typed`, async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const tag = uniqueDigits();
    const shared = locale === 'fa' ? 'علی رضایی' : 'Jane Doe';
    // Already a member with that display name (and a username the new one will imitate).
    const first = await newMember(locale === 'fa' ? `علی_${tag}` : `jane_${tag}`, shared, locale);
    const lookalike = locale === 'fa' ? `علي_${tag}` : `JANE_${tag}`; // Arabic ي; capitals
    const chosen = locale === 'fa' ? `علی_رضایی_${tag}` : `jane.doe.${tag}`;
    const email = `signup-${tag}@names.example`;

    const context = await browser.newContext({ viewport: screens[screen] });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await forgetSignUpLimits();
    await page.goto(`/${locale}/account/signup/`);
    await expectLangAndDir(page, locale);
    const username = page.getByLabel(t('account.field.username'));
    await expect(page.locator('#field-username-help')).toHaveText(t('account.field.usernameHelp'));
    await page.getByLabel(t('account.field.email')).fill(email);
    await username.fill(lookalike);
    await page.getByLabel(t('account.field.name')).fill(shared);
    await page.getByLabel(t('account.field.password'), { exact: true }).fill('a long sign-up phrase');
    await page.getByRole('button', { name: t('account.signup.submit') }).click();

    await expect(page.locator('#field-username-error')).toHaveText(t('account.error.username.taken'));
    await expect(username).toHaveAttribute('aria-invalid', 'true');
    await expect(username).toHaveValue(lookalike);
    await expect(page.getByLabel(t('account.field.name'))).toHaveValue(shared);
    await expect(page.getByLabel(t('account.field.email'))).toHaveValue(email);
    // The display name is not the problem: the same name as another member is fine.
    await expect(page.locator('#field-name-error')).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
    await expectNoSidewaysScroll(page);

    await username.fill(chosen);
    await page.getByLabel(t('account.field.password'), { exact: true }).fill('a long sign-up phrase');
    await page.getByRole('button', { name: t('account.signup.submit') }).click();
    await expect(page.locator('.notice-success')).toBeVisible();

    const db = openDatabase('data/e2e.db');
    try {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('display_name', '=', shared)
        .where('id', '>=', first.id)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.username)).toEqual([first.username, chosen]);
    } finally {
      await db.destroy();
    }
    // The refused form is answered 422 on purpose; nothing else may fail.
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    await context.close();
  });
}

for (const { locale, screen } of [
  { locale: 'fa', screen: 'desktop' },
  { locale: 'en', screen: 'phone' },
] as const) {
  test(`${locale} ${screen}: the account page shows the username and changes the display name, keeping a refused one in the field`, async ({
    browser,
    baseURL,
  }) => {
    const { t } = useTranslations(locale);
    const tag = uniqueDigits();
    const member = await newMember(
      locale === 'fa' ? `مینا_${tag}` : `mina_${tag}`,
      locale === 'fa' ? 'مینا' : 'Mina',
      locale,
    );
    const page = await signedIn(browser, baseURL!, member, screen);
    await page.goto(`/${locale}/account/`);
    await expectLangAndDir(page, locale);
    await expect(page.locator('.facts')).toContainText(`@${member.username}`);
    const field = page.getByLabel(t('account.field.name'), { exact: true });
    await expect(field).toHaveValue(member.name);

    await field.fill('x');
    await page.getByRole('button', { name: t('account.displayName.submit') }).click();
    await expect(page.locator('#field-name-error')).toHaveText(t('account.error.name.tooShort'));
    await expect(field).toHaveValue('x');
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    const renamed = locale === 'fa' ? 'مینا کریمی' : 'Mina Karimi';
    await field.fill(renamed);
    await field.press('Enter');
    await expect(page.locator('.notice-success')).toHaveText(t('account.displayName.done'));
    await expect(page.locator('[data-display-name]')).toHaveText(renamed);
    await page.reload();
    await expect(page.locator('[data-display-name]')).toHaveText(renamed);
    await expect(page.locator('.facts')).toContainText(`@${member.username}`);
    expect(await seriousViolations(page)).toEqual([]);
    await expectNoSidewaysScroll(page);
    await page.context().close();
  });
}

for (const { locale, screen } of combos) {
  test(`${locale} ${screen}: @-autocomplete from the keyboard in the composer and the reply box, unknown mentions pointed out in the preview, a member who never posted mentioned as plain text`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const { t } = useTranslations(locale);
    const tag = uniqueDigits();
    const fa = locale === 'fa';
    // The poster has a question (a public profile); the quiet one has never posted.
    const poster = await newMember(
      fa ? `پرستو_${tag}` : `poster_${tag}`,
      fa ? `کیان${tag} نویسنده` : `Kit${tag} Poster`,
      locale,
    );
    const quiet = await newMember(fa ? `ساکت_${tag}` : `quiet_${tag}`, fa ? 'ساکت' : 'Quiet', locale);
    const writer = await newMember(fa ? `نویسا_${tag}` : `writer_${tag}`, fa ? 'نویسا' : 'Writer', locale);
    const threadPath = await questionBy(
      poster,
      locale,
      fa ? `پرسش دربارهٔ ورود ${tag}` : `A question about signing in ${tag}`,
    );
    const page = await signedIn(browser, baseURL!, writer, screen);
    const errors = collectErrors(page);

    // Composer: @ and the start of a username (Arabic-keyboard ي for the Persian ی is fine).
    await page.goto(`/${locale}/community/new/`);
    await expectLangAndDir(page, locale);
    const body = page.getByRole('combobox', { name: t('forum.composer.bodyLabel') });
    await body.focus();
    await page.keyboard.type(fa ? 'سلام @پرست' : 'Hello @poster_');
    const list = page.getByRole('listbox', { name: t('forum.mention.listLabel') });
    await expect(list).toBeVisible();
    await expect(body).toHaveAttribute('aria-expanded', 'true');
    const option = list.getByRole('option').filter({ hasText: `@${poster.username}` });
    await expect(option).toBeVisible();
    await expect(option).toContainText(poster.name);
    // Up/Down move the active option (aria-activedescendant), focus stays in the text.
    const count = await list.getByRole('option').count();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
    while ((await option.getAttribute('aria-selected')) !== 'true') await page.keyboard.press('ArrowDown');
    expect(count).toBeGreaterThan(0);
    await expect(body).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
    await expect(body).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await expectNoSidewaysScroll(page);
    await page.keyboard.press('Enter');
    await expect(body).toHaveValue(`${fa ? 'سلام' : 'Hello'} @${poster.username} `);
    await expect(list).toBeHidden();
    await expect(body).toHaveAttribute('aria-expanded', 'false');
    // Escape closes the list and leaves the text as typed.
    await page.keyboard.type('@' + poster.username.slice(0, 3));
    await expect(list).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(list).toBeHidden();
    await expect(body).toHaveValue(`${fa ? 'سلام' : 'Hello'} @${poster.username} @${poster.username.slice(0, 3)}`);

    // Reply box: found by the display name's first word, inserted with Tab.
    await page.goto(threadPath);
    const reply = page.locator('#reply-form').getByRole('combobox', { name: t('forum.editor.replyLabel') });
    await reply.focus();
    await page.keyboard.type(fa ? `ممنون @کیان${tag}` : `Thanks @Kit${tag}`);
    const replyList = page.locator('#reply-form').getByRole('listbox');
    await expect(replyList.getByRole('option')).toHaveCount(1);
    await expect(replyList.getByRole('option')).toContainText(`@${poster.username}`);
    await page.keyboard.press('Tab');
    await expect(reply).toHaveValue(`${fa ? 'ممنون' : 'Thanks'} @${poster.username} `);
    await expect(reply).toBeFocused();
    // A member who never posted, by full username; and a name nobody has.
    const nobody = fa ? `هیچ_${tag}` : `nobody_${tag}`;
    await page.keyboard.type(`${fa ? 'و' : 'and'} @${quiet.username} ${fa ? 'و' : 'and'} @${nobody}`);
    await page.keyboard.press('Escape');
    await page
      .locator('#reply-form')
      .getByRole('button', { name: t('forum.editor.preview') })
      .click();
    const preview = page.locator('#reply-form [data-editor-preview-body]');
    await expect(preview.locator('.mention-note')).toHaveText(t('forum.mention.unknown', { names: `@${nobody}` }));
    await expect(preview.locator('mark.mention-unknown')).toHaveText(`@${nobody}`);
    await expect(preview.locator('a.mention')).toHaveText(`@${poster.username}`);
    expect(await seriousViolations(page)).toEqual([]);
    await expectNoSidewaysScroll(page);

    await page
      .locator('#reply-form')
      .getByRole('button', { name: t('forum.editor.submitReply') })
      .click();
    const posted = page.locator('#post-2');
    await expect(posted).toBeVisible();
    // The author's display name, with the @username to mention them by.
    await expect(posted.locator('.post-meta')).toContainText(writer.name);
    await expect(posted.locator('.post-meta')).toContainText(`@${writer.username}`);
    const mentions = posted.locator('.post-body');
    await expect(mentions.locator('a.mention')).toHaveCount(1);
    await expect(mentions.locator('a.mention')).toHaveAttribute('href', `/${locale}/community/u/${poster.id}/`);
    await expect(mentions).toContainText(`@${quiet.username}`);
    await expect(mentions.locator(`a[href="/${locale}/community/u/${quiet.id}/"]`)).toHaveCount(0);
    await expect(mentions.locator('mark')).toHaveCount(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
}

test('fa desktop: Enter and Down pressed before the lookup of the name as typed returns wait for its list, never inserting a member the shorter text matched', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const { t } = useTranslations('fa');
  const tag = uniqueDigits();
  // Two members whose usernames differ only after the prefix typed first («…الف» sorts first),
  // and one that only the shorter «رقی» finds, sorting before both.
  const first = await newMember(`رقیب${tag}الف`, `رقیب الف ${tag}`, 'fa');
  const second = await newMember(`رقیب${tag}ب`, `رقیب ب ${tag}`, 'fa');
  const other = await newMember(`رقیا${tag}`, `رقیا ${tag}`, 'fa');
  await questionBy(first, 'fa', `پرسش نخست ${tag}`);
  await questionBy(second, 'fa', `پرسش دوم ${tag}`);
  await questionBy(other, 'fa', `پرسش سوم ${tag}`);
  const writer = await newMember(`نویسنده_${tag}`, 'نویسنده', 'fa');
  const page = await signedIn(browser, baseURL!, writer, 'desktop');
  const errors = collectErrors(page);
  await page.goto('/fa/community/new/');
  const body = page.getByRole('combobox', { name: t('forum.composer.bodyLabel') });
  const list = page.getByRole('listbox', { name: t('forum.mention.listLabel') });
  await body.focus();
  await page.keyboard.type(`سلام @رقیب${tag}`);
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await expect(list.getByRole('option').first()).toContainText(`@${first.username}`);

  // The lookup of the longer text is slow (a busy server): Enter comes before its answer.
  const slow = (q: string) => (url: URL) =>
    url.pathname === '/api/community/mentions/' && url.searchParams.get('q') === q;
  await page.route(slow(`رقیب${tag}ب`), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await page.keyboard.type('ب');
  await page.keyboard.press('Enter');
  await expect(body).toHaveValue(`سلام @${second.username} `);
  await expect(list).toBeHidden();

  // Down waits too. The list of «رقی» has the other member first; Down and Enter typed on from it
  // land on the second option of the list of the text as typed: the second member.
  await page.keyboard.type(`@رقی`);
  await expect(list.getByRole('option').first()).toContainText(`@${other.username}`);
  await page.route(slow(`رقیب${tag}`), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await page.keyboard.type(`ب${tag}`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(body).toHaveValue(`سلام @${second.username} @${second.username} `);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the mention endpoint: members only, no emails, no members who never posted, bad input refused', async ({
  browser,
  baseURL,
  request,
}) => {
  const tag = uniqueDigits();
  const poster = await newMember(`endp_${tag}`, `Endpoint ${tag}`, 'en');
  const lurker = await newMember(`endp_lurk_${tag}`, `Lurker ${tag}`, 'en');
  await questionBy(poster, 'en', `Endpoint question ${tag}`);
  expect((await request.get(`/api/community/mentions/?q=endp_${tag}`)).status()).toBe(401);
  const page = await signedIn(browser, baseURL!, await newMember(`asker_${tag}`, 'Asker', 'en'), 'desktop');
  const found = await page.request.get(`/api/community/mentions/?q=ENDP_${tag}`);
  expect(found.status()).toBe(200);
  expect(found.headers()['cache-control']).toContain('no-store');
  const body = await found.json();
  expect(body).toEqual({ members: [{ username: poster.username, name: poster.name }] });
  expect(JSON.stringify(body)).not.toContain('@names.example');
  expect(lurker.username).toContain('lurk');
  expect((await page.request.get(`/api/community/mentions/?q=${'a'.repeat(61)}`)).status()).toBe(400);
  expect((await page.request.get('/api/community/mentions/?q=%00%E2%80%AE')).status()).toBe(200);
  await page.context().close();
});
