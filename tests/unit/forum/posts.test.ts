import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { listForumEvents } from '../../../src/lib/forum/events.ts';
import { deletePost, editPost, hidePost, postForEditing, reply, unhidePost } from '../../../src/lib/forum/posts.ts';
import { postRevisions } from '../../../src/lib/forum/revisions.ts';
import { userProfile } from '../../../src/lib/forum/profiles.ts';
import { searchThreads, suggestAnsweredThreads } from '../../../src/lib/forum/search.ts';
import { deleteThread, hideThread, listThreads, threadPage, unhideThread } from '../../../src/lib/forum/threads.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, forum, ask } from './fixture.ts';

describe('editing', () => {
  it('keeps every earlier version, shows "edited", and lets only the author or a moderator edit', async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const thread = await ask(
      db,
      asker,
      categoryId,
      'Invoice shows the wrong company name',
      'The invoice says ACME Ltd.',
    );
    expect(await postForEditing(db, asker, thread.postId)).toEqual({
      source: 'The invoice says ACME Ltd.',
      title: 'Invoice shows the wrong company name',
      threadId: thread.threadId,
    });
    await expect(postForEditing(db, helper, thread.postId)).rejects.toThrow(AuthorizationError);
    await expect(editPost(db, helper, thread.postId, { body: 'vandalism' })).rejects.toThrow(AuthorizationError);

    expect(await editPost(db, asker, thread.postId, { body: 'The invoice says ACME Ltd.' }, T0 + 1)).toEqual({
      ok: true,
      changed: false,
      revision: 0,
      pending: false,
    });
    expect(
      await editPost(
        db,
        asker,
        thread.postId,
        { body: 'The invoice says ACME Ltd, not Zenith Inc.', title: 'Invoice shows another company name' },
        T0 + 2,
      ),
    ).toEqual({
      ok: true,
      changed: true,
      revision: 1,
      pending: false,
    });
    expect(
      await editPost(
        db,
        moderator,
        thread.postId,
        { body: 'The invoice says ACME Ltd, not Zenith Inc. (order 1234)', reason: 'added order number' },
        T0 + 3,
      ),
    ).toMatchObject({ revision: 2 });

    const page = (await threadPage(db, helper, thread.threadId))!;
    expect(page.thread).toMatchObject({
      title: 'Invoice shows another company name',
      slug: 'invoice-shows-another-company-name',
    });
    expect(page.posts[0]).toMatchObject({
      editedAt: T0 + 3,
      html: '<p dir="auto">The invoice says ACME Ltd, not Zenith Inc. (order 1234)</p>',
    });
    const revisions = await postRevisions(db, asker, thread.postId);
    expect(revisions.map((r) => [r.revision, r.source, r.title, r.editedBy, r.reason])).toEqual([
      [2, 'The invoice says ACME Ltd, not Zenith Inc.', null, moderator.id, 'added order number'],
      [1, 'The invoice says ACME Ltd.', 'Invoice shows the wrong company name', asker.id, null],
    ]);
    await expect(postRevisions(db, helper, thread.postId)).rejects.toThrow(AuthorizationError);
    // Search follows the edit.
    expect((await searchThreads(db, 'en', 'zenith')).hits.map((h) => h.id)).toEqual([thread.threadId]);
    expect((await searchThreads(db, 'en', 'wrong')).hits).toEqual([]);
    const log = await listForumEvents(db, moderator, { threadId: thread.threadId });
    expect(log.events[0]).toMatchObject({
      action: 'post.edit',
      actor: { id: moderator.id },
      reason: 'added order number',
      subjectUserId: asker.id,
    });
  });
});

