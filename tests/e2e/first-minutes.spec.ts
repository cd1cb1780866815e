// A new member's first ten minutes (issue 14), in Persian and Russian or English, on a desktop
// and a phone screen: the composer says before posting that first posts are reviewed and a held
// question says so once (not "locked"); sign-up ends on "check your mail" with the address, and
// the link signs in and returns only in the browser that signed up; editing one's own post is
// never refused as too fast, and anti-spam refusals are said for the form, never on the field.
import { createHmac } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { reply } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { useTranslations, type Locale } from '../../src/i18n/index.ts';
import {
  collectErrors,
  forgetSignUpLimits,
  openThread,
  readMail,
  screenshot,
  seriousViolations,
  sessionUserByEmail,
  withDb,
} from './helpers.ts';

const SHOTS = '/tmp/shots-i14-members-flow';
const desktop = { name: 'desktop', width: 1280, height: 800 };
const phone = { name: 'phone', width: 390, height: 844 };
type Viewport = typeof desktop;

interface Member {
  id: number;
  email: string;
  password: string;
  name: string;
  trustLevel: number;
  locale: Locale;
}

/** A fresh verified member of the given trust level (0: first posts wait for approval). */
async function newMember(label: string, trustLevel: number, locale: Locale): Promise<Member> {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const email = `${label}-${tag}@first-minutes.example`;
  const password = `first-${Math.random().toString(36).slice(2)}-pass`;
  const name = `${label} ${tag.slice(-7)}`;
  const id = await withDb(async (db) => {
    const { id } = await createOrPromoteUser(db, { email, role: 'member', password, name, locale });
    await db.updateTable('users').set({ trust_level: trustLevel }).where('id', '=', id).execute();
    return id;
  });
  return { id, email, password, name, trustLevel, locale };
}

