// The whole account journey in fa and ru, using the mail the server writes to its outbox.
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, forgetSignUpLimits, readMail, seriousViolations } from './helpers.ts';

const labels = {
  fa: {
    email: 'ایمیل',
    username: 'نام کاربری',
    name: 'نام نمایشی',
    password: 'گذرواژه',
    newPassword: 'گذرواژهٔ جدید',
    signup: 'ساختن حساب',
    signin: 'ورود',
    forgot: 'فرستادن پیوند بازنشانی',
    reset: 'ذخیرهٔ گذرواژهٔ جدید',
    revoke: 'بستن این نشست',
    common: 'این گذرواژه جزو رایج‌ترین گذرواژه‌هاست',
    subject: 'تأیید نشانی ایمیل شما در پاسخ',
  },
  ru: {
    email: 'Электронная почта',
    username: 'Имя пользователя',
    name: 'Отображаемое имя',
    password: 'Пароль',
    newPassword: 'Новый пароль',
    signup: 'Зарегистрироваться',
    signin: 'Войти',
    forgot: 'Отправить ссылку',
    reset: 'Сохранить пароль',
    revoke: 'Завершить сеанс',
    common: 'Этот пароль слишком распространён',
    subject: 'Подтвердите адрес почты для Pasokh',
  },
} as const;

async function signIn(page: Page, locale: 'fa' | 'ru', email: string, password: string) {
  const l = labels[locale];
  await page.goto(`/${locale}/account/signin/`);
  await page.getByLabel(l.email).fill(email);
  await page.getByLabel(l.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: l.signin, exact: true }).click();
}

for (const locale of ['fa', 'ru'] as const) {
  test(`${locale}: sign up, verify by mail, sign in, revoke a session, reset the password`, async ({
    page,
    browser,
  }) => {
    const l = labels[locale];
    const errors = collectErrors(page);
    const stamp = Date.now().toString(36);
    const email = `journey-${locale}-${stamp}@example.com`;
    const name = locale === 'fa' ? `مشتری ${stamp}` : `Клиент ${stamp}`;

    // A failed submit keeps what was typed and says why, in the page's language.
    await forgetSignUpLimits();
    await page.goto(`/${locale}/account/signup/`);
    await page.getByLabel(l.email).fill(email);
    await page.getByLabel(l.username).fill(`${locale === 'fa' ? 'مشتری' : 'клиент'}_${String(Date.now()).slice(-8)}`);
    await page.getByLabel(l.name).fill(name);
    await page.getByLabel(l.password, { exact: true }).fill('password');
    await page.getByRole('button', { name: l.signup }).click();
    await expect(page.locator('.field .error')).toContainText(l.common);
    await expect(page.getByLabel(l.email)).toHaveValue(email);
    await expect(page.getByLabel(l.name)).toHaveValue(name);
    await expect(page.getByLabel(l.password, { exact: true })).toHaveAttribute('aria-invalid', 'true');
    expect(await seriousViolations(page)).toEqual([]);

    const since = Date.now();
    await page.getByLabel(l.password, { exact: true }).fill('first secret phrase');
    await page.getByRole('button', { name: l.signup }).click();
    await expect(page.locator('.notice-success')).toBeVisible();

    const verification = await readMail(email, since);
    expect(verification.subject).toBe(l.subject);
    // Opened in the browser that signed up, the link signs in (first-minutes.spec.ts has the rest).
    await page.goto(verification.link);
    await expect(page).toHaveURL(new RegExp(`/${locale}/account/$`));
    await expect(page.locator('[data-display-name]')).toHaveText(name);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'pasokh_session')!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(session.value).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);

    // A second device signs in; the first one signs it out.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, locale, email, 'first secret phrase');
    await expect(otherPage).toHaveURL(new RegExp(`/${locale}/account/$`));
    await page.goto(`/${locale}/account/sessions/`);
    await expect(page.locator('.sessions > li')).toHaveCount(2);
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .locator('.sessions > li')
      .filter({ hasNot: page.locator('.badge') })
      .getByRole('button', { name: l.revoke })
      .click();
    await expect(page.locator('.sessions > li')).toHaveCount(1);
    await otherPage.goto(`/${locale}/account/`);
    await expect(otherPage).toHaveURL(/\/account\/signin\//);

    // Forgot password, from the signed-out device; every session ends.
    const resetSince = Date.now();
    await otherPage.goto(`/${locale}/account/forgot/`);
    await otherPage.getByLabel(l.email).fill(email);
    await otherPage.getByRole('button', { name: l.forgot }).click();
    await expect(otherPage.locator('.notice-success')).toBeVisible();
    const reset = await readMail(email, resetSince);
    await otherPage.goto(reset.link);
    await otherPage.getByLabel(l.newPassword).fill('second secret phrase');
    await otherPage.getByRole('button', { name: l.reset }).click();
    await expect(otherPage.locator('.notice-success')).toBeVisible();
    await otherPage.goto(reset.link);
    await expect(otherPage.locator('.notice-error')).toBeVisible(); // single use

    await page.goto(`/${locale}/account/`);
    await expect(page).toHaveURL(/\/account\/signin\//);
    await signIn(page, locale, email, 'first secret phrase');
    await expect(page.locator('.notice-error')).toBeVisible();
    await signIn(page, locale, email, 'second secret phrase');
    await expect(page).toHaveURL(new RegExp(`/${locale}/account/$`));
    await other.close();
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
}

test('account pages work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'ru', 'member@pasokh.example', 'demo-member-pass');
  await expect(page).toHaveURL(/\/ru\/account\/$/);
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/ru\/$/);
  await context.close();
});

test('sign-in says the same for an unknown email and a wrong password', async ({ page }) => {
  await signIn(page, 'fa', 'nobody-at-all@example.com', 'some password 1');
  const unknown = await page.locator('.notice-error').textContent();
  await signIn(page, 'fa', 'member@pasokh.example', 'some password 1');
  expect(await page.locator('.notice-error').textContent()).toBe(unknown);
});
