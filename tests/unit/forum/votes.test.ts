import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { listThreads, threadPage } from '../../../src/lib/forum/threads.ts';
import { unvotePost, votePost } from '../../../src/lib/forum/votes.ts';
import { ok } from '../factories.ts';
import { T0, forum, ask } from './fixture.ts';

describe('votes', () => {
  it('counts one upvote per member and post, never one\u2019s own, and takes it back', async () => {
    const { db, categoryId, asker, helper, stranger } = await forum();
    const thread = await ask(db, asker, categoryId, 'Where is my invoice for October?');
    const answer = ok(await reply(db, helper, thread.threadId, 'Account → Invoices.', T0 + 1));

    expect(await votePost(db, asker, answer.postId)).toEqual({ ok: true, changed: true, voteScore: 1 });
    expect(await votePost(db, asker, answer.postId)).toEqual({ ok: true, changed: false, voteScore: 1 });
    expect(await votePost(db, stranger, answer.postId)).toEqual({ ok: true, changed: true, voteScore: 2 });
    expect(await votePost(db, helper, answer.postId)).toEqual({ ok: false, problem: 'ownPost' });
    await expect(votePost(db, null, answer.postId)).rejects.toThrow(AuthorizationError);

    // The question's score is copied to the thread row that lists read.
    ok(await votePost(db, helper, thread.postId));
    expect((await listThreads(db, { locale: 'en' })).threads[0]!.voteScore).toBe(1);

    expect(await unvotePost(db, asker, answer.postId)).toEqual({ ok: true, changed: true, voteScore: 1 });
    expect(await unvotePost(db, asker, answer.postId)).toEqual({ ok: true, changed: false, voteScore: 1 });
    const page = (await threadPage(db, stranger, thread.threadId))!;
    expect(page.posts.map((p) => [p.voteScore, p.votedByViewer])).toEqual([
      [1, false],
      [1, true],
    ]);
    expect(
      await db
        .selectFrom('post_votes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 2 });
  });
});
