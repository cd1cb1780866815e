// The header search box as a combobox (WAI-ARIA APG, editable combobox with a listbox popup):
// Enter searches unless the visitor arrowed to a suggestion, the keys behave as the pattern
// says, arrows and Enter typed ahead of the suggestions wait for those of the words in the field,
// only a chosen suggestion is logged as a click (with its rank), the "/" hint is for keyboards
// only and the "/" shortcut works on any keyboard layout.
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

/**
 * Per locale: an article page to start from and queries with at least three results, one for
 * each step (tests run in parallel on one database, so no two share a query).
 */
const cases = [
  {
    locale: 'fa',
    start: '/fa/agent-skills/patience-and-empathy/',
    label: 'جست‌وجو در مرکز راهنما',
    desktop: { submitted: 'مشتری عصبانی', browsed: 'مشتری', clicked: 'پاسخ مشتری' },
    phone: { submitted: 'مشتریان', tapped: 'پاسخ' },
    raced: { before: 'کانال', after: 'استخدام کارشناس', opens: '/fa/team-building/hiring-support-agents/' },
  },
  {
    locale: 'ru',
    start: '/ru/agent-skills/patience-and-empathy/',
    label: 'Поиск по справочному центру',
    desktop: { submitted: 'сложный клиент', browsed: 'клиент', clicked: 'ответ клиенту' },
    phone: { submitted: 'клиенты', tapped: 'ответ' },
    raced: { before: 'метрики', after: 'нанимать сотрудников', opens: '/ru/team-building/hiring-support-agents/' },
  },
] as const;

interface EventRow {
  query: string;
  clicked_url: string | null;
  clicked_rank: number | null;
}

/** search_events rows of `query` written since `since` (ms), oldest first. */
function eventsOf(locale: string, query: string, since: number): EventRow[] {
  const db = new Database('data/e2e.db', { readonly: true });
  try {
    return db
      .prepare(
        'SELECT query, clicked_url, clicked_rank FROM search_events WHERE locale = ? AND query = ? AND created_at >= ? ORDER BY id',
      )
      .all(locale, query, since) as EventRow[];
  } finally {
    db.close();
  }
}

/** Types `query` into the focused header search and waits for its suggestions (not those of a part of it). */
async function suggest(page: Page, locale: string, query: string) {
  await page.keyboard.type(query);
  await expect(page.locator('.search-box .see-all')).toHaveAttribute(
    'href',
    `/${locale}/search/?q=${encodeURIComponent(query)}`,
  );
  const options = page.locator('#site-search-results [role="option"]');
  await expect(options.nth(2)).toBeVisible();
  return options;
}

