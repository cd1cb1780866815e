// Moderation, through the pages people use: three members flag a reply → it is hidden → a
// moderator warns the author and restores it from the review queue → the author sees the notice
// → the audit log shows both actions; a level-0 member's first reply waits in the queue and
// appears after approval. Plus the queue by keyboard only, axe on the queue and the audit log in
// every language, and the spam defences and sanctions refusing what they must (staff authors
// included).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { flagPost } from '../../src/lib/moderation/flags.ts';
import { useTranslations } from '../../src/i18n/index.ts';
import {
  collectErrors,
  expectLangAndDir,
  openThread,
  screenshot,
  seriousViolations,
  sessionUserByEmail,
  withDb,
} from './helpers.ts';

const { t } = useTranslations('en');

interface Account {
  id: number;
  email: string;
  password: string;
  name: string;
}

/** A fresh member per test (the demo accounts' hourly limits are spent by other tests). */
async function newMember(
  label: string,
  trustLevel = 1,
  restrict: { silenced?: boolean; suspended?: boolean } = {},
): Promise<Account> {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const email = `${label}-${tag}@moderation.example`;
  const password = `mod-${Math.random().toString(36).slice(2)}-pass`;
  const name = `${label} ${tag.slice(-6)}`;
  const future = new Date(Date.now() + 86_400_000).toISOString();
  const id = await withDb(async (db) => {
    const { id } = await createOrPromoteUser(db, { email, role: 'member', password, name, locale: 'en' });
    await db
      .updateTable('users')
      .set({
        email_verified_at: new Date().toISOString(),
        trust_level: trustLevel,
        silenced_until: restrict.silenced ? future : null,
        suspended_until: restrict.suspended ? future : null,
      })
      .where('id', '=', id)
      .execute();
    return id;
  });
  return { id, email, password, name };
}

