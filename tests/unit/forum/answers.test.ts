import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { acceptAnswer, unacceptAnswer } from '../../../src/lib/forum/answers.ts';
import { listForumEvents } from '../../../src/lib/forum/events.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { userProfile } from '../../../src/lib/forum/profiles.ts';
import { setThreadLocked, threadPage } from '../../../src/lib/forum/threads.ts';
import { ok } from '../factories.ts';
import { T0, forum, ask } from './fixture.ts';

describe('accepted answers', () => {
  it('lets the asker accept, a moderator move it, and nobody else touch it', async () => {
    const { db, categoryId, asker, helper, stranger, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'How do I change the card on file?');
    const a = ok(await reply(db, helper, thread.threadId, 'Settings → Billing → Card.', T0 + 1));
    const b = ok(await reply(db, stranger, thread.threadId, 'Or ask support.', T0 + 2));

    await expect(acceptAnswer(db, stranger, a.postId)).rejects.toThrow(AuthorizationError);
    await expect(acceptAnswer(db, helper, a.postId)).rejects.toThrow(AuthorizationError);
    await expect(acceptAnswer(db, null, a.postId)).rejects.toThrow(AuthorizationError);
    expect(await acceptAnswer(db, asker, thread.postId)).toEqual({ ok: false, problem: 'notAReply' });

    expect(await acceptAnswer(db, asker, a.postId, T0 + 10)).toEqual({ ok: true, changed: true });
    expect(await acceptAnswer(db, asker, a.postId, T0 + 11)).toEqual({ ok: true, changed: false });
    let page = (await threadPage(db, asker, thread.threadId))!;
    expect(page.thread).toMatchObject({ state: 'solved', solved: true, acceptedPostId: a.postId });
    expect(page.acceptedAnswer?.id).toBe(a.postId);
    expect(page.viewer.canAccept).toBe(true);

    // A moderator moves the mark to the other reply.
    expect(await acceptAnswer(db, moderator, b.postId, T0 + 20)).toEqual({ ok: true, changed: true });
    page = (await threadPage(db, asker, thread.threadId))!;
    expect(page.acceptedAnswer?.id).toBe(b.postId);
    expect(page.posts.filter((p) => p.accepted).map((p) => p.id)).toEqual([b.postId]);
    expect((await userProfile(db, helper.id))!.acceptedAnswers).toEqual([]);
    expect((await userProfile(db, stranger.id))!.acceptedAnswers.map((x) => x.postId)).toEqual([b.postId]);

    await expect(unacceptAnswer(db, stranger, thread.threadId)).rejects.toThrow(AuthorizationError);
    expect(await unacceptAnswer(db, asker, thread.threadId, null, T0 + 30)).toEqual({ ok: true, changed: true });
    page = (await threadPage(db, asker, thread.threadId))!;
    expect(page.thread).toMatchObject({ state: 'open', solved: false, acceptedPostId: null });
    expect(page.acceptedAnswer).toBeNull();

    const log = await listForumEvents(db, moderator, { threadId: thread.threadId });
    expect(log.events.map((e) => [e.action, e.actor?.id])).toEqual([
      ['answer.unaccept', asker.id],
      ['answer.accept', moderator.id],
      ['answer.accept', asker.id],
    ]);
    await expect(listForumEvents(db, asker)).rejects.toThrow(AuthorizationError);
  });

  it('keeps a locked thread locked; only moderators reply or accept there; unlocking restores solved', async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'Can I pay with two cards?');
    const answer = ok(await reply(db, helper, thread.threadId, 'No, one card per order.', T0 + 1));
    ok(await setThreadLocked(db, moderator, thread.threadId, true, 'Off-topic replies', T0 + 2));
    expect(await reply(db, helper, thread.threadId, 'Another thing', T0 + 3)).toEqual({ ok: false, problem: 'locked' });
    expect(await acceptAnswer(db, asker, answer.postId, T0 + 3)).toEqual({ ok: false, problem: 'locked' });
    ok(await acceptAnswer(db, moderator, answer.postId, T0 + 4));
    expect((await threadPage(db, null, thread.threadId))!.thread).toMatchObject({
      state: 'locked',
      locked: true,
      solved: true,
    });
    await expect(setThreadLocked(db, asker, thread.threadId, false)).rejects.toThrow(AuthorizationError);
    ok(await setThreadLocked(db, moderator, thread.threadId, false, null, T0 + 5));
    expect((await threadPage(db, null, thread.threadId))!.thread.state).toBe('solved');
  });
});
