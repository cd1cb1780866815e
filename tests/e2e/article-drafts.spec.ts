// Article drafts for writers (src/lib/content/draft.ts): "Draft an article from this" on a solved
// thread, "Draft an article" on each search that found nothing, both downloads of an MDX file with
// the article frontmatter. The thread link is on the writer's own page only: the anonymous page
// and the members' shared page come from a cache every reader gets, so neither may hold it, and
// the download answers no one but writers and admins.
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, request as requests, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { useTranslations, type Locale } from '../../src/i18n/index.ts';
import { collectErrors, demoPasswords, expectLangAndDir, screenshot, seriousViolations, withDb } from './helpers.ts';

const locales = ['fa', 'ru', 'en'] as const;
const en = useTranslations('en').t;

/** A solved demo thread readers can see, in this locale: its path, id and title. */
async function solvedThread(locale: Locale) {
  const row = await withDb((db) =>
    db
      .selectFrom('threads')
      .select(['id', 'slug', 'title'])
      .where('locale', '=', locale)
      .where('accepted_post_id', 'is not', null)
      .where('hidden_at', 'is', null)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow(),
  );
  return { ...row, path: `/${locale}/community/t/${row.id}/${encodeURIComponent(row.slug)}/` };
}

async function signedIn(
  browser: Browser,
  baseURL: string,
  who: keyof typeof demoPasswords,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const response = await page.request.post('/en/account/signin/', {
    form: { email: `${who}@pasokh.example`, password: demoPasswords[who] },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${who}`).toBe(303);
  // The header's script says this browser runs scripts (members then get the shared thread page).
  await page.goto('/en/');
  return { context, page };
}

/** The frontmatter of a downloaded draft, as lines. */
function frontmatterOf(text: string): string[] {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  expect(match, text.slice(0, 400)).not.toBeNull();
  return match![1]!.split('\n');
}

test('a writer downloads a draft from a solved thread: the question, the answer, a link back, credits', async ({
  browser,
  baseURL,
}) => {
  const thread = await solvedThread('en');
  const { context, page } = await signedIn(browser, baseURL!, 'writer');
  const errors = collectErrors(page);
  await page.goto(thread.path);
  const link = page.getByRole('link', { name: en('forum.thread.draftArticle') });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.mdx$/);
  const text = readFileSync((await download.path())!, 'utf8');
  const frontmatter = frontmatterOf(text);
  expect(frontmatter).toContain(`title: ${JSON.stringify(thread.title)}`);
  expect(frontmatter).toContain('draft: true');
  expect(frontmatter).toContain(`updated: ${new Date().toISOString().slice(0, 10)}`);
  expect(frontmatter.some((line) => /^description: ".{10,300}"$/.test(line))).toBe(true);
  expect(
    frontmatter.some((line) =>
      /^category: (agent-skills|team-building|difficult-customers|communication-kpis)$/.test(line),
    ),
  ).toBe(true);
  expect(text).toContain('## Solution');
  // The link back is the thread's short address, which follows the slug wherever the title takes it.
  expect(text).toContain(`](${baseURL}/en/community/t/${thread.id}/)`);
  expect((await page.request.get(`/en/community/t/${thread.id}/`, { maxRedirects: 0 })).headers().location).toBe(
    thread.path,
  );
  expect(text).toMatch(/Thanks to \[[^\]]+\]\(http[^)]+\/en\/community\/u\/\d+\/\)/);
  expect(text).not.toMatch(/@(pasokh|forum\.pasokh)\.example/);

  const response = await page.request.get(`/admin/content/drafts/thread/${thread.id}.mdx`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/markdown; charset=utf-8');
  expect(response.headers()['content-disposition']).toBe(`attachment; filename="${download.suggestedFilename()}"`);
  expect(response.headers()['cache-control']).toBe('private, no-store');
  // A thread that is not solved has nothing to draft from: a clear line, not an empty file.
  const open = await withDb((db) =>
    db
      .selectFrom('threads')
      .select('id')
      .where('accepted_post_id', 'is', null)
      .where('hidden_at', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow(),
  );
  const unsolved = await page.request.get(`/admin/content/drafts/thread/${open.id}.mdx?lang=en`);
  expect(unsolved.status()).toBe(409);
  expect(await unsolved.text()).toBe(`${en('admin.drafts.notSolved')}\n`);
  expect((await page.request.get('/admin/content/drafts/thread/99999999.mdx')).status()).toBe(404);
  expect(errors).toEqual([]);
  await context.close();
});

test('a writer downloads a draft for a search that found nothing, with the query as its title', async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await signedIn(browser, baseURL!, 'writer');
  await page.goto('/admin/analytics/search/?lang=en&locale=en');
  const row = page.locator('#zero-table tbody tr', { hasText: 'refund policy' });
  // Its name says which query (a visually hidden part, which Chromium sets apart with a space).
  const link = row.getByRole('link', { name: new RegExp(`^${en('admin.search.draft')} ?: refund policy$`) });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('refund-policy.mdx');
  const frontmatter = frontmatterOf(readFileSync((await download.path())!, 'utf8'));
  expect(frontmatter).toEqual(
    expect.arrayContaining(['title: "refund policy"', 'draft: true', 'tags: []', 'category: agent-skills']),
  );
  // A hostile query is a title and text, nothing more.
  const hostile = await page.request.get(
    `/admin/content/drafts/search.mdx?locale=en&q=${encodeURIComponent('{process.exit()} <script>import x from "y"')}`,
  );
  const body = await hostile.text();
  expect(frontmatterOf(body)).toContain('title: "{process.exit()} <script>import x from \\"y\\""');
  expect(body).toContain('TODO: who searches for “\\{process.exit()\\} \\<script>import x from "y"”');
  const persian = await page.request.get(
    `/admin/content/drafts/search.mdx?locale=fa&q=${encodeURIComponent('بازپرداخت وجه')}`,
  );
  expect(frontmatterOf(await persian.text())).toContain('title: "بازپرداخت وجه"');
  expect((await page.request.get('/admin/content/drafts/search.mdx?locale=xx&q=a')).status()).toBe(400);
  await context.close();
});

test('members, moderators and anonymous readers get no link, in any page the cache keeps, and no draft', async ({
  browser,
  baseURL,
}) => {
  const thread = await solvedThread('en');
  const draftUrl = `/admin/content/drafts/thread/${thread.id}.mdx`;
  const queryUrl = '/admin/content/drafts/search.mdx?locale=en&q=refund%20policy';
  const noLink = (html: string, who: string) => {
    expect(html, who).toContain(`data-thread-id="${thread.id}"`);
    expect(html, who).not.toContain('/admin/content/drafts/');
    expect(html, who).not.toContain(en('forum.thread.draftArticle'));
  };
  // A writer reads the thread first: their own page has the link; it must not leak into a shared one.
  const writer = await signedIn(browser, baseURL!, 'writer');
  expect(await (await writer.page.request.get(thread.path)).text()).toContain(draftUrl);
  await writer.context.close();

  const anonymous = await requests.newContext({ baseURL: baseURL! });
  for (let i = 0; i < 2; i++) noLink(await (await anonymous.get(thread.path)).text(), 'anonymous');
  expect((await anonymous.get(draftUrl)).status()).toBe(401);
  expect((await anonymous.get(queryUrl)).status()).toBe(401);
  await anonymous.dispose();

  for (const { who, javaScriptEnabled } of [
    { who: 'member', javaScriptEnabled: true },
    { who: 'member', javaScriptEnabled: false },
    { who: 'moderator', javaScriptEnabled: true },
  ] as const) {
    const reader = await signedIn(browser, baseURL!, who, { javaScriptEnabled });
    const label = `${who}${javaScriptEnabled ? '' : ' without scripts'}`;
    // What the server sends this browser (the shared page for a member with scripts)…
    for (let i = 0; i < 2; i++) noLink(await (await reader.page.request.get(thread.path)).text(), label);
    // …and what the page shows once its script has fitted it.
    await reader.page.goto(thread.path);
    if (who === 'member' && javaScriptEnabled)
      await expect(reader.page.locator('[data-thread-id]')).toHaveAttribute('data-viewer', 'fitted');
    await expect(reader.page.getByRole('link', { name: en('forum.thread.draftArticle') })).toHaveCount(0);
    noLink(await reader.page.content(), label);
    expect((await reader.page.request.get(draftUrl)).status(), label).toBe(403);
    expect((await reader.page.request.get(queryUrl)).status(), label).toBe(403);
    await reader.context.close();
  }
});

test('an admin gets the link and the draft too', async ({ browser, baseURL }) => {
  const thread = await solvedThread('ru');
  const { context, page } = await signedIn(browser, baseURL!, 'admin');
  await page.goto(thread.path);
  await expect(page.getByRole('link', { name: useTranslations('ru').t('forum.thread.draftArticle') })).toBeVisible();
  const response = await page.request.get(`/admin/content/drafts/thread/${thread.id}.mdx`);
  expect(response.status()).toBe(200);
  expect(frontmatterOf(await response.text())).toContain(`title: ${JSON.stringify(thread.title)}`);
  await context.close();
});

const viewports = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const locale of locales) {
  for (const { name, viewport } of viewports) {
    test(`${locale} ${name}: the thread page with the link and the search report, light and dark, axe`, async ({
      browser,
      baseURL,
    }) => {
      test.setTimeout(180_000);
      mkdirSync('tests/e2e/screenshots', { recursive: true });
      const { t } = useTranslations(locale);
      const thread = await solvedThread(locale);
      const { context, page } = await signedIn(browser, baseURL!, 'writer', { viewport });
      const errors = collectErrors(page);
      for (const [target, path] of [
        ['thread', thread.path],
        ['search', `/admin/analytics/search/?lang=${locale}&locale=${locale}`],
      ] as const) {
        await page.goto(path);
        await expectLangAndDir(page, locale);
        const link =
          target === 'thread'
            ? page.getByRole('link', { name: t('forum.thread.draftArticle') })
            : page
                .locator('#zero-table')
                .getByRole('link', { name: t('admin.search.draft') })
                .first();
        await expect(link).toBeVisible();
        // Nothing widens the page: a wide table scrolls in its own box.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          await link.scrollIntoViewIfNeeded();
          await screenshot(page, {
            path: `tests/e2e/screenshots/drafts-${target}-${locale}-${name}-${colorScheme}.png`,
            fullPage: target === 'search',
          });
          // Colours differ by scheme; the rest does not: axe once per scheme on the desktop, once on the phone.
          if (name === 'desktop' || colorScheme === 'light')
            expect(await seriousViolations(page), `${target} ${locale} ${name} ${colorScheme}`).toEqual([]);
        }
        await page.emulateMedia({ colorScheme: 'light' });
        // Keyboard: the link takes the focus like any other.
        await link.focus();
        await expect(link).toBeFocused();
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
}
