// Two-factor sign-in in a browser (issue 20): a member sets it up with a code computed from the
// page's key (as an authenticator app would), signs out, signs in with password + code, then once
// with a recovery code, which fails the second time and is told by mail the first. axe and screenshots of the setup page and the
// second step in fa, ru and en, desktop and phone, light and dark. With the staff setting on (on a
// server of its own: the setting is site-wide and the other specs use the demo moderator), a
// moderator who signs in is sent to the setup and cannot open the admin pages.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { expect, test, type Page } from '@playwright/test';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { migrateToLatest, openDatabase } from '../../src/lib/db/index.ts';
import { setSetting } from '../../src/lib/settings.ts';
import { freePort } from '../postgres/server.ts';
import { collectErrors, readMail, screenshot, seriousViolations, withDb } from './helpers.ts';

const PASSWORD = 'two factor e2e password';
const shots = 'tests/e2e/screenshots';
const locales = ['fa', 'ru', 'en'] as const;
const views = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function signInWithPassword(page: Page, email: string) {
  await page.goto('/en/account/signin/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page) {
  await page.goto('/en/account/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).not.toHaveURL(/\/account\/$/);
}

/** axe in light, then the page in every size and scheme. */
async function lookAt(page: Page, path: string, name: string) {
  for (const locale of locales) {
    await page.setViewportSize(views[0]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`/${locale}${path}`);
    await expect(page.locator('html')).toHaveAttribute('dir', locale === 'fa' ? 'rtl' : 'ltr');
    expect(await seriousViolations(page, 'main'), `${name} ${locale}`).toEqual([]);
    for (const view of views)
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.setViewportSize(view);
        await page.emulateMedia({ colorScheme });
        await screenshot(page, {
          path: `${shots}/two-factor-${name}-${locale}-${view.name}-${colorScheme}.png`,
          fullPage: true,
        });
      }
  }
  await page.setViewportSize(views[0]);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a member sets up two-factor sign-in, signs in with a code, then once with a recovery code', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  mkdirSync(shots, { recursive: true });
  const errors = collectErrors(page);
  const email = `two-factor-${Date.now().toString(36)}@example.com`;
  await withDb((db) =>
    createOrPromoteUser(db, { email, role: 'member', name: 'Two Factor', password: PASSWORD, locale: 'en' }),
  );

  // Before two-factor sign-in, the password alone signs in (posted directly: the form is tested below).
  const before = await page.request.post('/en/account/signin/', {
    form: { email, password: PASSWORD },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(before.status()).toBe(303);
  expect(before.headers().location).toBe('/en/account/');
  await lookAt(page, '/account/two-factor/', 'setup');

  // The app's side: the key shown for typing, and the same key in the QR code's otpauth:// link.
  await page.goto('/en/account/two-factor/');
  const key = (await page.locator('[data-two-factor-key]').innerText()).replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.locator('.qr-code svg')).toBeVisible();
  expect(await page.getByRole('link', { name: /authenticator app/ }).getAttribute('href')).toContain(`secret=${key}`);
  const secret = decodeBase32IgnorePadding(key);
  // Confirmed on the Persian page, typed as a Persian keyboard types digits (۱۲۳…).
  await page.goto('/fa/account/two-factor/');
  const code = page.getByLabel('کد برنامهٔ احراز هویت');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await code.fill([...generateTOTP(secret, 30, 6)].map((d) => String.fromCharCode(0x06f0 + Number(d))).join(''));
  await page.getByRole('button', { name: 'روشن کردن ورود دومرحله‌ای' }).click();
  const shown = page.locator('[data-recovery-codes] code');
  await expect(shown).toHaveCount(10);
  const recovery = (await shown.allInnerTexts()).map((c) => c.trim());
  await page.setViewportSize(views[1]);
  await screenshot(page, { path: `${shots}/two-factor-recovery-codes-fa-phone.png`, fullPage: true });
  await page.setViewportSize(views[0]);
  await page.getByRole('link', { name: 'کدها را نگه داشتم' }).click();
  await expect(page.locator('[data-two-factor-status]')).toHaveText('روشن');
  // Shown once: the page now has neither the key nor the codes, only what can be done.
  await page.goto('/fa/account/two-factor/');
  await expect(page.locator('[data-two-factor-on]')).toContainText('۱۰ کد بازیابی باقی مانده است');
  expect(await page.content()).not.toContain(key);
  expect(await page.content()).not.toContain(recovery[0]);
  await page.setViewportSize(views[1]);
  await screenshot(page, { path: `${shots}/two-factor-manage-fa-phone.png`, fullPage: true });
  await page.setViewportSize(views[0]);

  // Password, then the code: no session before it, the pending sign-in only in an HttpOnly cookie.
  await signOut(page);
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/en\/account\/two-factor\/code\/\?next=%2Fen%2Faccount%2F$/);
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'pasokh_session')).toBeUndefined();
  const pending = cookies.find((c) => c.name === 'pasokh_2fa')!;
  expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(page.url()).not.toContain(pending.value.split('.')[0]);
  await lookAt(page, '/account/two-factor/code/?next=%2Fen%2Faccount%2F', 'second-step');
  // The step of the code that turned it on is used up (no replay), so the app's next code.
  const next = generateHOTP(secret, BigInt(Math.floor(Date.now() / 30_000) + 1), 6);
  await page.getByLabel('Code from your authenticator app').fill(next);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/en\/account\/$/);
  await expect(page.locator('[data-two-factor-status]')).toHaveText('On');

  // Lost phone: a recovery code works once.
  for (const attempt of ['first', 'second'] as const) {
    await page.context().clearCookies();
    await signInWithPassword(page, email);
    await expect(page).toHaveURL(/\/two-factor\/code\//);
    await page.getByText('Lost your phone? Use a recovery code').click();
    await page.getByLabel('Recovery code').fill(recovery[2]!);
    const answer = attempt === 'second' && page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (!answer) {
      await expect(page).toHaveURL(/\/en\/account\/$/);
      // The account is told by mail, after the answer, by the server's delivery worker.
      const notice = await readMail(email);
      expect(notice.subject).toBe('A recovery code was used to sign in to your Pasokh account');
      expect(notice.text).toContain('Unused codes left: 9.');
    } else {
      expect((await answer).status()).toBe(401);
      await expect(page.locator('.notice-error')).toContainText('not correct or has already been used');
      await expect(page.getByLabel('Recovery code')).toHaveAttribute('aria-invalid', 'true');
    }
  }
  // The browser reports the expected 401 of the refused recovery code; nothing else may go wrong.
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});