describe('moderation hooks', () => {
  it('keeps hidden and deleted posts and threads out of lists, search and counters, and logs why', async () => {
    const { db, categoryId, asker, helper, stranger, moderator } = await forum();
    const thread = await ask(
      db,
      asker,
      categoryId,
      'Shipping label printer question',
      'My label printer prints blank pages.',
    );
    const good = ok(await reply(db, helper, thread.threadId, 'Update the printer driver.', T0 + MINUTE));
    const spam = ok(
      await reply(db, stranger, thread.threadId, 'Buy cheap watches at spam dot example.', T0 + 2 * MINUTE),
    );
    ok(await acceptAnswer(db, asker, good.postId, T0 + 3 * MINUTE));
    expect((await searchThreads(db, 'en', 'cheap watches')).hits).toHaveLength(1);

    await expect(hidePost(db, asker, spam.postId, 'spam')).rejects.toThrow(AuthorizationError);
    expect(await hidePost(db, moderator, spam.postId, 'Spam link', T0 + 4 * MINUTE)).toEqual({
      ok: true,
      changed: true,
    });
    expect(await hidePost(db, moderator, spam.postId, 'again', T0 + 4 * MINUTE)).toEqual({ ok: true, changed: false });
    expect((await searchThreads(db, 'en', 'cheap watches')).hits).toEqual([]);
    let page = (await threadPage(db, helper, thread.threadId))!;
    expect(page.thread).toMatchObject({ replyCount: 1, lastPostAt: T0 + MINUTE, lastPoster: { id: helper.id } });
    expect(page.posts[2]).toMatchObject({ state: 'hidden', html: null });
    expect((await threadPage(db, stranger, thread.threadId))!.posts[2]!.html).toContain('cheap watches');
    expect((await threadPage(db, moderator, thread.threadId))!.posts[2]!.html).toContain('cheap watches');
    ok(await unhidePost(db, moderator, spam.postId, 'Mistake', T0 + 5 * MINUTE));
    expect((await threadPage(db, null, thread.threadId))!.thread).toMatchObject({
      replyCount: 2,
      lastPostAt: T0 + 2 * MINUTE,
    });
    expect((await searchThreads(db, 'en', 'cheap watches')).hits).toHaveLength(1);

    // Deleting the accepted answer reopens the thread.
    await expect(deletePost(db, stranger, good.postId)).rejects.toThrow(AuthorizationError);
    ok(await deletePost(db, helper, good.postId, null, T0 + 6 * MINUTE));
    page = (await threadPage(db, null, thread.threadId))!;
    expect(page.thread).toMatchObject({ replyCount: 1, state: 'open', solved: false });
    expect(page.posts[1]).toMatchObject({ state: 'deleted', html: null });
    expect((await searchThreads(db, 'en', 'driver')).hits).toEqual([]);

    // A hidden thread is gone for readers, not for moderators.
    expect(await hideThread(db, moderator, thread.threadId, 'Under review', T0 + 7 * MINUTE)).toEqual({
      ok: true,
      changed: true,
    });
    expect((await listThreads(db, { locale: 'en' })).threads).toEqual([]);
    expect((await searchThreads(db, 'en', 'label printer')).hits).toEqual([]);
    expect(await suggestAnsweredThreads(db, 'en', 'label printer blank')).toEqual([]);
    expect(await threadPage(db, asker, thread.threadId)).toBeNull();
    expect((await threadPage(db, moderator, thread.threadId))!.thread.hidden).toBe(true);
    expect((await userProfile(db, asker.id, {}, asker))!.threads).toEqual([]); // as its owner sees it: to others it is gone
    ok(await unhideThread(db, moderator, thread.threadId, null, T0 + 8 * MINUTE));
    expect((await searchThreads(db, 'en', 'label printer')).hits.map((h) => h.id)).toEqual([thread.threadId]);

    const log = await listForumEvents(db, moderator, { threadId: thread.threadId });
    expect(log.events.map((e) => [e.action, e.reason])).toEqual([
      ['thread.unhide', null],
      ['thread.hide', 'Under review'],
      ['answer.unaccept', null],
      ['post.delete', null],
      ['post.unhide', 'Mistake'],
      ['post.hide', 'Spam link'],
      ['answer.accept', null],
    ]);
  });

  it('lets an asker delete their own question only while nobody has replied', async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const lonely = await ask(db, asker, categoryId, 'Question nobody answered yet');
    const busy = await ask(db, asker, categoryId, 'Question that got replies');
    ok(await reply(db, helper, busy.threadId, 'A reply', T0 + 1));
    await expect(deleteThread(db, helper, lonely.threadId)).rejects.toThrow(AuthorizationError);
    expect(await deletePost(db, asker, busy.postId)).toEqual({ ok: false, problem: 'hasReplies' });
    expect(await deletePost(db, asker, lonely.postId, null, T0 + 2)).toEqual({ ok: true, changed: true });
    expect((await listThreads(db, { locale: 'en' })).threads.map((t) => t.id)).toEqual([busy.threadId]);
    expect(await deleteThread(db, moderator, busy.threadId, 'Duplicate', T0 + 3)).toEqual({ ok: true, changed: true });
    expect((await listThreads(db, { locale: 'en' })).threads).toEqual([]);
    expect((await searchThreads(db, 'en', 'question')).hits).toEqual([]);
  });
});
