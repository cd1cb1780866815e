import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { migrateToLatest } from '../../../src/lib/db/index.ts';
import type { Database } from '../../../src/lib/db/schema.ts';
import { acceptAnswer, unacceptAnswer } from '../../../src/lib/forum/answers.ts';
import { categoryBySlug, listCategories } from '../../../src/lib/forum/categories.ts';
import { FORUM_RATE_LIMITS } from '../../../src/lib/forum/policy.ts';
import { postLocation, reply } from '../../../src/lib/forum/posts.ts';
import {
  createThread,
  decodeCursor,
  hideThread,
  listThreads,
  recentSolvedThreads,
  recordThreadView,
  setThreadPinned,
  threadPage,
} from '../../../src/lib/forum/threads.ts';
import { pageOfPost, threadSlug } from '../../../src/lib/forum/urls.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, HOUR, member, forum, ask } from './fixture.ts';

describe('threads and posts', () => {
  it('asks, replies, numbers posts and keeps the thread counters in step', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const thread = await ask(
      db,
      asker,
      categoryId,
      'Refund did not arrive after two weeks',
      'I returned the order **on time**.',
    );
    expect(thread.slug).toBe('refund-did-not-arrive-after-two-weeks');
    const first = ok(await reply(db, helper, thread.threadId, 'Refunds take up to 10 business days.', T0 + MINUTE));
    const second = ok(await reply(db, asker, thread.threadId, 'Thanks, I will wait.', T0 + 2 * MINUTE));
    expect([first.number, second.number, second.page]).toEqual([2, 3, 1]);

    const page = (await threadPage(db, null, thread.threadId))!;
    expect(page.posts.map((p) => [p.number, p.author.name])).toEqual([
      [1, 'سارا'],
      [2, 'Dmitry'],
      [3, 'سارا'],
    ]);
    expect(page.posts[0]!.html).toBe('<p dir="auto">I returned the order <strong>on time</strong>.</p>');
    expect(page.thread).toMatchObject({
      replyCount: 2,
      lastPostAt: T0 + 2 * MINUTE,
      lastPoster: { id: asker.id },
      state: 'open',
      solved: false,
      lastPostNumber: 3,
    });
    expect(page.viewer).toEqual({ watching: false, canReply: false, canAccept: false, canModerate: false });

    await recordThreadView(db, thread.threadId);
    await recordThreadView(db, thread.threadId, helper.id);
    await recordThreadView(db, thread.threadId, asker.id); // the asker is not a reader
    const [summary] = (await listThreads(db, { locale: 'en' })).threads;
    expect(summary).toMatchObject({
      id: thread.threadId,
      replyCount: 2,
      viewCount: 2,
      author: { name: 'سارا' },
      lastPoster: { name: 'سارا' },
      category: { slug: 'billing' },
    });
    expect(await postLocation(db, first.postId)).toEqual({
      threadId: thread.threadId,
      locale: 'en',
      slug: thread.slug,
      number: 2,
      page: 1,
    });
  });

  it('refuses anonymous writers, bad input and silenced or suspended members', async () => {
    const { db, categoryId, moderator } = await forum();
    await expect(
      createThread(db, null, { locale: 'en', categoryId, title: 'A perfectly fine title', body: 'Body' }),
    ).rejects.toThrow(AuthorizationError);
    const writer = await member(db, 'Writer');
    expect(await createThread(db, writer, { locale: 'en', categoryId, title: 'Short', body: 'Body text' })).toEqual({
      ok: false,
      problem: 'titleLength',
    });
    expect(
      await createThread(db, writer, { locale: 'en', categoryId, title: 'A perfectly fine title', body: ' ' }),
    ).toEqual({ ok: false, problem: 'bodyLength' });
    expect(
      await createThread(db, writer, { locale: 'de', categoryId, title: 'A perfectly fine title', body: 'Body' }),
    ).toEqual({ ok: false, problem: 'invalidLocale' });
    expect(
      await createThread(db, writer, { locale: 'en', categoryId: 999, title: 'A perfectly fine title', body: 'Body' }),
    ).toEqual({ ok: false, problem: 'invalidCategory' });
    // Bidi controls never reach a stored title.
    const spoof = ok(
      await createThread(
        db,
        writer,
        { locale: 'en', categoryId, title: 'Invoice \u202Efdp.exe for March', body: 'Body' },
        T0,
      ),
    );
    expect((await threadPage(db, null, spoof.threadId))!.thread.title).toBe('Invoice fdp.exe for March');

    const silenced = await member(db, 'Quiet One', { silencedUntil: new Date(T0 + HOUR).toISOString() });
    const suspended = await member(db, 'Gone For Now', { suspendedUntil: '2026-11-21 00:00:00' });
    expect(
      await createThread(db, silenced, { locale: 'en', categoryId, title: 'A perfectly fine title', body: 'Body' }, T0),
    ).toEqual({ ok: false, problem: 'silenced' });
    expect(await reply(db, suspended, spoof.threadId, 'Hello there', T0)).toEqual({ ok: false, problem: 'suspended' });
    expect(await votePost(db, silenced, spoof.postId, T0)).toEqual({ ok: false, problem: 'silenced' });
    // Once the time is up, they write again.
    expect(
      (
        await createThread(
          db,
          silenced,
          { locale: 'en', categoryId, title: 'A perfectly fine title', body: 'Body' },
          T0 + 2 * HOUR,
        )
      ).ok,
    ).toBe(true);
    expect((await reply(db, moderator, spoof.threadId, 'Moderators are never restricted here', T0)).ok).toBe(true);
  });

  it('rate-limits new members: 5 questions and 30 replies an hour, more with trust, none for staff', async () => {
    const { db, categoryId, moderator } = await forum();
    expect(FORUM_RATE_LIMITS.thread.newUser.max).toBe(5);
    expect(FORUM_RATE_LIMITS.reply.newUser.max).toBe(30);
    const newbie = await member(db, 'Newbie');
    for (let i = 0; i < 5; i++)
      ok(
        await createThread(
          db,
          newbie,
          { locale: 'en', categoryId, title: `Question number ${i} about billing`, body: 'Body' },
          T0 + i,
        ),
      );
    const refused = await createThread(
      db,
      newbie,
      { locale: 'en', categoryId, title: 'Question number 6 about billing', body: 'Body' },
      T0 + 10 * MINUTE,
    );
    expect(refused).toEqual({ ok: false, problem: 'rateLimited', retryAfterMs: 50 * MINUTE });
    expect(
      (
        await createThread(
          db,
          newbie,
          { locale: 'en', categoryId, title: 'Question number 6 about billing', body: 'Body' },
          T0 + HOUR,
        )
      ).ok,
    ).toBe(true);

    const thread = await ask(db, moderator, categoryId, 'A thread to reply to a lot');
    for (let i = 0; i < 30; i++) ok(await reply(db, newbie, thread.threadId, `reply ${i}`, T0 + i));
    expect(await reply(db, newbie, thread.threadId, 'one too many', T0 + 40)).toMatchObject({
      ok: false,
      problem: 'rateLimited',
    });

    const trusted = await member(db, 'Trusted', { trustLevel: 1 });
    for (let i = 0; i < 6; i++)
      ok(
        await createThread(
          db,
          trusted,
          { locale: 'en', categoryId, title: `Trusted question ${i} here`, body: 'Body' },
          T0,
        ),
      );
    for (let i = 0; i < 8; i++)
      ok(
        await createThread(
          db,
          moderator,
          { locale: 'en', categoryId, title: `Announcement number ${i}`, body: 'Body' },
          T0,
        ),
      );
  });

  it('pages a long thread at 50 posts by post number and shows the accepted answer on every page', async () => {
    const { db, categoryId, asker, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'A very long discussion thread');
    const replies = [];
    for (let i = 2; i <= 121; i++)
      replies.push(ok(await reply(db, moderator, thread.threadId, `Reply number ${i}`, T0 + i)));
    expect(replies.at(-1)).toMatchObject({ number: 121, page: 3 });
    expect([pageOfPost(1), pageOfPost(50), pageOfPost(51), pageOfPost(100), pageOfPost(101)]).toEqual([1, 1, 2, 2, 3]);
    ok(await acceptAnswer(db, asker, replies[3]!.postId, T0 + 500)); // post 5, on page 1

    const one = (await threadPage(db, asker, thread.threadId, 1))!;
    const three = (await threadPage(db, asker, thread.threadId, 3))!;
    expect([one.posts.length, one.posts[0]!.number, one.posts.at(-1)!.number, one.pageCount]).toEqual([50, 1, 50, 3]);
    expect([three.posts.length, three.posts[0]!.number, three.posts.at(-1)!.number]).toEqual([21, 101, 121]);
    expect(three.acceptedAnswer).toMatchObject({ number: 5, accepted: true, html: '<p dir="auto">Reply number 5</p>' });
    expect(one.acceptedAnswer?.number).toBe(5);
    expect(await threadPage(db, asker, thread.threadId, 4)).toBeNull();
    expect(await threadPage(db, asker, thread.threadId, 0)).toBeNull();
  });
});