test('with the staff setting on, a moderator is sent to set it up and kept out of the admin pages', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-2fa-'));
  const port = await freePort();
  const location = join(dir, 'staff.db');
  const db = openDatabase(location);
  try {
    await migrateToLatest(db);
    await setSetting(db, 'auth.require2faForStaff', true);
    await createOrPromoteUser(db, { email: 'mod@example.com', role: 'moderator', name: 'Mod', password: PASSWORD });
  } finally {
    await db.destroy();
  }
  const app = `http://localhost:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: 'localhost',
    DATABASE_PATH: location,
    OUTBOX_DIR: join(dir, 'outbox'),
  };
  Object.assign(env, { NODE_ENV: 'production', SITE_URL: app, LOG_LEVEL: 'warn' });
  const child = spawn(process.execPath, ['src/cli/start.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await expect
      .poll(async () => (await fetch(`${app}/healthz`).catch(() => undefined))?.status, { timeout: 30_000 })
      .toBe(200);
    await page.goto(`${app}/en/account/signin/?next=%2Fadmin%2Fmoderation%2F`);
    await page.getByLabel('Email').fill('mod@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(`${app}/en/account/two-factor/?next=%2Fadmin%2Fmoderation%2F`);
    await expect(page.locator('.notice-error')).toContainText('Your role requires two-factor sign-in');
    // The admin guard, not the sign-in page, keeps them out: straight to a section, back to the setup.
    await page.goto(`${app}/admin/audit/?lang=en`);
    await expect(page).toHaveURL(/\/en\/account\/two-factor\/\?next=%2Fadmin%2Faudit%2F/);
    const csv = await page.request.get(`${app}/admin/audit.csv`);
    expect(csv.status()).toBe(403);
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
