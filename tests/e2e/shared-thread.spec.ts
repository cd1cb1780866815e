// The members' shared thread page (lib/forum/thread-view.ts, threadFor): a member whose browser
// runs scripts gets the page every member gets, from the server's page cache, and the page's
// script fits it to them from /api/community/viewer/. What they see must be what their own page
// showed: their votes pressed, their flags, edit links on their own posts only, the asker's accept
// buttons. Staff and browsers without scripts get their own page, rendered for them.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { useTranslations } from '../../src/i18n/index.ts';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { categoryBySlug } from '../../src/lib/forum/categories.ts';
import { reply } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { collectErrors, demoPasswords, openThread, seriousViolations, sessionUserByEmail, withDb } from './helpers.ts';

const t = useTranslations('en').t;

/** A member of their own for each test (trust level 1: nothing held), so no other spec's limits or votes get in the way. */
async function freshMember(name: string): Promise<{ email: string; password: string }> {
  const email = `shared-${name.toLowerCase()}-${Date.now()}@pasokh.example`;
  const password = 'shared page pass phrase';
  await withDb(async (db) => {
    const { id } = await createOrPromoteUser(db, { email, role: 'member', name, password, locale: 'en' });
    await db.updateTable('users').set({ trust_level: 1 }).where('id', '=', id).execute();
  });
  return { email, password };
}