async function signedIn(
  browser: Browser,
  baseURL: string,
  member: Member,
  viewport: Viewport,
  javaScriptEnabled = true,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    javaScriptEnabled,
  });
  const page = await context.newPage();
  const response = await page.request.post('/en/account/signin/', {
    form: { email: member.email, password: member.password },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${member.email}`).toBe(303);
  return page;
}

/** Nothing wider than the screen: no sideways scroll, and `selector` inside the viewport. */
async function expectFits(page: Page, selector: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, 'sideways scroll in px').toBeLessThanOrEqual(0);
  for (const box of await page
    .locator(selector)
    .evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON() as DOMRect))) {
    expect.soft(box.left, `${selector} starts on screen`).toBeGreaterThanOrEqual(0);
    expect
      .soft(box.right, `${selector} ends on screen`)
      .toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
  }
}

const shot = (page: Page, name: string) => screenshot(page, { path: `${SHOTS}/${name}.png`, fullPage: true });

// ---------------------------------------------------------------------------------------------
// 1. A held question says so

for (const [locale, viewport] of [
  ['fa', desktop],
  ['fa', phone],
  ['en', desktop],
  ['en', phone],
] as const) {
  test(`${locale}, ${viewport.name}: a new member is told first posts are reviewed; the held question says so once, never "locked"; the badge fits`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const member = await newMember(`asker-${locale}`, 0, locale);
    const page = await signedIn(browser, baseURL!, member, viewport);
    const errors = collectErrors(page);

    // Before posting: the composer says a moderator reviews first posts.
    await page.goto(`/${locale}/community/new/`);
    await expect.soft(page.locator('form[data-composer]').getByText(t('forum.composer.reviewNotice'))).toBeVisible();
    await page.locator('#composer-category').selectOption({ index: 1 });
    const tag = Date.now().toString().slice(-6);
    const title = locale === 'fa' ? `فاکتور خریدم هنوز نیامده است ${tag}` : `My invoice has not arrived yet ${tag}`;
    await page.locator('#composer-title').fill(title);
    await page
      .locator('#composer-body')
      .fill(
        locale === 'fa' ? `دیروز پرداخت کردم ولی فاکتور نیامد. ${tag}` : `I paid yesterday but no invoice came. ${tag}`,
      );
    await page.getByRole('button', { name: t('forum.composer.submit') }).click();
    await expect(page).toHaveURL(/\/community\/t\/\d+\//);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    // One notice says it waits for approval; nothing says the thread is locked.
    const main = page.locator('main');
    await expect.soft(main.locator('.notice')).toHaveCount(1);
    await expect.soft(main.locator('.notice')).toHaveText(t('forum.thread.pendingNoticeOwn'));
    await expect.soft(main.getByText(t('forum.thread.lockedNotice'))).toHaveCount(0);
    await expect.soft(main.getByText(t('forum.badge.locked'), { exact: true })).toHaveCount(0);
    // The question carries a short badge that fits the screen.
    const badge = page.locator('article[data-post] .badge-warn');
    await expect.soft(badge).toHaveText(t('forum.post.pending'));
    expect.soft((await badge.textContent())?.length ?? 0, 'badge text length').toBeLessThanOrEqual(24);
    await expectFits(page, 'article[data-post] .badge');
    expect.soft(await seriousViolations(page)).toEqual([]);
    await shot(page, `held-question-${locale}-${viewport.name}`);

    // A reply elsewhere: told before writing, and the held reply's badge fits too.
    const path = await openThread(locale);
    await page.goto(path);
    await expect.soft(page.locator('#reply').getByText(t('forum.composer.reviewNotice'))).toBeVisible();
    const text = locale === 'fa' ? `من هم همین مشکل را دارم ${tag}` : `I have the same problem ${tag}`;
    await page.locator('#reply-form-body').fill(text);
    await page.getByRole('button', { name: t('forum.editor.submitReply') }).click();
    const held = page.locator('article[data-post]', { hasText: text });
    await expect(held).toBeVisible();
    await expect.soft(held.locator('.badge-warn')).toHaveText(t('forum.post.pending'));
    await expect.soft(page.locator('[data-editor-status]')).toHaveText(t('forum.editor.postedPending'));
    await expectFits(page, 'article[data-post] .badge');
    await shot(page, `held-reply-${locale}-${viewport.name}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Sign-up → verify → signed in

async function signUp(page: Page, locale: Locale, email: string, name: string) {
  const { t } = useTranslations(locale);
  await forgetSignUpLimits();
  await page.getByLabel(t('account.field.email')).fill(email);
  await page
    .getByLabel(t('account.field.username'))
    .fill(`new_${email.split('@')[0]!.replace(/[^a-z0-9]/gi, '_')}`.slice(0, 24));
  await page.getByLabel(t('account.field.name')).fill(name);
  await page.getByLabel(t('account.field.password'), { exact: true }).fill('a long first passphrase');
  await page.getByRole('button', { name: t('account.signup.submit') }).click();
}

for (const [locale, viewport] of [
  ['fa', desktop],
  ['ru', phone],
] as const) {
  test(`${locale}, ${viewport.name}: sign up from the composer's sign-in page, "check your mail" with the address, the link signs in and returns to the composer`, async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const email = `newcomer-${locale}-${stamp}@first-minutes.example`;

    // Asking needs an account: sign in → "new here?" keeps where the visitor was going.
    await page.goto(`/${locale}/community/new/`);
    await expect(page).toHaveURL(new RegExp(`/${locale}/account/signin/\\?next=`));
    await page.getByRole('link', { name: t('account.signin.noAccount') }).click();
    await expect(page).toHaveURL(`/${locale}/account/signup/?next=${encodeURIComponent(`/${locale}/community/new/`)}`);
    const since = Date.now();
    await signUp(page, locale, email, locale === 'fa' ? `تازه‌وارد ${stamp}` : `Новичок ${stamp}`);

    // "Check your mail", with the address, and no empty form under it.
    await expect(page).toHaveURL(`/${locale}/account/check-mail/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('account.checkMail.title'));
    await expect(page.locator('main .notice-success')).toContainText(email);
    await expect(page.locator('main input')).toHaveCount(0);
    await expectFits(page, 'main .notice');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, `check-mail-${locale}-${viewport.name}`);
    await page.reload();
    await expect(page.locator('main .notice-success')).toContainText(email);

    // The link, in this browser: signed in, back at the composer.
    const mail = await readMail(email, since);
    await page.goto(mail.link);
    await expect(page).toHaveURL(`/${locale}/community/new/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('forum.composer.title'));
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'pasokh_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'pasokh_signup')).toBeUndefined();
    await shot(page, `after-verify-${locale}-${viewport.name}`);

    // Single use: the same link again only says it is used.
    const again = await page.goto(mail.link);
    expect(again?.status()).toBe(400);
    await expect(page.locator('.notice-error')).toHaveText(t('account.verify.failed'));
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await context.close();
  });
}

for (const viewport of [phone, desktop]) {
  test(`fa, ${viewport.name}: the link opened in another browser verifies and asks to sign in; it signs in nowhere after that`, async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations('fa');
    const thread = await openThread('fa');
    const signup = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await signup.newPage();
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const email = `elsewhere-${viewport.name}-${stamp}@first-minutes.example`;
    // From a thread's "sign up" link: the way back is the reply form.
    await page.goto(thread);
    await page.getByRole('link', { name: t('forum.thread.signUp') }).click();
    await expect(page).toHaveURL(`/fa/account/signup/?next=${encodeURIComponent(`${thread}#reply`)}`);
    const since = Date.now();
    await signUp(page, 'fa', email, `دستگاه دیگر ${stamp}`);
    await expect(page).toHaveURL('/fa/account/check-mail/');
    const mail = await readMail(email, since);

    // Another browser (say, the phone's mail app): verified, not signed in, asked to sign in.
    const other = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const otherPage = await other.newPage();
    await otherPage.goto(mail.link);
    await expect(otherPage.locator('.notice-success')).toHaveText(t('account.verify.ok'));
    await expect(otherPage.getByText(t('account.verify.otherBrowser'))).toBeVisible();
    expect((await other.cookies()).find((c) => c.name === 'pasokh_session')).toBeUndefined();
    expect(await seriousViolations(otherPage)).toEqual([]);
    await shot(otherPage, `verify-other-browser-fa-${viewport.name}`);
    await otherPage.getByRole('link', { name: t('account.signin.title') }).click();
    await expect(otherPage).toHaveURL(/\/fa\/account\/signin\//);

    // The used link signs in nowhere afterwards, the sign-up browser included.
    const used = await page.goto(mail.link);
    expect(used?.status()).toBe(400);
    await page.goto('/fa/account/');
    await expect(page).toHaveURL(/\/fa\/account\/signin\//);
    await other.close();
    await signup.close();
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Editing is never "too fast"; anti-spam refusals are said for the form

/** The edit form's stamp and the action URL, as the edit page gives them. */
async function editForm(page: Page, threadPath: string, postId: number) {
  await page.goto(`${threadPath}edit/${postId}/`);
  return { stamp: await page.locator('#edit-form input[name="form_stamp"]').inputValue() };
}

for (const [locale, viewport] of [
  ['fa', desktop],
  ['en', phone],
] as const) {
  test(`${locale}, ${viewport.name}: a new member edits their own post forty times in a row and with a form open for hours; never refused`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const { t } = useTranslations(locale);
    const member = await newMember(`editor-${locale}`, 0, locale);
    const created = await withDb(async (db) => {
      const category = await db
        .selectFrom('forum_categories')
        .select('id')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      return createThread(db, await sessionUserByEmail(db, member.email), {
        locale,
        categoryId: category.id,
        title: `Typo fixing question number ${Date.now()}`,
        body: 'First words, with a tpyo.',
      });
    });
    if (!created.ok) throw new Error(`could not ask: ${created.problem}`);
    const threadPath = `/${locale}/community/t/${created.threadId}/${encodeURIComponent(created.slug)}/`;
    const page = await signedIn(browser, baseURL!, member, viewport);
    const { stamp } = await editForm(page, threadPath, created.postId);

    // Forty saves in a row (the old limit for new members was 30 an hour).
    for (let i = 1; i <= 40; i++) {
      const saved = await page.request.post('/_actions/forum.edit/', {
        form: { postId: String(created.postId), body: `First words, fixed ${i} times.`, locale, form_stamp: stamp },
        headers: { Origin: baseURL! },
      });
      expect(saved.status(), `edit ${i}: ${await saved.text()}`).toBe(200);
    }

    // An edit page left open for five hours (an old stamp, signed like the server's own) still saves.
    const key = await withDb(
      async (db) =>
        JSON.parse(
          (
            await db
              .selectFrom('settings')
              .select('value')
              .where('key', '=', 'secret.form_key')
              .executeTakeFirstOrThrow()
          ).value,
        ) as string,
    );
    const old = Date.now() - 5 * 60 * 60 * 1000;
    const oldStamp = `${old}.${createHmac('sha256', key).update(`form:${old}`).digest('base64url').slice(0, 22)}`;
    await page.goto(`${threadPath}edit/${created.postId}/`);
    await page
      .locator('#edit-form input[name="form_stamp"]')
      .evaluate((input: HTMLInputElement, value) => (input.value = value), oldStamp);
    await page.locator('#edit-form-body').fill('The final words, without a typo.');
    await page.getByRole('button', { name: t('forum.edit.save') }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/community/t/${created.threadId}/`));
    await expect(page.getByText('The final words, without a typo.')).toBeVisible();
    await page.context().close();
  });

  test(`${locale}, ${viewport.name}: a duplicate reply is an alert for the form with the text kept; a too short one is marked on the field`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const path = await openThread(locale);
    const member = await newMember(`writer-${locale}`, 1, locale);
    const page = await signedIn(browser, baseURL!, member, viewport);
    const body = page.locator('#reply-form-body');
    const formAlert = page.locator('#reply-form [data-editor-form-error]');

    // The same reply twice (with JavaScript): the second is a duplicate.
    const text = `${locale === 'fa' ? 'این را دو بار می‌نویسم' : 'I am writing this twice'} ${Date.now()}`;
    await page.goto(path);
    await body.fill(text);
    await page.getByRole('button', { name: t('forum.editor.submitReply') }).click();
    await expect(page.locator('article[data-post]', { hasText: text })).toBeVisible();
    await body.fill(text);
    await page.getByRole('button', { name: t('forum.editor.submitReply') }).click();
    await expect(formAlert).toBeVisible();
    await expect(formAlert).toContainText(t('forum.error.duplicate'));
    await expect(formAlert).toContainText(t('forum.composer.error.kept'));
    await expect(body).not.toHaveAttribute('aria-invalid');
    await expect(body).toHaveValue(text);
    await expectFits(page, '#reply-form [data-editor-form-error]');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, `reply-duplicate-${locale}-${viewport.name}`);

    // A text too short is the field's problem: marked there, not as a form alert.
    await body.fill('x');
    await page.getByRole('button', { name: t('forum.editor.submitReply') }).click();
    await expect(page.locator('#reply-form [data-editor-error]')).toHaveText(
      t('forum.error.bodyLength', { bodyMin: 2, bodyMax: 20_000 }),
    );
    await expect(body).toHaveAttribute('aria-invalid', 'true');
    await expect(formAlert).toBeHidden();
    await page.context().close();
  });

  test(`${locale}, ${viewport.name}: a new member's edit with too many links (a plain form post) is an alert for the form with the text kept`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const path = await openThread(locale);
    const newcomer = await newMember(`linker-${locale}`, 0, locale);
    const replied = await withDb(async (db) =>
      reply(
        db,
        await sessionUserByEmail(db, newcomer.email),
        Number(path.split('/')[4]),
        `My first reply here ${Date.now()}`,
      ),
    );
    if (!replied.ok) throw new Error(`could not reply: ${replied.problem}`);
    const page = await signedIn(browser, baseURL!, newcomer, viewport);
    await page.goto(`${path}edit/${replied.postId}/`);
    const links = 'See https://a.example/1 and https://b.example/2 and https://c.example/3';
    await page.locator('#edit-form-body').fill(links);
    await page.getByRole('button', { name: t('forum.edit.save') }).click();
    const alert = page.locator('#edit-form [data-editor-form-error]');
    await expect(alert).toContainText(t('forum.error.tooManyLinks', { links: 2 }));
    await expect(page.locator('#edit-form-body')).toHaveValue(links);
    await expect(page.locator('#edit-form-body')).not.toHaveAttribute('aria-invalid');
    await expectFits(page, '#edit-form [data-editor-form-error]');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, `edit-links-${locale}-${viewport.name}`);
    await page.context().close();
  });

  test(`${locale}, ${viewport.name}: the same question twice says so (not "could not be posted"), with no field marked`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t } = useTranslations(locale);
    const member = await newMember(`twice-${locale}`, 1, locale);
    const page = await signedIn(browser, baseURL!, member, viewport);
    const title = `${locale === 'fa' ? 'پرسشی که دو بار می‌فرستم' : 'A question I send twice'} ${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      await page.goto(`/${locale}/community/new/`);
      await page.locator('#composer-category').selectOption({ index: 1 });
      await page.locator('#composer-title').fill(title);
      await page.locator('#composer-body').fill(`${title}: the details are the same both times.`);
      await page.getByRole('button', { name: t('forum.composer.submit') }).click();
      if (i === 0) await expect(page).toHaveURL(/\/community\/t\/\d+\//);
    }
    await expect(page.locator('#composer-error')).toContainText(t('forum.error.duplicate'));
    await expect(page.locator('form[data-composer] [aria-invalid]')).toHaveCount(0);
    await expect(page.locator('#composer-title')).toHaveValue(title);
    await page.context().close();
  });
}
