// Threads as feeds and sitemaps show them: only what anonymous readers see (never a hidden, held
// or deleted thread, question or answer), the feed's order (last solved first) and summary (the
// question's first paragraph as text), and the sitemap's pages by id at a small page size.
import { describe, expect, it } from 'vitest';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { deletePost, hidePost, reply } from '../../../src/lib/forum/posts.ts';
import {
  recentlySolvedThreads,
  THREAD_SITEMAP_PAGE_SIZE,
  threadSitemapPage,
  threadSitemapPages,
} from '../../../src/lib/forum/public-threads.ts';
import { deleteThread, hideThread } from '../../../src/lib/forum/threads.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { makeUser, ok } from '../factories.ts';
import { ask, forum, HOUR, member, MINUTE, T0 } from './fixture.ts';

/** The forum scene with an asker past a newcomer's limit of 5 questions an hour. */
async function scene() {
  const base = await forum();
  return { ...base, asker: await makeUser(base.db, 'Sara Asker') };
}
type Scene = Awaited<ReturnType<typeof scene>>;

/** A question answered by the helper and accepted by the asker at `solvedAt`. */
async function solved(s: Scene, title: string, solvedAt: number, body?: string, categoryId = s.categoryId) {
  const { db, asker, helper } = s;
  const thread = await ask(db, asker, categoryId, title, body, solvedAt - HOUR);
  const answer = ok(await reply(db, helper, thread.threadId, `An answer to ${title}.`, solvedAt - MINUTE));
  ok(await acceptAnswer(db, asker, answer.postId, solvedAt));
  return { ...thread, answerId: answer.postId };
}

describe('recentlySolvedThreads', () => {
  it("lists a category's solved threads in a locale, the last solved first, with the question's first paragraph", async () => {
    const s = await scene();
    const { db, categoryId, otherCategoryId, asker } = s;
    const first = await solved(
      s,
      'Card declined at checkout',
      T0 + 5 * HOUR,
      'My **card** is <declined> & I do not know why.\n\nSecond paragraph.\n\n- a list',
    );
    const later = await solved(s, 'Invoice with tax number', T0 + 9 * HOUR, '```\ncode first\n```\n\nThen words.');
    // Asked later but solved in between: solved order, not asking order.
    const between = await solved(s, 'Refund to another card', T0 + 20 * HOUR);
    await db
      .updateTable('posts')
      .set({ accepted_at: T0 + 7 * HOUR })
      .where('id', '=', between.answerId)
      .execute();
    await ask(db, asker, categoryId, 'Open question without an answer', 'Nobody answered yet.', T0);
    await solved(s, 'Solved in another category', T0 + 30 * HOUR, undefined, otherCategoryId);
    await ask(db, asker, categoryId, 'پرسش فارسی بدون پاسخ', 'متن پرسش به فارسی.', T0, 'fa');

    const threads = await recentlySolvedThreads(db, { locale: 'en', categoryId });
    expect(threads.map((t) => t.title)).toEqual([
      'Invoice with tax number',
      'Refund to another card',
      'Card declined at checkout',
    ]);
    expect(threads[2]).toMatchObject({
      id: first.threadId,
      locale: 'en',
      slug: first.slug,
      askerName: asker.displayName,
      askedAt: T0 + 4 * HOUR,
      solvedAt: T0 + 5 * HOUR,
      summary: 'My card is <declined> & I do not know why.',
    });
    expect(threads[0]!.id).toBe(later.threadId);
    expect(threads[0]!.summary).toBe('Then words.');
    expect(await recentlySolvedThreads(db, { locale: 'fa', categoryId })).toEqual([]);
    expect(await recentlySolvedThreads(db, { locale: 'en', categoryId, limit: 1 })).toHaveLength(1);
  });

  it('never lists a hidden, held or deleted thread, nor one whose answer readers cannot see, nor a hidden question', async () => {
    const s = await scene();
    const { db, categoryId, moderator } = s;
    const hidden = await solved(s, 'Hidden by a moderator', T0 + 1 * HOUR);
    const deleted = await solved(s, 'Deleted by a moderator', T0 + 2 * HOUR);
    const answerHidden = await solved(s, 'Its answer hidden', T0 + 3 * HOUR);
    const answerDeleted = await solved(s, 'Its answer deleted', T0 + 4 * HOUR);
    const questionHidden = await solved(s, 'Its question held after an edit', T0 + 5 * HOUR);
    const visible = await solved(s, 'Still visible', T0 + 6 * HOUR);
    const held = await solved(s, 'Held for approval', T0 + 7 * HOUR);
    ok(await hideThread(db, moderator, hidden.threadId, 'spam', T0 + 10 * HOUR));
    ok(await deleteThread(db, moderator, deleted.threadId, 'spam', T0 + 10 * HOUR));
    ok(await hidePost(db, moderator, answerHidden.answerId, 'rude', T0 + 10 * HOUR));
    ok(await deletePost(db, moderator, answerDeleted.answerId, 'rude', T0 + 10 * HOUR));
    // A question post held on its own (an edit waiting for approval) while its thread stays up.
    await db.updateTable('posts').set({ held_at: T0, hidden_at: T0 }).where('id', '=', questionHidden.postId).execute();
    // Held for approval: the hold hides the thread too, but held_at alone keeps it out as well.
    await db.updateTable('threads').set({ held_at: T0 }).where('id', '=', held.threadId).execute();
    const threads = await recentlySolvedThreads(db, { locale: 'en', categoryId });
    expect(threads.map((t) => t.title)).toEqual(['Still visible', 'Its question held after an edit']);
    expect(threads[0]!.id).toBe(visible.threadId);
    // The thread is public, its question is not: no summary.
    expect(threads[1]!.summary).toBe('');
  });
});

