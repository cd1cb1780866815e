// Finding your way: the header's sections (help center, community, contact) and language menu,
// the footer's links, the home page's recently solved threads and "Still need help?" band, and
// the Admin link that takes staff to the sections their role may open, in the page's language.
import { expect, request as requests, test, type Browser, type Page } from '@playwright/test';
import { openDatabase } from '../../src/lib/db/index.ts';
import { categoryBySlug } from '../../src/lib/forum/categories.ts';
import { reply } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { localeNames, useTranslations } from '../../src/i18n/index.ts';
import { seriousViolations, sessionUserByEmail } from './helpers.ts';

const passwords = {
  member: 'demo-member-pass',
  writer: 'demo-writer-pass',
  moderator: 'demo-moderator-pass',
  admin: 'demo-admin-pass',
} as const;
type Who = keyof typeof passwords;
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function open(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number },
  who?: Who,
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  if (who) {
    const response = await page.request.post('/en/account/signin/', {
      form: { email: `${who}@pasokh.example`, password: passwords[who] },
      headers: { Origin: baseURL },
      maxRedirects: 0,
    });
    expect(response.status(), `sign in as ${who}`).toBe(303);
  }
  return page;
}

for (const locale of ['fa', 'ru', 'en'] as const) {
  const { t } = useTranslations(locale);
  for (const [name, viewport] of Object.entries(viewports)) {
    test(`${locale} ${name}: header sections, language menu by keyboard, footer links, "Still need help?" on the home page`, async ({
      browser,
      baseURL,
    }) => {
      const page = await open(browser, baseURL!, viewport);
      await page.goto(`/${locale}/`);
      const sections = page.getByRole('navigation', { name: t('nav.main'), exact: true });
      for (const [label, href] of [
        [t('nav.helpCenter'), `/${locale}/`],
        [t('nav.community'), `/${locale}/community/`],
        [t('nav.contact'), `/${locale}/contact/`],
      ] as const) {
        const link = sections.getByRole('link', { name: label, exact: true });
        await expect(link).toBeVisible();
        await expect(link).toHaveAttribute('href', href);
      }
      await expect(sections.getByRole('link', { name: t('nav.helpCenter'), exact: true })).toHaveAttribute(
        'aria-current',
        'page',
      );
      // Visitors see no Admin link.
      await expect(sections.getByRole('link', { name: t('nav.admin'), exact: true })).toBeHidden();

      // "Still need help?": ask the community or contact support.
      const band = page.getByRole('region', { name: t('contact.help.title') });
      await expect(band.getByRole('link', { name: t('contact.help.community') })).toHaveAttribute(
        'href',
        `/${locale}/community/new/`,
      );
      await expect(band.getByRole('link', { name: t('contact.help.contact') })).toHaveAttribute(
        'href',
        `/${locale}/contact/`,
      );
      await expect(band).toBeVisible();

      // The footer links the community and the contact page, not only the sitemap.
      const footer = page.locator('footer');
      await expect(footer.locator(`a[href="/${locale}/community/"]`)).toBeVisible();
      await expect(footer.locator(`a[href="/${locale}/contact/"]`)).toBeVisible();

      // Languages sit in a menu that opens and closes by keyboard; the current one is marked.
      const menu = page.locator('.site-header details.lang-menu');
      const button = menu.locator('summary');
      await expect(button).toHaveAccessibleName(`${t('nav.language')}: ${localeNames[locale]}`);
      const languages = page.getByRole('navigation', { name: t('nav.language'), exact: true });
      await expect(languages).toBeHidden();
      await button.focus();
      await page.keyboard.press('Enter');
      await expect(languages.getByRole('link')).toHaveCount(3);
      await expect(languages.getByRole('link', { name: localeNames[locale] })).toHaveAttribute('aria-current', 'true');
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Tab');
      await expect(languages.getByRole('link').first()).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(languages).toBeHidden();
      await expect(button).toBeFocused();
      const other = locale === 'en' ? 'ru' : 'en';
      await page.keyboard.press(' ');
      await languages.getByRole('link', { name: localeNames[other] }).click();
      await expect(page).toHaveURL(new RegExp(`/${other}/$`));

      // The header fits: nothing scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.context().close();
    });
  }
}

