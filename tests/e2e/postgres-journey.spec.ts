// The customer journey once more, on PostgreSQL (playwright.postgres.config.ts runs only this file,
// against the built server with DATABASE_URL on a throwaway server): sign in, ask, another member
// replies, the asker upvotes the reply, a reader votes on an article with a comment, a customer
// contacts support. Every write is read back through the pages, so it is in the database: the
// thread and reply after a reload, the vote count, the comment in the writers' inbox (stored by
// the vote intake thread), the delivered request in the admins' outbox (sent by the delivery
// worker), and the thread in the site search (the forum search index's Postgres side).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { useTranslations } from '../../src/i18n/index.ts';
import { collectErrors, signInAs } from './helpers.ts';

const { t, tp } = useTranslations('fa');

async function asDemo(browser: Browser, baseURL: string, who: Parameters<typeof signInAs>[2]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, baseURL, who);
  return page;
}

test('fa on PostgreSQL: sign in, ask, reply, upvote, vote on an article, contact support', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const ticket = String(Date.now()).slice(-7);
  const title = `فاکتور رسمی سفارش ${ticket} را چطور دریافت کنم؟`;
  const answer = `در صفحهٔ سفارش‌ها روی «درخواست فاکتور رسمی» بزنید؛ پاسخ ${ticket}`;

  // Sign in through the page.
  const asker = await (await browser.newContext()).newPage();
  const errors = collectErrors(asker);
  await asker.goto('/fa/account/signin/?next=/fa/community/new/');
  await asker.getByLabel(t('account.field.email')).fill('member@pasokh.example');
  await asker.getByLabel(t('account.field.password')).fill('demo-member-pass');
  await asker.getByRole('button', { name: t('account.signin.submit') }).click();
  await expect(asker).toHaveURL(/\/fa\/community\/new\/$/);

  // Ask.
  await asker.getByLabel(t('forum.composer.category'), { exact: true }).selectOption({ label: 'پرداخت و صورتحساب' });
  await asker.getByRole('textbox', { name: t('forum.composer.titleLabel') }).fill(title);
  await asker
    .getByRole('combobox', { name: t('forum.composer.bodyLabel') })
    .fill(`برای سفارش ${ticket} فاکتور رسمی با کد اقتصادی شرکت لازم دارم.`);
  await asker.getByRole('button', { name: t('forum.composer.submit') }).click();
  await expect(asker).toHaveURL(/\/fa\/community\/t\/\d+\/[^/]+\/$/);
  await expect(asker.getByRole('heading', { level: 1 })).toHaveText(title);
  const threadUrl = asker.url();

  // Another member replies (with JavaScript, no reload).
  const helper = await asDemo(browser, baseURL!, 'writer');
  await helper.goto(threadUrl);
  const form = helper.locator('#reply-form');
  await form.getByLabel(t('forum.editor.replyLabel')).fill(answer);
  await form.getByRole('button', { name: t('forum.editor.submitReply') }).click();
  await expect(helper.locator('#post-2')).toContainText(answer);
  await helper.context().close();

  // The asker sees the reply and upvotes it; the vote is still counted after a reload.
  await asker.goto(threadUrl);
  const reply = asker.locator('#post-2');
  await expect(reply).toContainText(answer);
  const upvote = reply.locator('form[data-forum-vote]').getByRole('button', { name: t('forum.post.upvote') });
  await upvote.click();
  await expect(upvote).toHaveAttribute('aria-pressed', 'true');
  await asker.reload();
  await expect(asker.locator('#post-2 form[data-forum-vote] .score')).toHaveText(tp('forum.post.votes', 1));
  await expect(asker.locator('#post-2 form[data-forum-vote] button')).toHaveAttribute('aria-pressed', 'true');

  // Anyone finds the thread in the site search.
  await asker.goto(`/fa/search/?q=${ticket}`);
  await expect(asker.locator('[data-source="community"] a.thread-hit .hit-title')).toHaveText(title);

  // "Was this article helpful?" No, with a reason and a comment (the fetch path: the vote intake thread).
  const comment = `بخش فاکتور رسمی را ندارد ${ticket}`;
  await asker.goto('/fa/agent-skills/patience-and-empathy/');
  const feedback = asker.locator('#feedback');
  await feedback.getByRole('button', { name: t('feedback.no') }).click();
  await expect(feedback.getByRole('heading', { name: t('feedback.noTitle') })).toBeVisible();
  await feedback.getByLabel(t('feedback.reason.missing')).check();
  await feedback.locator('#feedback-no-comment').fill(comment);
  await feedback
    .locator('#feedback-no')
    .getByRole('button', { name: t('feedback.send') })
    .click();
  await expect(feedback.locator('#feedback-thanks-no')).toBeVisible();

  // Contact support: the receipt page, with the reference.
  const subject = `فاکتور رسمی ${ticket}`;
  await asker.goto('/fa/contact/');
  await asker.getByRole('textbox', { name: t('contact.subject') }).fill(subject);
  await asker
    .getByRole('textbox', { name: t('contact.description') })
    .fill('برای حسابداری شرکت فاکتور رسمی با کد اقتصادی لازم دارم.');
  await asker.getByRole('button', { name: t('contact.stillNeedHelp') }).click();
  await expect(asker.getByRole('textbox', { name: t('contact.email') })).toHaveValue('member@pasokh.example');
  await asker.getByRole('button', { name: t('contact.send') }).click();
  await expect(asker).toHaveURL(/\/fa\/contact\/sent\/$/);
  await expect(asker.getByRole('heading', { level: 1 })).toHaveText(t('contact.sent.title'));
  const reference = (await asker.locator('[data-reference]').textContent())!.trim();
  expect(reference).toMatch(/^PSK-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(asker.getByText(subject)).toBeVisible();
  expect(errors).toEqual([]);
  await asker.context().close();

  // The writer finds the comment in the inbox, with its reason.
  const writer = await asDemo(browser, baseURL!, 'writer');
  await writer.goto('/admin/analytics/comments/?lang=fa&locale=fa&status=new');
  await expect(writer.locator('#comments-table tbody tr', { hasText: comment })).toContainText(
    t('admin.reason.missing'),
  );
  await writer.context().close();

  // The delivery worker handed the request to support mail and sent the customer's confirmation.
  const admin = await asDemo(browser, baseURL!, 'admin');
  const delivered = (receiver: string) =>
    admin.locator(`tr[data-reference="${reference}"][data-receiver="${receiver}"]`);
  await expect(async () => {
    await admin.goto('/admin/support/?lang=fa&state=delivered');
    await expect(delivered('support_mail')).toBeVisible({ timeout: 500 });
    await expect(delivered('confirmation')).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await admin.context().close();
});