for (const c of cases) {
  test(`${c.locale} desktop: Enter searches, the arrows choose a suggestion, and only a chosen one is logged`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const q = c.desktop;
    await page.setViewportSize(desktop);
    const since = Date.now() - 1000;
    await page.goto(c.start);
    const input = page.getByRole('combobox', { name: c.label });

    // Typed words and Enter: the results page, and no click on anything.
    await page.keyboard.press('/');
    await expect(input).toBeFocused();
    await suggest(page, c.locale, q.submitted);
    await expect(page.locator('#site-search-results [aria-selected="true"]')).toHaveCount(0);
    await expect(input).not.toHaveAttribute('aria-activedescendant');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/${c.locale}/search/\\?q=`));
    expect(new URL(page.url()).searchParams.get('q')).toBe(q.submitted);
    await expect(page.locator('.summary')).not.toBeEmpty();
    await expect.poll(() => eventsOf(c.locale, q.submitted, since).length).toBeGreaterThan(0);
    expect(eventsOf(c.locale, q.submitted, since).filter((row) => row.clicked_url !== null)).toEqual([]);

    // The keys of the pattern.
    await page.goto(c.start);
    await page.keyboard.press('/');
    const options = await suggest(page, c.locale, q.browsed);
    const count = await options.count();
    const activeIs = async (index: number) => {
      await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
      await expect(input).toHaveAttribute('aria-activedescendant', (await options.nth(index).getAttribute('id'))!);
      await expect(page.locator('#site-search-results [aria-selected="true"]')).toHaveCount(1);
      await expect(input).toBeFocused(); // visual focus moves, DOM focus stays in the field
    };
    await page.keyboard.press('ArrowDown');
    await activeIs(0);
    await page.keyboard.press('ArrowDown');
    await activeIs(1);
    await page.keyboard.press('ArrowUp');
    await activeIs(0);
    await page.keyboard.press('ArrowUp'); // wraps to the last
    await activeIs(count - 1);
    await page.keyboard.press('ArrowDown'); // and back to the first
    await activeIs(0);
    // Home and End hand the caret back to the text, at its start or end.
    await page.keyboard.press('Home');
    await expect(input).not.toHaveAttribute('aria-activedescendant');
    expect(await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 0]);
    await page.keyboard.press('ArrowUp');
    await activeIs(count - 1);
    await page.keyboard.press('End');
    await expect(input).not.toHaveAttribute('aria-activedescendant');
    expect(await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([
      q.browsed.length,
      q.browsed.length,
    ]);
    // Escape closes the list and keeps the words; a second Escape clears them.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await expect(input).toHaveAttribute('aria-expanded', 'false');
    await expect(page.locator('.search-box .panel')).toBeHidden();
    await expect(input).toHaveValue(q.browsed);
    await page.keyboard.press('Escape');
    await expect(input).toHaveValue('');
    await expect(input).toBeFocused();

    // A suggestion chosen with the arrows and Enter: that article, logged with its rank.
    await page.goto(c.start);
    await page.keyboard.press('/');
    const chosen = await suggest(page, c.locale, q.clicked);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const url = (await chosen.nth(1).getAttribute('data-url'))!;
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(url);
    await expect
      .poll(() => eventsOf(c.locale, q.clicked, since).filter((row) => row.clicked_url !== null))
      .toEqual([{ query: q.clicked, clicked_url: url, clicked_rank: 2 }]);
  });

  test(`${c.locale}: arrows and Enter pressed before the suggestions for changed words come open one of those, not an older one`, async ({
    page,
  }) => {
    await page.setViewportSize(desktop);
    await page.goto(c.start);
    await page.keyboard.press('/');
    const older = await suggest(page, c.locale, c.raced.before);
    expect(await older.first().getAttribute('data-url')).not.toBe(c.raced.opens);
    // New words, then Down and Enter at once: faster than the suggestions for them can come.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(c.raced.after);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(c.raced.opens);
  });

  test(`${c.locale} phone: the keyboard's Enter searches, a tapped suggestion is logged with its rank, and there is no "/" hint`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: phone, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const q = c.phone;
    const since = Date.now() - 1000;
    await page.goto(c.start);
    const input = page.getByRole('combobox', { name: c.label });
    await expect(page.locator('.search-box .hint')).toBeHidden();
    await input.tap();
    await suggest(page, c.locale, q.submitted);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/${c.locale}/search/\\?q=`));
    expect(new URL(page.url()).searchParams.get('q')).toBe(q.submitted);

    await page.goto(c.start);
    await input.tap();
    const options = await suggest(page, c.locale, q.tapped);
    const url = (await options.nth(2).getAttribute('data-url'))!;
    await options.nth(2).tap();
    await expect(page).toHaveURL(url);
    await expect
      .poll(() => eventsOf(c.locale, q.tapped, since).filter((row) => row.clicked_url !== null))
      .toEqual([{ query: q.tapped, clicked_url: url, clicked_rank: 3 }]);
    expect(eventsOf(c.locale, q.submitted, since).filter((row) => row.clicked_url !== null)).toEqual([]);
    await context.close();
  });
}

test('the "/" hint shows on a desktop with a mouse and hides while typing', async ({ page }) => {
  await page.setViewportSize(desktop);
  await page.goto('/fa/');
  const hint = page.locator('.search-box .hint');
  await expect(hint).toBeVisible();
  await page.keyboard.press('/');
  await expect(hint).toBeHidden();
});

/**
 * Presses the key in the "/" place of a US keyboard as another layout reports it: `key` is what
 * that layout types there (a Russian layout types «.»).
 */
async function pressSlashKey(page: Page, key: string) {
  const cdp = await page.context().newCDPSession(page);
  for (const type of ['keyDown', 'keyUp'] as const) {
    await cdp.send('Input.dispatchKeyEvent', {
      type,
      key,
      code: 'Slash',
      text: type === 'keyDown' ? key : undefined,
      windowsVirtualKeyCode: 191,
      nativeVirtualKeyCode: 191,
    });
  }
  await cdp.detach();
}

for (const { locale, key, layout } of [
  { locale: 'ru', key: '.', layout: 'Russian (ЙЦУКЕН)' },
  { locale: 'fa', key: '/', layout: 'Persian (ISIRI 9147)' },
  { locale: 'en', key: '/', layout: 'US' },
]) {
  test(`${locale}: the "/" key focuses the search on a ${layout} layout, and types as usual in a field`, async ({
    page,
  }) => {
    await page.goto(`/${locale}/agent-skills/patience-and-empathy/`);
    const input = page.locator('#site-search');
    await expect(input).not.toBeFocused();
    await pressSlashKey(page, key);
    await expect(input).toBeFocused();
    await expect(input).toHaveValue('');
    // In a field the key is the visitor's: it types its character and leaves focus alone.
    await page.goto(`/${locale}/contact/`);
    const field = page.locator('input[name="subject"]');
    await field.focus();
    await pressSlashKey(page, key);
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(key);
  });
}
