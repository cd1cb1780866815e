import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { editablePost, namesThread, redirectAfter, threadAt, threadRoute } from '../../../src/lib/forum/thread-view.ts';
import { createThread, threadPage, type ThreadPage } from '../../../src/lib/forum/threads.ts';
import { testDb, testUser } from '../helpers.ts';
import { ask, forum } from './fixture.ts';

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`Refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

describe('threadRoute', () => {
  it('reads the id and ?page= as plain digits, page 1 when none is given', () => {
    expect(threadRoute('42', null)).toEqual({ threadId: 42, page: 1 });
    expect(threadRoute('42', '3')).toEqual({ threadId: 42, page: 3 });
  });

  it('answers null (404) for anything else', () => {
    for (const [id, page] of [
      [undefined, null],
      ['', null],
      ['4x', null],
      ['1234567890123456', null],
      ['42', ''],
      ['42', '-1'],
      ['42', '1234567'],
      ['42', '2.5'],
    ] as const) {
      expect(threadRoute(id, page), `${id} ${page}`).toBeNull();
    }
  });
});

describe('namesThread', () => {
  const thread = { locale: 'fa', slug: 'کد-تأیید' };
  it('the thread locale and its current slug, percent-encoded as browsers send it', () => {
    expect(namesThread(thread, 'fa', encodeURIComponent('کد-تأیید'))).toBe(true);
    expect(namesThread(thread, 'fa', 'کد-تأیید')).toBe(true);
  });
  it('another locale, an old slug, no slug or a badly encoded one is not its address', () => {
    expect(namesThread(thread, 'en', encodeURIComponent('کد-تأیید'))).toBe(false);
    expect(namesThread(thread, 'fa', 'old-title')).toBe(false);
    expect(namesThread(thread, 'fa', undefined)).toBe(false);
    expect(namesThread(thread, 'fa', '%E0%A4%A')).toBe(false);
  });
});

describe('redirectAfter', () => {
  const post = (id: number, number: number) => ({ id, number }) as ThreadPage['posts'][number];
  const data = {
    thread: { id: 7, locale: 'en', slug: 'a-b' },
    page: 2,
    posts: [post(70, 51), post(71, 52)],
    acceptedAnswer: post(12, 3),
  } as unknown as ThreadPage;

  it('back to the post acted on, on the page it was sent from', () => {
    expect(redirectAfter({ form: 'vote', postId: 71 }, data)).toBe('/en/community/t/7/a-b/?page=2#post-52');
    expect(redirectAfter({ form: 'unvote', postId: 12 }, data)).toBe('/en/community/t/7/a-b/?page=2#post-3');
    expect(redirectAfter({ form: 'flag', postId: 999 }, data)).toBe('/en/community/t/7/a-b/?page=2');
  });

  it('an accepted answer is shown under the question, so accepting goes to page 1', () => {
    expect(redirectAfter({ form: 'accept', postId: 71 }, data)).toBe('/en/community/t/7/a-b/#post-52');
    expect(redirectAfter({ form: 'unaccept' }, data)).toBe('/en/community/t/7/a-b/?page=2');
  });

  it('a reply goes to where it landed (the slug the action saw); watching and tools to their controls', () => {
    expect(redirectAfter({ form: 'reply', locale: 'en', slug: 'new-title', page: 3, number: 101 }, data)).toBe(
      '/en/community/t/7/new-title/?page=3#post-101',
    );
    expect(redirectAfter({ form: 'reply', locale: 'en', slug: null, page: 1, number: 4 }, data)).toBe(
      '/en/community/t/7/a-b/#post-4',
    );
    expect(redirectAfter({ form: 'watch' }, data)).toBe('/en/community/t/7/a-b/?page=2#watch');
    expect(redirectAfter({ form: 'unwatch' }, data)).toBe('/en/community/t/7/a-b/?page=2#watch');
    expect(redirectAfter({ form: 'threadTool' }, data)).toBe('/en/community/t/7/a-b/?tools=done#thread-tools');
  });
});

describe('editablePost', () => {
  it('the author and moderators get the text, the thread and its number; others are refused; another thread is null', async () => {
    const db = await testDb();
    const { id: categoryId } = await saveCategory(db, 'system', {
      slug: 'billing',
      titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
    });
    const asker = await testUser(db, 'Asker', { trustLevel: 1 });
    const other = await testUser(db, 'Other', { trustLevel: 1 });
    const moderator = await testUser(db, 'Mod', { role: 'moderator' });
    const thread = ok(
      await createThread(db, asker, {
        locale: 'en',
        categoryId,
        title: 'Refund for a cancelled order',
        body: 'Where is my refund?',
      }),
    );
    const answer = ok(await reply(db, other, thread.threadId, 'Refunds take five working days.'));

    const own = await editablePost(db, asker, thread.threadId, thread.postId);
    expect(own).toMatchObject({
      id: thread.postId,
      source: 'Where is my refund?',
      title: 'Refund for a cancelled order',
      number: 1,
    });
    expect(own!.thread).toEqual((await threadPage(db, asker, thread.threadId, 1))!.thread);
    expect(await editablePost(db, moderator, thread.threadId, answer.postId)).toMatchObject({ title: null, number: 2 });
    await expect(editablePost(db, other, thread.threadId, thread.postId)).rejects.toThrow(AuthorizationError);
    expect(await editablePost(db, asker, thread.threadId + 1, thread.postId)).toBeNull();
    expect(await editablePost(db, asker, thread.threadId, 9999)).toBeNull();
  });
});

describe('threadAt', () => {
  it('the thread and page a URL names, with its one address; any other address is moved; none is null', async () => {
    const { db, categoryId, asker } = await forum();
    const { threadId } = await ask(db, asker, categoryId, 'Refund for a cancelled order');
    const params = (slug: string | undefined, id = String(threadId)) => ({ id, slug });
    const found = await threadAt(db, null, 'en', params('refund-for-a-cancelled-order'), null);
    expect(found).toEqual({
      ...(await threadPage(db, null, threadId, 1)),
      here: `/en/community/t/${threadId}/refund-for-a-cancelled-order/`,
      moved: false,
    });
    // Another locale or slug, no slug, or ?page=1 all name the same page by another address.
    expect((await threadAt(db, null, 'fa', params('refund-for-a-cancelled-order'), null))!.moved).toBe(true);
    expect((await threadAt(db, null, 'en', params('old-title'), null))!.moved).toBe(true);
    expect((await threadAt(db, null, 'en', params(undefined), null))!.moved).toBe(true);
    const first = await threadAt(db, null, 'en', params('refund-for-a-cancelled-order'), '1');
    expect(first).toMatchObject({ here: found!.here, moved: true });
    expect(await threadAt(db, null, 'en', params('x', '12a'), null)).toBeNull();
    expect(await threadAt(db, null, 'en', params('x', String(threadId + 1)), null)).toBeNull();
    expect(await threadAt(db, null, 'en', params('x'), 'two')).toBeNull();
  });
});