async function signedIn(
  browser: Browser,
  baseURL: string,
  account: { email: string; password: string },
  javaScriptEnabled = true,
): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const response = await page.request.post('/en/account/signin/', {
    form: { email: account.email, password: account.password },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${account.email}`).toBe(303);
  return page;
}

const moderatorAccount = { email: 'moderator@pasokh.example', password: 'demo-moderator-pass' };

/** Posts a reply through the thread page (with JavaScript) and returns its post id. */
async function replyOnPage(page: Page, path: string, text: string): Promise<number> {
  await page.goto(path);
  await page.locator('#reply-form-body').fill(text);
  await page.getByRole('button', { name: t('forum.editor.submitReply') }).click();
  const post = page.locator('article[data-post]', { hasText: text });
  await expect(post).toBeVisible();
  return Number(await post.getAttribute('data-post'));
}

const pendingItem = (postId: number, kind: 'flag' | 'held') =>
  withDb((db) =>
    db
      .selectFrom('review_items')
      .select('id')
      .where('post_id', '=', postId)
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  );

/** The queue page starting at this item (keyset), so other tests' items do not push it off the page. */
const queueAt = (itemId: number, lang = 'en') => `/admin/moderation/?lang=${lang}&after=${itemId - 1}`;

test('three flags hide a reply; a moderator warns the author and restores it; the author is told; the audit log has both', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const path = await openThread();
  const author = await newMember('author');
  const text = `Buy cheap followers now, offer ${Date.now()}`;
  const authorPage = await signedIn(browser, baseURL!, author);
  const postId = await replyOnPage(authorPage, path, text);

  // Three members flag it from the thread page, each once; the third flag hides it.
  for (const [i, reason] of (['spam', 'spam', 'offTopic'] as const).entries()) {
    const flagger = await signedIn(browser, baseURL!, await newMember(`flagger${i}`));
    const errors = collectErrors(flagger);
    await flagger.goto(path);
    const post = flagger.locator(`article[data-post="${postId}"]`);
    // The page carries its flag form once, inert, not one per post: the link puts it here.
    await expect(flagger.locator('form[data-forum-flag]')).toHaveCount(0);
    await post.getByText(t('forum.flag.open'), { exact: true }).click();
    await expect(flagger.locator('form[data-forum-flag]')).toHaveCount(1);
    await expect(post.locator('input[name="reason"]').first()).toBeFocused();
    await post.getByLabel(t(`forum.flag.reason.${reason}`)).check();
    await post.getByLabel(t('forum.flag.note')).fill(`note ${i}: advertising`);
    await post.getByRole('button', { name: t('forum.flag.submit') }).click();
    await expect(post.getByText(t('forum.flag.flagged'), { exact: true })).toBeVisible();
    await expect(post.getByRole('status')).toHaveText(t('forum.flag.thanks'));
    // Once per post: after a reload the form is gone and the state stays.
    await flagger.reload();
    await expect(post.getByText(t('forum.flag.flagged'), { exact: true })).toBeVisible();
    await expect(post.getByText(t('forum.flag.open'), { exact: true })).toHaveCount(0);
    expect(errors).toEqual([]);
    await flagger.context().close();
  }
  const reader = await browser.newPage();
  await reader.goto(path);
  await expect(reader.getByText(text)).toHaveCount(0);

  // The moderator finds it in the queue with the three flags and their notes.
  const item = await pendingItem(postId, 'flag');
  expect(item).toBeTruthy();
  const moderator = await signedIn(browser, baseURL!, moderatorAccount);
  await moderator.goto(queueAt(item!.id));
  const card = moderator.locator(`#item-${item!.id}`);
  await expect(card.locator('.post-body').getByText(text)).toBeVisible();
  await expect(card.getByText(/note \d: advertising/)).toHaveCount(3);
  await expect(card.getByText(t('mod.queue.postState.hidden'), { exact: true })).toBeVisible();
  await card.getByRole('button', { name: t('mod.queue.claim') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.claim') })).toBeVisible();
  await expect(card.getByText(/You have claimed this item until/)).toBeVisible();

  // Another moderator (the admin) cannot act on the claimed item: no buttons, and a forged post is refused.
  const admin = await signedIn(browser, baseURL!, { email: 'admin@pasokh.example', password: 'demo-admin-pass' });
  await admin.goto(queueAt(item!.id));
  await expect(admin.locator(`#item-${item!.id}`).getByText(/is working on this item until/)).toBeVisible();
  await expect(admin.locator(`#item-${item!.id}`).getByRole('button', { name: t('mod.queue.approve') })).toHaveCount(0);
  const forged = await admin.request.post('/admin/moderation/?lang=en', {
    form: { op: 'hide', item: String(item!.id) },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(409);
  expect(await forged.text()).toContain(t('forum.error.claimed'));
  await admin.context().close();

  const warning = `Advertising is not allowed here ${Date.now() % 10_000}`;
  await card.getByText(t('mod.queue.onAuthor')).click();
  await card.getByLabel(t('mod.queue.warn')).check();
  await card.locator(`#sanction-reason-${item!.id}`).fill(warning);
  await card.getByRole('button', { name: t('mod.queue.apply') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.warn') })).toBeVisible();

  await card.locator(`#reason-${item!.id}`).fill('Flags were mistaken after all');
  await card.getByRole('button', { name: t('mod.queue.restore') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.restore') })).toBeVisible();
  await reader.reload();
  await expect(reader.getByText(text)).toBeVisible();

  // The author sees the warning with its reason.
  await authorPage.goto('/en/community/notifications/');
  await expect(authorPage.getByText(warning)).toBeVisible();

  // The audit log shows both actions on the author, with reasons.
  await moderator.goto(`/admin/audit/?lang=en&user=${author.id}`);
  const rows = moderator.locator('#audit-table tbody tr');
  await expect(rows.filter({ hasText: t('mod.action.user.warn') }).filter({ hasText: warning })).toHaveCount(1);
  await expect(rows.filter({ hasText: t('mod.action.post.restore') })).toHaveCount(1);
  await expect(rows.filter({ hasText: t('mod.action.system.flagHide') })).toHaveCount(1);
  const csv = await moderator.request.get(`/admin/audit.csv?user=${author.id}`);
  expect(csv.status()).toBe(200);
  const body = await csv.text();
  expect(body).toContain('user.warn');
  expect(body).toContain('post.restore');
  expect(body).toContain(warning);
  await authorPage.context().close();
  await moderator.context().close();
  await reader.close();
});

test("a level-0 member's first reply waits in the queue and appears after approval", async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const path = await openThread();
  const newcomer = await newMember('newcomer', 0);
  const text = `My first question here, about invoices ${Date.now()}`;
  const page = await signedIn(browser, baseURL!, newcomer);
  const postId = await replyOnPage(page, path, text);
  await expect(page.locator(`article[data-post="${postId}"]`).getByText(t('forum.post.pending'))).toBeVisible();

  const reader = await browser.newPage();
  await reader.goto(path);
  await expect(reader.getByText(text)).toHaveCount(0);

  const item = await pendingItem(postId, 'held');
  expect(item).toBeTruthy();
  const moderator = await signedIn(browser, baseURL!, moderatorAccount);
  await moderator.goto(queueAt(item!.id));
  const card = moderator.locator(`#item-${item!.id}`);
  await expect(card.locator('.item-content').getByText(t('mod.queue.heldReason.newUser'))).toBeVisible();
  await card.getByRole('button', { name: t('mod.queue.approve') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.approve') })).toBeVisible();
  await expect(moderator.locator(`#item-${item!.id}`)).toHaveCount(0);
  // The item left the list: focus is on the notice that says what happened.
  await expect(moderator.locator('.notice')).toBeFocused();

  await reader.reload();
  await expect(reader.getByText(text)).toBeVisible();
  await page.context().close();
  await moderator.context().close();
  await reader.close();
});

test('a moderator corrects a held question’s title and text from the queue; the reader sees both once approved', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const newcomer = await newMember('asker', 0);
  const tag = Date.now();
  const created = await withDb(async (db) => {
    const category = await db
      .selectFrom('forum_categories')
      .select('id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    return createThread(db, await sessionUserByEmail(db, newcomer.email), {
      locale: 'en',
      categoryId: category.id,
      title: `invoce not recieved ${tag}`,
      body: `I paid yesterday but the invoce never came. ${tag}`,
    });
  });
  if (!created.ok) throw new Error(`could not ask: ${created.problem}`);
  const item = await pendingItem(created.postId, 'held');
  expect(item).toBeTruthy();
  const moderator = await signedIn(browser, baseURL!, moderatorAccount);
  await moderator.goto(queueAt(item!.id));
  const card = moderator.locator(`#item-${item!.id}`);
  await card.locator('details.edit summary').click();
  await card.getByLabel(t('mod.queue.editTitle')).fill(`Invoice not received ${tag}`);
  await card.getByLabel(t('mod.queue.editBody')).fill(`I paid yesterday but the invoice never came. ${tag}`);
  await card.locator('details.edit').getByLabel(t('mod.queue.reason')).fill('Spelling');
  await card.getByRole('button', { name: t('mod.queue.editSave') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.edit') })).toBeVisible();
  await moderator
    .locator(`#item-${item!.id}`)
    .getByRole('button', { name: t('mod.queue.approve') })
    .click();
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.approve') })).toBeVisible();
  const reader = await browser.newPage();
  await reader.goto(`/en/community/t/${created.threadId}/${encodeURIComponent(created.slug)}/`);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(`Invoice not received ${tag}`);
  await expect(reader.getByText(`I paid yesterday but the invoice never came. ${tag}`)).toBeVisible();
  await moderator.context().close();
  await reader.close();
});

test('the queue by keyboard only: j/k move between items, c claims and releases, letters typed in a field do nothing', async ({
  browser,
  baseURL,
}) => {
  const author = await newMember('kbd-author', 0);
  const page0 = await signedIn(browser, baseURL!, author);
  const postId = await replyOnPage(page0, await openThread(), `Keyboard check reply ${Date.now()}`);
  await page0.context().close();
  const item = (await pendingItem(postId, 'held'))!;

  const moderator = await signedIn(browser, baseURL!, moderatorAccount);
  const errors = collectErrors(moderator);
  await moderator.goto(queueAt(item.id));
  await expect(moderator.getByText(t('mod.queue.shortcutsHelp'))).toBeVisible();
  await moderator.keyboard.press('j');
  await expect(moderator.locator(`#item-${item.id}`)).toBeFocused();
  await moderator.keyboard.press('c');
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.claim') })).toBeVisible();
  // Back at the item after the post: focus is on it, so the next shortcut acts on it again.
  await expect(moderator.locator(`#item-${item.id}`)).toBeFocused();
  await expect(moderator.locator(`#item-${item.id}`).getByText(/You have claimed this item until/)).toBeVisible();

  // Typing "a" (approve) or "h" (hide) into the reason field only types.
  await moderator.locator(`#reason-${item.id}`).focus();
  await moderator.keyboard.type('ah');
  await expect(moderator.locator(`#reason-${item.id}`)).toHaveValue('ah');
  await expect(moderator.locator(`#item-${item.id}`)).toBeVisible();
  expect(await pendingItem(postId, 'held')).toBeTruthy();

  // Tab order reaches the buttons; Enter on the focused Release button works like a click.
  await moderator
    .locator(`#item-${item.id}`)
    .getByRole('button', { name: t('mod.queue.unclaim') })
    .focus();
  await moderator.keyboard.press('Enter');
  await expect(moderator.getByRole('status').filter({ hasText: t('mod.queue.done.unclaim') })).toBeVisible();
  // k from the first item stays there; "/" still opens the site search, not a queue action.
  await moderator.keyboard.press('k');
  await expect(moderator.locator(`#item-${item.id}`)).toBeFocused();
  expect(errors).toEqual([]);
  await moderator.context().close();
});

test('the queue on a Persian keyboard: keys by their place (J types «ت»), never while typing, never with Ctrl/Alt/Meta', async ({
  browser,
  baseURL,
}) => {
  const author = await newMember('layout-author', 0);
  const page0 = await signedIn(browser, baseURL!, author);
  const postId = await replyOnPage(page0, await openThread(), `Layout check reply ${Date.now()}`);
  await page0.context().close();
  const item = (await pendingItem(postId, 'held'))!;
  const fa = useTranslations('fa').t;

  const moderator = await signedIn(browser, baseURL!, moderatorAccount);
  const errors = collectErrors(moderator);
  await moderator.goto(queueAt(item.id, 'fa'));
  await expectLangAndDir(moderator, 'fa');
  const card = moderator.locator(`#item-${item.id}`);
  // What a Persian layout sends: the letter it types as `key`, the key's place as `code`. Answers
  // whether the queue took the key (it calls preventDefault when it does).
  const press = (init: { key: string; code: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }) =>
    moderator.evaluate(
      (init) =>
        (document.activeElement ?? document.body).dispatchEvent(
          new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }),
        ) === false,
      init,
    );

  expect(await press({ key: 'ت', code: 'KeyJ' })).toBe(true);
  await expect(card).toBeFocused();
  // Modified keys belong to the browser and the system: Ctrl+J, Alt+C, Meta+C do nothing here.
  expect(await press({ key: 'ت', code: 'KeyJ', ctrlKey: true })).toBe(false);
  expect(await press({ key: 'ز', code: 'KeyC', altKey: true })).toBe(false);
  expect(await press({ key: 'ز', code: 'KeyC', metaKey: true })).toBe(false);
  // Typing in a field only types: «ز» (c, claim) and «ش» (a, approve) in the reason field.
  await card.locator(`#reason-${item.id}`).focus();
  expect(await press({ key: 'ز', code: 'KeyC' })).toBe(false);
  expect(await press({ key: 'ش', code: 'KeyA' })).toBe(false);
  await expect(card.getByText(fa('mod.queue.unclaimed'))).toBeVisible();
  expect(moderator.url()).not.toContain('done=');
  // Back on the item, «ز» is c: claim.
  await card.focus();
  expect(await press({ key: 'ز', code: 'KeyC' })).toBe(true);
  await expect(moderator.getByRole('status').filter({ hasText: fa('mod.queue.done.claim') })).toBeVisible();
  await expect(moderator.locator(`#item-${item.id}`)).toBeFocused();
  // The Russian layout too: «л» is k (stays on the first item), «с» is c (release).
  expect(await press({ key: 'л', code: 'KeyK' })).toBe(true);
  expect(await press({ key: 'с', code: 'KeyC' })).toBe(true);
  await expect(moderator.getByRole('status').filter({ hasText: fa('mod.queue.done.unclaim') })).toBeVisible();
  expect(errors).toEqual([]);
  await moderator.context().close();
});

for (const [lang, viewport] of [
  ['fa', { width: 390, height: 844 }],
  ['en', { width: 1280, height: 800 }],
  ['fa', { width: 1280, height: 800 }],
  ['en', { width: 390, height: 844 }],
] as const) {
  test(`${lang} ${viewport.width}px: a watched word repeated in a post is listed once; the sanction form hides the duration for a warning; its select looks like the admin's others`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t: tl } = useTranslations(lang);
    const tag = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const word = `holdword${tag}`;
    const author = await newMember('word-author');
    const itemId = await withDb(async (db) => {
      await db
        .insertInto('watched_words')
        .values({ locale: 'en', word, normalized: word, action: 'hold', created_by: null, created_at: Date.now() })
        .execute();
      const category = await db
        .selectFrom('forum_categories')
        .select('id')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const asked = await createThread(db, await sessionUserByEmail(db, author.email), {
        locale: 'en',
        categoryId: category.id,
        title: `Question about ${word}`,
        body: `Is ${word} legit? My friend says ${word} pays, and ${word.toUpperCase()} is everywhere.`,
      });
      if (!asked.ok) throw new Error(`could not ask: ${asked.problem}`);
      const item = await db
        .selectFrom('review_items')
        .select('id')
        .where('post_id', '=', asked.postId)
        .where('kind', '=', 'watched_word')
        .executeTakeFirstOrThrow();
      return item.id;
    });
    const moderator = await signedIn(browser, baseURL!, moderatorAccount);
    await moderator.setViewportSize(viewport);
    const errors = collectErrors(moderator);
    await moderator.goto(queueAt(itemId, lang));
    await expectLangAndDir(moderator, lang);
    const card = moderator.locator(`#item-${itemId}`);
    await expect(card.locator('.item-content .word')).toHaveText([word]);

    await card.locator('details.sanction summary').click();
    const duration = card.locator(`#duration-${itemId}`);
    await expect(card.getByLabel(tl('mod.queue.warn'))).toBeChecked();
    await expect(duration).toBeHidden();
    await card.getByLabel(tl('mod.queue.silence')).check();
    await expect(duration).toBeVisible();
    await card.getByLabel(tl('mod.queue.warn')).check();
    await expect(duration).toBeHidden();
    await card.getByLabel(tl('mod.queue.suspend')).check();
    await expect(duration).toBeVisible();
    const look = (el: Element) => {
      const s = getComputedStyle(el);
      return {
        radius: s.borderRadius,
        border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
        padding: s.padding,
        background: s.backgroundColor,
        font: s.fontFamily,
        direction: s.direction,
        appearance: s.appearance,
      };
    };
    const queueSelect = await duration.evaluate(look);
    expect(queueSelect.direction).toBe(lang === 'fa' ? 'rtl' : 'ltr');
    // The browser's own arrow, so it sits at the end of the field: the left in Persian.
    expect(queueSelect.appearance).toBe('auto');
    expect(
      await moderator.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    await screenshot(moderator, {
      path: `/tmp/shots-i14-staff-queue/queue-sanction-${lang}-${viewport.width}.png`,
      fullPage: false,
    });
    // axe is slow: once per language (fa on the phone, en on the desktop).
    if ((lang === 'fa') === viewport.width < 600) expect(await seriousViolations(moderator)).toEqual([]);

    // The same look as the selects on the other moderation pages.
    await moderator.goto(`/admin/moderation/users/${author.id}/?lang=${lang}`);
    expect(await moderator.locator('#trust-level').evaluate(look)).toEqual(queueSelect);
    await moderator.goto(`/admin/moderation/words/?lang=${lang}`);
    expect(await moderator.locator('#add-action').evaluate(look)).toEqual(queueSelect);
    expect(errors).toEqual([]);
    await moderator.context().close();
  });
}

for (const [lang, javaScriptEnabled, viewport] of [
  ['fa', true, { width: 390, height: 844 }],
  ['fa', false, { width: 1280, height: 800 }],
  ['en', true, { width: 1280, height: 800 }],
  ['en', false, { width: 390, height: 844 }],
] as const) {
  test(`${lang}, ${javaScriptEnabled ? 'with' : 'without'} JavaScript, ${viewport.width}px: the flag form chooses no reason; sent without one it says so in the page's language and keeps the note`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const { t: tl } = useTranslations(lang);
    const path = await openThread(lang);
    const flagger = await signedIn(browser, baseURL!, await newMember('no-reason'), javaScriptEnabled);
    await flagger.setViewportSize(viewport);
    const errors = collectErrors(flagger);
    await flagger.goto(path);
    const post = flagger.locator('article[data-post]').first();
    const postId = await post.getAttribute('data-post');
    await post.getByText(tl('forum.flag.open'), { exact: true }).click();
    const radios = post.locator('input[name="reason"]');
    await expect(radios).toHaveCount(4);
    for (const radio of await radios.all()) await expect(radio).not.toBeChecked();
    const note =
      lang === 'fa' ? 'این پاسخ تبلیغ یک فروشگاه است، نه کمک.' : 'This reply advertises a shop instead of helping.';
    await post.getByLabel(tl('forum.flag.note')).fill(note);
    await post.getByRole('button', { name: tl('forum.flag.submit') }).click();
    const again = flagger.locator(`article[data-post="${postId}"]`);
    await expect(again.getByRole('alert').filter({ hasText: tl('forum.error.flagReason') })).toBeVisible();
    await expect(again.getByLabel(tl('forum.flag.note'))).toHaveValue(note);
    for (const radio of await again.locator('input[name="reason"]').all()) await expect(radio).not.toBeChecked();
    await expect(again.getByText(tl('forum.flag.flagged'), { exact: true })).toHaveCount(0);
    await expectLangAndDir(flagger, lang);
    expect(
      await flagger.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    await screenshot(flagger, {
      path: `/tmp/shots-i14-staff-queue/flag-no-reason-${lang}-${javaScriptEnabled ? 'js' : 'nojs'}-${viewport.width}.png`,
    });
    if (javaScriptEnabled) expect(await seriousViolations(flagger)).toEqual([]);
    // The refusal itself is a 422 (the action's answer, or the page without script).
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
    expect(
      await withDb((db) =>
        db.selectFrom('flags').select('id').where('post_id', '=', Number(postId)).where('note', '=', note).execute(),
      ),
    ).toEqual([]);
    await flagger.context().close();
  });
}

for (const lang of ['fa', 'ru', 'en'] as const) {
  test(`${lang}: the queue and the audit log have no serious axe violations`, async ({ browser, baseURL }) => {
    test.setTimeout(60_000);
    const moderator = await signedIn(browser, baseURL!, moderatorAccount);
    const errors = collectErrors(moderator);
    for (const path of [`/admin/moderation/?lang=${lang}`, `/admin/audit/?lang=${lang}`]) {
      await moderator.goto(path);
      await expectLangAndDir(moderator, lang);
      await expect(moderator.locator('h1')).toHaveText(
        useTranslations(lang).t(path.startsWith('/admin/audit') ? 'mod.audit.title' : 'mod.queue.title'),
      );
      expect(await seriousViolations(moderator), path).toEqual([]);
    }
    expect(errors).toEqual([]);
    await moderator.context().close();
  });
}

test('refused: spam-looking forms, flagging one’s own post, and silenced or suspended members writing', async ({
  browser,
  baseURL,
}) => {
  const path = await openThread();
  const writer = await newMember('writer');
  const page = await signedIn(browser, baseURL!, writer);
  await page.goto(path);
  const stamp = await page.locator('#reply-form input[name="form_stamp"]').inputValue();
  const origin = { Origin: baseURL! };

  // Honeypot filled, or a forged stamp: refused with the localized message.
  const honeypot = await page.request.post('/_actions/forum.reply/', {
    form: {
      threadId: path.split('/')[4]!,
      body: 'A perfectly normal reply text',
      locale: 'en',
      form_stamp: stamp,
      website: 'http://spam.example',
    },
    headers: origin,
  });
  expect(honeypot.status()).toBe(400);
  expect(await honeypot.text()).toContain(t('forum.error.spam'));
  const forged = await page.request.post('/_actions/forum.reply/', {
    form: {
      threadId: path.split('/')[4]!,
      body: 'A perfectly normal reply text',
      locale: 'en',
      form_stamp: `${Date.now() - 60_000}.AAAAAAAAAAAAAAAAAAAAAA`,
    },
    headers: origin,
  });
  expect(forged.status()).toBe(400);

  // Without JavaScript a refused reply comes back with the text kept.
  const noScript = await signedIn(browser, baseURL!, writer, false);
  await noScript.goto(path);
  await noScript.locator('#reply-form-body').fill('Text I do not want to lose');
  await noScript
    .locator('#reply-form input[name="website"]')
    .evaluate((input: HTMLInputElement) => (input.value = 'bot'));
  await noScript.getByRole('button', { name: t('forum.editor.submitReply') }).click();
  await expect(noScript.getByRole('alert').filter({ hasText: t('forum.error.spam') })).toBeVisible();
  await expect(noScript.locator('#reply-form-body')).toHaveValue('Text I do not want to lose');
  await noScript.context().close();

  // One's own post cannot be flagged (no form, and the action refuses).
  const postId = await replyOnPage(page, path, `My own reply ${Date.now()}`);
  await expect(
    page.locator(`article[data-post="${postId}"]`).getByText(t('forum.flag.open'), { exact: true }),
  ).toHaveCount(0);
  const own = await page.request.post('/_actions/forum.flag/', {
    form: { postId: String(postId), reason: 'spam', locale: 'en', form_stamp: stamp },
    headers: origin,
  });
  expect(own.status()).toBe(403);
  expect(await own.text()).toContain(t('forum.error.flagOwnPost'));
  await page.context().close();

  // Silenced and suspended members read, but cannot reply or flag; no flag form is offered.
  for (const [label, restrict, problem] of [
    ['silenced', { silenced: true }, 'forum.error.silenced'],
    ['suspended', { suspended: true }, 'forum.error.suspended'],
  ] as const) {
    const restricted = await signedIn(browser, baseURL!, await newMember(label, 1, restrict));
    await restricted.goto(path);
    await expect(restricted.getByText(t(problem))).toBeVisible();
    await expect(
      restricted.locator(`article[data-post="${postId}"]`).getByText(t('forum.flag.open'), { exact: true }),
    ).toHaveCount(0);
    const replied = await restricted.request.post('/_actions/forum.reply/', {
      form: { threadId: path.split('/')[4]!, body: `Trying to post while ${label}`, locale: 'en', form_stamp: stamp },
      headers: origin,
    });
    expect(replied.status(), `${label} reply`).toBe(403);
    expect(await replied.text()).toContain(t(problem));
    const flagged = await restricted.request.post('/_actions/forum.flag/', {
      form: { postId: String(postId), reason: 'spam', locale: 'en', form_stamp: stamp },
      headers: origin,
    });
    expect(flagged.status(), `${label} flag`).toBe(403);
    expect((await restricted.request.get('/admin/moderation/', { maxRedirects: 0 })).status()).toBe(403);
    await restricted.context().close();
  }
});

test('a sanction from the queue on a staff author is refused with the localized 403, not a 500', async ({
  browser,
  baseURL,
}) => {
  // A staff member's question, flagged by a member: the item's author is staff.
  const staff = await newMember('staff');
  const flagger = await newMember('flagger');
  const itemId = await withDb(async (db) => {
    await createOrPromoteUser(db, { email: staff.email, role: 'moderator' });
    const category = await db
      .selectFrom('forum_categories')
      .select('id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const asked = await createThread(db, await sessionUserByEmail(db, staff.email), {
      locale: 'en',
      categoryId: category.id,
      title: `Staff notice ${Date.now()}`,
      body: 'Maintenance tonight from ten to eleven.',
    });
    if (!asked.ok) throw new Error(`could not ask: ${asked.problem}`);
    const flagged = await flagPost(db, await sessionUserByEmail(db, flagger.email), asked.postId, {
      reason: 'other',
      note: 'I disagree',
    });
    if (!flagged.ok) throw new Error(`could not flag: ${flagged.problem}`);
    return flagged.itemId;
  });
  const moderator = await signedIn(browser, baseURL!, moderatorAccount);
  const refused = await moderator.request.post('/admin/moderation/?lang=fa', {
    form: { op: 'suspend', item: String(itemId), reason: 'تست', duration: '7d' },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(403);
  const html = await refused.text();
  expect(html).toContain('<html lang="fa" dir="rtl"');
  expect(html).toContain(useTranslations('fa').t('forum.error.staffAccount'));
  const row = await withDb((db) =>
    db
      .selectFrom('users')
      .select(['suspended_until', 'silenced_until'])
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow(),
  );
  expect(row).toEqual({ suspended_until: null, silenced_until: null });
  await moderator.context().close();
});

test('thread tools: a moderator locks, sets slow mode and closes a question as a duplicate; readers see the notices, not the tools; the log has each', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const original = await openThread();
  const asker = await signedIn(browser, baseURL!, await newMember('asker'));
  await asker.goto('/en/community/new/');
  const stamp = await asker.locator('input[name="form_stamp"]').inputValue();
  const category = await withDb((db) =>
    db.selectFrom('forum_categories').select('id').orderBy('id').executeTakeFirstOrThrow(),
  );
  const created = await asker.request.post('/en/community/new/?_action=forum.createThread', {
    form: {
      locale: 'en',
      category: String(category.id),
      title: `How do I export my invoices ${Date.now()}?`,
      body: 'I need every invoice of last year as one file for my accountant.',
      form_stamp: stamp,
    },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(303);
  const path = created.headers()['location']!;
  const threadId = Number(path.split('/')[4]);
  await asker.context().close();

  const moderator = await signedIn(browser, baseURL!, moderatorAccount);
  await moderator.goto(path);
  const tools = moderator.locator('#thread-tools');
  await tools.getByText(t('forum.tools.title')).click();
  await tools.getByLabel(t('forum.tools.slowMode')).selectOption('5');
  await tools.getByRole('button', { name: t('forum.tools.slowSubmit') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('forum.tools.done') })).toBeVisible();
  await expect(moderator.locator('[data-slow-mode-notice]')).toContainText('5');

  await tools.getByLabel(t('forum.tools.duplicate')).fill(`${baseURL}${original}`);
  await tools.locator('#tool-dup-reason').fill('Answered in the older question');
  await tools.getByRole('button', { name: t('forum.tools.duplicateSubmit') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('forum.tools.done') })).toBeVisible();
  await expect(moderator.getByText(t('forum.badge.locked'), { exact: true })).toBeVisible();

  // Anyone else: the notices and the link to the original, no tools.
  const reader = await browser.newPage();
  await reader.goto(path);
  await expect(reader.locator('[data-duplicate-notice]')).toContainText(t('forum.thread.duplicateNotice'));
  await expect(reader.locator('[data-duplicate-notice] a')).toHaveAttribute('href', original);
  await expect(reader.locator('[data-slow-mode-notice]')).toBeVisible();
  await expect(reader.locator('#thread-tools')).toHaveCount(0);
  await reader.close();

  // Unlocking, with a refused duplicate of itself on the way (localized error, nothing changes).
  // The page came back with the tools open (after an action); open them if not.
  if (!(await tools.evaluate((d) => (d as HTMLDetailsElement).open)))
    await tools.getByText(t('forum.tools.title')).click();
  await tools.getByLabel(t('forum.tools.duplicate')).fill(String(threadId));
  await tools.getByRole('button', { name: t('forum.tools.duplicateSubmit') }).click();
  await expect(moderator.getByRole('alert').filter({ hasText: t('forum.error.invalidInput') })).toBeVisible();
  await tools.getByRole('button', { name: t('forum.tools.unlock') }).click();
  await expect(moderator.getByRole('status').filter({ hasText: t('forum.tools.done') })).toBeVisible();

  await moderator.goto(`/admin/audit/?lang=en`);
  const rows = moderator.locator('#audit-table tbody tr', { hasText: `thread ${threadId}` });
  for (const action of ['thread.slowMode', 'thread.duplicate', 'thread.unlock'] as const) {
    await expect(rows.filter({ hasText: t(`mod.action.${action}`) })).toHaveCount(1);
  }
  await moderator.context().close();
});
