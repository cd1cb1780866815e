// "Your data" (/{locale}/account/data/): a member downloads their data as JSON and finds their post
// in it, deletes the account keeping the posts, the thread then shows "deleted member" and signing
// in fails; the page in fa/ru/en, desktop and phone, light and dark: axe and screenshots.
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { reply } from '../../src/lib/forum/posts.ts';
import {
  expectLangAndDir,
  openThread,
  screenshot,
  seriousViolations,
  sessionUserByEmail,
  signInAs,
  withDb,
} from './helpers.ts';

test('a member downloads their data, deletes the account keeping posts; the thread shows "deleted member"', async ({
  page,
  baseURL,
}) => {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1e4)}`;
  const email = `data-${tag}@account-data.example`;
  const password = `data-${tag}-pass`;
  const body = `Export check ${tag}: restart the router first.`;
  const thread = await openThread('en');
  const threadId = Number(thread.split('/')[4]);
  await withDb(async (db) => {
    const { id } = await createOrPromoteUser(db, {
      email,
      role: 'member',
      password,
      name: `Leaving ${tag}`,
      locale: 'en',
    });
    await db.updateTable('users').set({ trust_level: 1 }).where('id', '=', id).execute();
    const posted = await reply(db, await sessionUserByEmail(db, email), threadId, body);
    expect(posted.ok).toBe(true);
  });
  const signIn = () =>
    page.request.post('/en/account/signin/', {
      form: { email, password },
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
  expect((await signIn()).status()).toBe(303);

  await page.goto('/en/account/');
  await page.getByRole('link', { name: 'Your data: download or delete' }).click();
  await expect(page).toHaveURL(/\/en\/account\/data\/$/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download my data (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pasokh-data-.+-\d{4}-\d\d-\d\d\.json$/);
  const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(data.schema).toBe(1);
  expect(data.profile.email).toBe(email);
  expect(data.posts.map((p: { source: string }) => p.source)).toContain(body);
  expect(JSON.stringify(data)).not.toMatch(/argon2|secret_hash/);

  // A wrong password: refused, the choice kept, the password field empty.
  await page.getByLabel('Keep my posts').check();
  await page.getByLabel('Current password').fill('not my password');
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(page.getByText('That is not your password.')).toBeVisible();
  await expect(page.getByLabel('Keep my posts')).toBeChecked();
  await expect(page.getByLabel('Current password')).toHaveValue('');

  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account was deleted');

  await page.goto(thread);
  const post = page.locator('article.post', { hasText: body });
  await expect(post.locator('.author-deleted')).toHaveText('deleted member');
  await expect(post.getByText(`Leaving ${tag}`)).toHaveCount(0);
  expect((await signIn()).status()).toBe(401);
});

test('the data page in fa, ru and en, desktop and phone, light and dark: no serious axe findings, screenshots', async ({
  page,
  baseURL,
}) => {
  // 12 screenshots and 3 axe runs: about 20 s on a quiet machine, 46 s when measured at a load
  // average of 15 on 2 cores (axe dominates).
  test.setTimeout(60_000);
  mkdirSync('tests/e2e/screenshots', { recursive: true });
  await signInAs(page, baseURL!, 'member');
  for (const locale of ['fa', 'ru', 'en'] as const) {
    for (const [device, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        if (device === 'desktop' && colorScheme === 'light') {
          await page.goto(`/${locale}/account/data/`);
          await expectLangAndDir(page, locale);
        }
        // axe over the page's own content (the shared header and footer are checked by other
        // specs) once per locale; phone and dark change layout and colours, which the
        // screenshots show (the dark palette's contrast is the site's, checked in pages.spec.ts).
        if (device === 'desktop' && colorScheme === 'light')
          expect(await seriousViolations(page, 'main'), `${locale} ${colorScheme}`).toEqual([]);
        await screenshot(page, {
          path: `tests/e2e/screenshots/account-data-${locale}-${device}-${colorScheme}.png`,
          fullPage: true,
        });
      }
    }
  }
});