describe("the threads' sitemap", () => {
  it('pages public threads by id at the page size asked for, each with its last activity', async () => {
    const s = await scene();
    const { db, categoryId, asker, helper, moderator } = s;
    const ids: number[] = [];
    for (let i = 0; i < 8; i++)
      ids.push((await ask(db, asker, categoryId, `Question number ${i + 1}`, undefined, T0 + i * MINUTE)).threadId);
    ok(await reply(db, helper, ids[1]!, 'A later reply.', T0 + 5 * HOUR));
    // Ids 4, 5 and 6 leave the site (hidden, deleted by a moderator, deleted by the asker): page 2 (ids 4–6 at 3 a page) has nothing public left.
    ok(await hideThread(db, moderator, ids[3]!, 'spam', T0 + HOUR));
    ok(await deleteThread(db, moderator, ids[4]!, 'spam', T0 + HOUR));
    ok(await deleteThread(db, asker, ids[5]!, null, T0 + HOUR));
    await setSetting(db, 'trust.holdFirstPosts', 2);
    const held = await ask(db, await member(db, 'Newcomer'), categoryId, 'Held question', undefined, T0 + HOUR);
    expect(held.pending).toBe(true);

    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The held question is id 9, on page 3 with 7 and 8, and does not show.
    expect(await threadSitemapPages(db, 3)).toEqual([1, 3]);
    const page1 = await threadSitemapPage(db, 1, 3);
    expect(page1.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(page1[1]).toMatchObject({ locale: 'en', lastPostAt: T0 + 5 * HOUR });
    expect(page1[0]).toMatchObject({ lastPostAt: T0, slug: 'question-number-1' });
    expect(await threadSitemapPage(db, 2, 3)).toEqual([]);
    expect((await threadSitemapPage(db, 3, 3)).map((t) => t.id)).toEqual([7, 8]);
    expect(await threadSitemapPage(db, 4, 3)).toEqual([]);
    // Every page at once at the default size; nonsense pages are empty, never an error.
    expect(THREAD_SITEMAP_PAGE_SIZE).toBe(50_000);
    expect(await threadSitemapPages(db)).toEqual([1]);
    expect((await threadSitemapPage(db, 1)).map((t) => t.id)).toEqual([1, 2, 3, 7, 8]);
    for (const page of [0, -1, 1.5, Number.NaN, 10 ** 9]) expect(await threadSitemapPage(db, page)).toEqual([]);
  });

  it('lists no page at all when no thread is public', async () => {
    const { db } = await scene();
    expect(await threadSitemapPages(db, 2)).toEqual([]);
  });
});