describe('lists', () => {
  it('pages latest activity by keyset, without overlap, and a reply moves a thread up', async () => {
    const { db, categoryId, otherCategoryId, asker, helper, moderator } = await forum();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        (
          await ask(
            db,
            i % 2 ? helper : asker,
            i < 5 ? categoryId : otherCategoryId,
            `Question about topic ${i}`,
            'Body',
            T0 + i * MINUTE,
          )
        ).threadId,
      );
    const page1 = await listThreads(db, { locale: 'en', limit: 3 });
    const page2 = await listThreads(db, { locale: 'en', limit: 3, cursor: page1.next });
    const page3 = await listThreads(db, { locale: 'en', limit: 3, cursor: page2.next });
    expect([...page1.threads, ...page2.threads, ...page3.threads].map((t) => t.id)).toEqual([...ids].reverse());
    expect(page3.next).toBeNull();
    expect(decodeCursor(page1.next)).toEqual({ at: T0 + 4 * MINUTE, id: ids[4] });
    expect(decodeCursor("1' OR 1=1")).toBeNull();

    ok(await reply(db, helper, ids[0]!, 'An answer', T0 + HOUR));
    expect((await listThreads(db, { locale: 'en', limit: 1 })).threads[0]!.id).toBe(ids[0]);
    expect((await listThreads(db, { locale: 'en', kind: 'unanswered' })).threads.map((t) => t.id)).not.toContain(
      ids[0],
    );
    expect((await listThreads(db, { locale: 'en', categoryId: otherCategoryId })).threads.map((t) => t.id)).toEqual([
      ids[6],
      ids[5],
    ]);
    expect((await listThreads(db, { locale: 'fa' })).threads).toEqual([]);

    // Pinned threads come once, on top of the first page only.
    ok(await setThreadPinned(db, moderator, ids[2]!, true, T0));
    const pinnedFirst = await listThreads(db, { locale: 'en', limit: 10 });
    expect(pinnedFirst.pinned.map((t) => t.id)).toEqual([ids[2]]);
    expect(pinnedFirst.threads.map((t) => t.id)).not.toContain(ids[2]);
    expect(
      (
        await listThreads(db, {
          locale: 'en',
          limit: 2,
          cursor: pinnedFirst.next ?? (await listThreads(db, { locale: 'en', limit: 2 })).next,
        })
      ).pinned,
    ).toEqual([]);

    ok(await acceptAnswer(db, asker, (await threadPage(db, asker, ids[0]!))!.posts[1]!.id, T0 + 2 * HOUR));
    const solved = await listThreads(db, { locale: 'en', kind: 'solved' });
    expect(solved.threads.map((t) => [t.id, t.solved, t.state])).toEqual([[ids[0], true, 'solved']]);
  });

  it("the home page's recently solved: visible solved threads of the locale, latest activity first, gone when unaccepted", async () => {
    const { db, categoryId, asker, helper, moderator } = await forum();
    const solve = async (title: string, at: number, locale = 'en') => {
      const { threadId } = await ask(db, asker, categoryId, title, 'Body', at, locale);
      const answer = ok(await reply(db, helper, threadId, 'An answer', at + MINUTE));
      ok(await acceptAnswer(db, asker, answer.postId, at + 2 * MINUTE));
      return threadId;
    };
    const first = await solve('First solved question', T0);
    const second = await solve('Second solved question', T0 + HOUR);
    const hidden = await solve('Solved, then hidden', T0 + 2 * HOUR);
    await solve('Solved in Persian', T0 + 3 * HOUR, 'fa');
    await ask(db, asker, categoryId, 'Still open question', 'Body', T0 + 4 * HOUR);
    ok(await hideThread(db, moderator, hidden, 'off topic', T0 + 5 * HOUR));
    expect((await recentSolvedThreads(db, 'en')).map((t) => t.id)).toEqual([second, first]);
    expect((await recentSolvedThreads(db, 'en', 1)).map((t) => t.id)).toEqual([second]);
    ok(await unacceptAnswer(db, asker, second, null, T0 + 6 * HOUR));
    expect((await recentSolvedThreads(db, 'en')).map((t) => t.id)).toEqual([first]);
  });

  it('reads each list from its own index, in order, with no sort step', async () => {
    const plans: string[][] = [];
    const sqlite = new SQLite(':memory:');
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (
          event.level === 'query' &&
          /from "threads"/.test(event.query.sql) &&
          /order by "threads"."last_post_at" desc/.test(event.query.sql)
        )
          captured.push(event.query);
      },
    });
    await migrateToLatest(db);
    const { categoryId } = await forum(db);
    const cursor = `${T0}.5`;
    for (const kind of ['latest', 'unanswered', 'solved'] as const) {
      await listThreads(db, { locale: 'en', kind, cursor });
      await listThreads(db, { locale: 'en', kind, categoryId, cursor });
    }
    for (const query of captured) {
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.parameters as unknown[])) as {
        detail: string;
      }[];
      plans.push(plan.map((p) => p.detail));
    }
    expect(plans).toHaveLength(6);
    const expected = [
      'threads_latest',
      'threads_category_latest',
      'threads_unanswered',
      'threads_category_unanswered',
      'threads_solved',
      'threads_category_solved',
    ];
    plans.forEach((plan, i) => {
      expect(plan.join(' | ')).toMatch(new RegExp(`SEARCH threads USING INDEX ${expected[i]} \\(`));
      expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
    });
    await db.destroy();
  });

  it('lists categories in order with the locale\u2019s titles, falling back to English', async () => {
    const { db } = await forum();
    expect((await listCategories(db, 'ru')).map((c) => [c.slug, c.title])).toEqual([
      ['billing', 'Оплата'],
      ['accounts', 'Accounts'],
    ]);
    expect((await categoryBySlug(db, 'fa', 'accounts'))?.title).toBe('حساب کاربری');
    expect(await categoryBySlug(db, 'fa', 'nope')).toBeNull();
  });

  it('makes URL slugs from titles in any script', () => {
    expect(threadSlug('چگونه رمز عبور را تغییر می‌دهم؟')).toBe('چگونه-رمز-عبور-را-تغییر-می-دهم');
    expect(threadSlug('Не приходит СМС с кодом!')).toBe('не-приходит-смс-с-кодом');
    expect(threadSlug('???')).toBe('thread');
  });
});