async function signedIn(
  browser: Browser,
  baseURL: string,
  who: keyof typeof demoPasswords | { email: string; password: string },
  javaScriptEnabled = true,
) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const { email, password } =
    typeof who === 'string' ? { email: `${who}@pasokh.example`, password: demoPasswords[who] } : who;
  const response = await page.request.post('/en/account/signin/', {
    form: { email, password },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${email}`).toBe(303);
  return { context, page };
}

/** The page as the server sent it to this browser (its cookies), before any script ran. */
const served = async (page: Page, path: string) => (await page.request.get(path)).text();

/** A fresh English question by `asker` with one reply by `helper`: the reply's post id and the thread's path. */
async function question(asker: string, helper: string) {
  return withDb(async (db) => {
    const { id: categoryId } = (await categoryBySlug(db, 'en', 'account'))!;
    const stamp = Date.now();
    const asked = await createThread(db, await sessionUserByEmail(db, asker), {
      locale: 'en',
      categoryId,
      title: `Can I move my subscription to another card ${stamp}`,
      body: 'The card on file expires next week and I do not see where to change it.',
    });
    if (!asked.ok) throw new Error(`ask refused: ${asked.problem}`);
    const answer = await reply(
      db,
      await sessionUserByEmail(db, helper),
      asked.threadId,
      'Open Billing, then Payment methods, and add the new card before removing the old one.',
    );
    if (!answer.ok) throw new Error(`reply refused: ${answer.problem}`);
    const { slug } = await db
      .selectFrom('threads')
      .select('slug')
      .where('id', '=', asked.threadId)
      .executeTakeFirstOrThrow();
    return { path: `/en/community/t/${asked.threadId}/${encodeURIComponent(slug)}/`, replyId: answer.postId };
  });
}

test("a member with scripts: the shared page, fitted to them — votes, flags, own reply's edit link, the bell", async ({
  browser,
  baseURL,
}) => {
  const { path } = await question('writer@pasokh.example', 'admin@pasokh.example');
  const { context, page } = await signedIn(browser, baseURL!, await freshMember('Reader'));
  const errors = collectErrors(page);
  // The first page this browser opens runs the header's script, which says scripts run here.
  await page.goto('/en/');
  await page.goto(path);
  const thread = page.locator('[data-thread-id]');
  await expect(thread).toHaveAttribute('data-viewer', 'fitted');
  await expect(page.locator('[data-bell]')).toBeVisible();

  const others = page.locator('article[data-post]').filter({ has: page.locator('form[data-forum-vote]') });
  const voted = others.first();
  const votedId = await voted.getAttribute('data-post');
  const button = voted.getByRole('button', { name: t('forum.post.upvote') });
  if ((await button.getAttribute('aria-pressed')) !== 'true') {
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }
  // A reply of their own, sent with the page's script.
  const text = `Shared page check ${Date.now()}: the card change worked for me too.`;
  await page.getByLabel(t('forum.editor.replyLabel')).fill(text);
  await page.getByRole('button', { name: t('forum.editor.submitReply') }).click();
  const own = page.locator('article[data-post]', { hasText: text });
  await expect(own).toBeVisible();
  await expect(own.getByRole('link', { name: t('forum.post.edit') })).toBeVisible();

  await page.reload();
  await expect(thread).toHaveAttribute('data-viewer', 'fitted');
  await expect(
    page.locator(`article[data-post="${votedId}"]`).getByRole('button', { name: t('forum.post.upvote') }),
  ).toHaveAttribute('aria-pressed', 'true');
  await expect(own.getByRole('link', { name: t('forum.post.edit') })).toHaveAttribute(
    'href',
    new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}edit/\\d+/$`),
  );
  await expect(own.getByRole('button', { name: t('forum.post.upvote') })).toHaveCount(0);
  await expect(own.getByRole('link', { name: t('forum.flag.open') })).toHaveCount(0);
  // Nobody else's post has an edit link for them.
  await expect(page.getByRole('link', { name: t('forum.post.edit') })).toHaveCount(1);

  // What the server sent is the members' page: nothing in it is this member's.
  const html = await served(page, path);
  expect(html).toContain('data-viewer="shared"');
  expect(html).not.toContain('aria-pressed="true"');
  expect(html).not.toContain('data-bell="in"');
  expect(html).not.toContain(`${path}edit/`);
  expect(await seriousViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('the asker shares the page too, and gets the accept buttons from its script; another member does not', async ({
  browser,
  baseURL,
}) => {
  const member = await freshMember('Asker');
  const { path, replyId } = await question(member.email, 'writer@pasokh.example');
  const asker = await signedIn(browser, baseURL!, member);
  await asker.page.goto('/en/');
  await asker.page.goto(path);
  await expect(asker.page.locator('[data-thread-id]')).toHaveAttribute('data-viewer', 'fitted');
  const answer = asker.page.locator(`article[data-post="${replyId}"]`);
  await answer.getByRole('button', { name: t('forum.post.accept') }).click();
  await expect(asker.page.locator('.thread-meta .badge-solved')).toBeVisible();
  await expect(asker.page.getByRole('button', { name: t('forum.post.unaccept') })).toBeVisible();

  // Another member (writers get their own page: their "Draft an article" link is theirs alone).
  const reader = await signedIn(browser, baseURL!, await freshMember('Other'));
  await reader.page.goto('/en/');
  await reader.page.goto(path);
  await expect(reader.page.locator('[data-thread-id]')).toHaveAttribute('data-viewer', 'fitted');
  await expect(reader.page.getByRole('button', { name: t('forum.post.unaccept') })).toHaveCount(0);
  await expect(reader.page.getByRole('button', { name: t('forum.post.accept') })).toHaveCount(0);
  await asker.context.close();
  await reader.context.close();
});

test('staff, writers and browsers without scripts get their own page, rendered for them', async ({
  browser,
  baseURL,
}) => {
  const path = await openThread('en');
  const moderator = await signedIn(browser, baseURL!, 'moderator');
  await moderator.page.goto('/en/');
  await moderator.page.goto(path);
  await expect(moderator.page.locator('#thread-tools')).toBeVisible();
  const html = await served(moderator.page, path);
  expect(html).not.toContain('data-viewer="shared"');
  expect(html).toContain('data-bell="in"');
  await moderator.context.close();

  const writer = await signedIn(browser, baseURL!, 'writer');
  await writer.page.goto('/en/');
  await writer.page.goto(path);
  expect(await served(writer.page, path)).not.toContain('data-viewer="shared"');
  await writer.context.close();

  const member = await signedIn(browser, baseURL!, 'member', false);
  await member.page.goto(path);
  await expect(member.page.locator('[data-thread-id]')).not.toHaveAttribute('data-viewer', /./);
  await expect(member.page.locator('[data-bell]')).toHaveAttribute('data-bell', 'in');
  await member.context.close();
});