// Staff land on the first section their role may open, in the language of the page they came
// from (the writer's own language is Russian, the moderator's Persian, the admin's English).
const staffCases = [
  { who: 'writer', from: '/fa/', locale: 'fa', lands: '/admin/analytics/', viewport: viewports.desktop },
  { who: 'writer', from: '/en/community/', locale: 'en', lands: '/admin/analytics/', viewport: viewports.phone },
  { who: 'moderator', from: '/ru/contact/', locale: 'ru', lands: '/admin/moderation/', viewport: viewports.desktop },
  { who: 'moderator', from: '/en/', locale: 'en', lands: '/admin/moderation/', viewport: viewports.phone },
  { who: 'admin', from: '/fa/community/', locale: 'fa', lands: '/admin/analytics/', viewport: viewports.phone },
] as const;

for (const { who, from, locale, lands, viewport } of staffCases) {
  test(`${who} from ${from} (${viewport.width}px): the Admin link opens ${lands} in ${locale}`, async ({
    browser,
    baseURL,
  }) => {
    const { t } = useTranslations(locale);
    const page = await open(browser, baseURL!, viewport, who);
    await page.goto(from);
    await page
      .getByRole('navigation', { name: t('nav.main'), exact: true })
      .getByRole('link', { name: t('nav.admin'), exact: true })
      .click();
    await expect(page).toHaveURL(`${lands}?lang=${locale}`);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    // The section nav is in the same language and keeps it from page to page.
    const nav = page.getByRole('navigation', { name: t('admin.nav.label') });
    await expect(nav.locator('a[aria-current="page"]')).toHaveCount(1);
    // (The writers' guide carries its language in its path; the other sections in ?lang=.)
    await nav.locator('a:not([aria-current]):not([href^="/admin/content/guide/"])').last().click();
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    expect(new URL(page.url()).searchParams.get('lang')).toBe(locale);
    // A prerendered page (an article) shows the link too, once this browser has been seen as staff.
    await page.goto(`/${locale}/agent-skills/`);
    await expect(
      page
        .getByRole('navigation', { name: t('nav.main'), exact: true })
        .getByRole('link', { name: t('nav.admin'), exact: true }),
    ).toBeVisible();
    await page.context().close();
  });
}

test('members see no Admin link, and /admin/ answers them 403', async ({ browser, baseURL }) => {
  const page = await open(browser, baseURL!, viewports.desktop, 'member');
  for (const path of ['/fa/', '/fa/community/', '/fa/agent-skills/']) {
    await page.goto(path);
    await expect(page.locator('[data-admin-link]')).toBeHidden();
  }
  expect((await page.goto('/admin/?lang=fa'))?.status()).toBe(403);
  await page.context().close();
});

test('the home page lists a thread as soon as it is solved, anonymous cache and all', async ({ browser, baseURL }) => {
  const title = `Nav probe ${Date.now().toString(36)}: how do I merge two orders into one shipment?`;
  const db = openDatabase('data/e2e.db');
  let answerId: number;
  try {
    const user = (email: string) => sessionUserByEmail(db, email);
    const { id: categoryId } = (await categoryBySlug(db, 'en', 'orders'))!;
    const asked = await createThread(db, await user('member@pasokh.example'), {
      locale: 'en',
      categoryId,
      title,
      body: 'Two orders, one address: can they travel together?',
    });
    if (!asked.ok) throw new Error(`ask refused: ${asked.problem}`);
    const answered = await reply(
      db,
      await user('moderator@pasokh.example'),
      asked.threadId,
      'Yes: open the second order and choose "Ship with order …" before it is packed.',
    );
    if (!answered.ok) throw new Error(`reply refused: ${answered.problem}`);
    answerId = answered.postId;
  } finally {
    await db.destroy();
  }

  const reader = await open(browser, baseURL!, viewports.desktop);
  await reader.goto('/en/');
  await expect(reader.getByRole('link', { name: title })).toHaveCount(0);
  // The asker accepts the answer (a signed-in form post, which empties the anonymous cache).
  const asker = await requests.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
  expect(
    (
      await asker.post('/en/account/signin/', {
        form: { email: 'member@pasokh.example', password: passwords.member },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(303);
  expect(
    (await asker.post('/_actions/forum.accept/', { form: { postId: String(answerId!), locale: 'en' } })).status(),
  ).toBe(200);
  await asker.dispose();
  await reader.reload();
  const solved = reader.getByRole('region', { name: 'Recently solved in the community' });
  await expect(solved.getByRole('link', { name: title })).toBeVisible();
  await expect(solved.getByRole('link', { name: 'All solved questions' })).toHaveAttribute(
    'href',
    '/en/community/?list=solved',
  );
  await reader.context().close();
});
