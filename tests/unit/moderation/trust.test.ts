import { describe, expect, it } from 'vitest';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { listNotifications } from '../../../src/lib/forum/notifications.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { createThread, listThreads, threadPage } from '../../../src/lib/forum/threads.ts';
import {
  approveItem,
  countLinks,
  listAudit,
  listReviewItems,
  setTrustLevel,
} from '../../../src/lib/moderation/index.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, DAY, person, reload, setup } from './fixture.ts';

describe('trust levels', () => {
  it('holds a new member’s first posts until approved, shows them to the author as pending, then promotes', async () => {
    const { db, moderator, categoryId, thread, members } = await setup();
    await setSetting(db, 'trust.promotePosts', 3);
    const newbie = await person(db, 'Newbie', { trustLevel: 0 });
    const asked = ok(
      await createThread(
        db,
        newbie,
        {
          locale: 'en',
          categoryId,
          title: 'How do I change my billing email?',
          body: 'The settings page has no field for it.',
        },
        T0,
      ),
    );
    expect(asked.pending).toBe(true);
    expect((await listThreads(db, { locale: 'en', categoryId })).threads.map((t) => t.id)).not.toContain(
      asked.threadId,
    );
    expect(await threadPage(db, null, asked.threadId)).toBeNull();
    expect(await threadPage(db, members[0]!, asked.threadId)).toBeNull();
    const own = (await threadPage(db, newbie, asked.threadId))!;
    expect(own.thread.pending).toBe(true);
    expect(own.posts[0]!.state).toBe('pending');
    expect(own.posts[0]!.html).toContain('settings page');
    expect((await searchThreads(db, 'en', 'billing email')).hits).toHaveLength(0);

    const replied = ok(await reply(db, newbie, thread.threadId, 'I had the same problem last week.', T0 + MINUTE));
    expect(replied.pending).toBe(true);
    const page = (await threadPage(db, null, thread.threadId))!;
    expect(page.thread.replyCount).toBe(2);
    expect(page.posts.find((p) => p.id === replied.postId)!.html).toBeNull();
    expect((await threadPage(db, newbie, thread.threadId))!.posts.find((p) => p.id === replied.postId)!.state).toBe(
      'pending',
    );

    const queue = await listReviewItems(db, moderator);
    expect(queue.items.map((i) => [i.kind, i.post.state])).toEqual([
      ['held', 'pending'],
      ['held', 'pending'],
    ]);
    for (const item of queue.items) ok(await approveItem(db, moderator, { itemId: item.id }, null, T0 + 2 * MINUTE));
    expect((await listThreads(db, { locale: 'en', categoryId })).threads.map((t) => t.id)).toContain(asked.threadId);
    expect((await searchThreads(db, 'en', 'billing email')).hits.map((h) => h.id)).toEqual([asked.threadId]);
    expect((await threadPage(db, null, thread.threadId))!.thread.replyCount).toBe(3);
    expect((await listNotifications(db, newbie)).notifications.filter((n) => n.kind === 'mod.approved')).toHaveLength(
      2,
    );

    // Two approved posts: the third is published at once, and with it the promotion comes.
    const third = ok(await reply(db, newbie, asked.threadId, 'Found it under Account, Billing.', T0 + 3 * MINUTE));
    expect(third.pending).toBe(false);
    expect((await reload(db, newbie)).trustLevel).toBe(1);
    expect((await listAudit(db, moderator, { action: 'system.promote' })).entries.map((e) => e.targetUser?.id)).toEqual(
      [newbie.id],
    );
  });

  it('does not promote before the account is old enough, and moderators set levels by hand', async () => {
    const { db, moderator } = await setup();
    await setSetting(db, 'trust.holdFirstPosts', 0);
    await setSetting(db, 'trust.promotePosts', 1);
    await setSetting(db, 'trust.promoteDays', 30);
    const newbie = await person(db, 'Fresh', { trustLevel: 0 });
    const { id: categoryId } = await saveCategory(db, 'system', { slug: 'general', titles: { en: 'General' } });
    ok(
      await createThread(
        db,
        newbie,
        { locale: 'en', categoryId, title: 'Question from a fresh account', body: 'Body of the question' },
        T0,
      ),
    );
    expect((await reload(db, newbie)).trustLevel).toBe(0);
    ok(await setTrustLevel(db, moderator, newbie.id, 3, 'known customer'));
    expect((await reload(db, newbie)).trustLevel).toBe(3);
    expect(await setTrustLevel(db, moderator, newbie.id, 9)).toEqual({ ok: false, problem: 'invalidInput' });
  });

  it('leaves staff trust levels alone, the moderator’s own included', async () => {
    const { db, moderator, moderator2, admin } = await setup();
    for (const [actor, target] of [
      [moderator, moderator],
      [moderator, moderator2],
      [moderator, admin],
      [admin, moderator],
    ] as const) {
      const before = (await reload(db, target)).trustLevel;
      expect(await setTrustLevel(db, actor, target.id, before === 0 ? 1 : 0, 'test')).toEqual({
        ok: false,
        problem: 'staffAccount',
      });
      expect((await reload(db, target)).trustLevel).toBe(before);
    }
  });

  it('limits links for level 0 only', async () => {
    const { db, thread, members } = await setup();
    const newbie = await person(db, 'Linker', { trustLevel: 0 });
    const three = 'See https://a.example, www.b.example and [docs](https://c.example/x).';
    expect(countLinks(three)).toBe(3);
    expect(countLinks('[docs](/en/billing/) and https://a.example')).toBe(2);
    expect(await reply(db, newbie, thread.threadId, three, T0)).toEqual({ ok: false, problem: 'tooManyLinks' });
    expect(ok(await reply(db, newbie, thread.threadId, 'See https://a.example and www.b.example', T0)).pending).toBe(
      true,
    );
    expect(ok(await reply(db, members[1]!, thread.threadId, three, T0)).pending).toBe(false);
  });

  it('limits a new member’s posts per day', async () => {
    const { db, thread } = await setup();
    await setSetting(db, 'trust.newUserPostsPerDay', 2);
    const newbie = await person(db, 'Busy', { trustLevel: 0 });
    ok(await reply(db, newbie, thread.threadId, 'First reply of the day', T0));
    ok(await reply(db, newbie, thread.threadId, 'Second reply of the day', T0 + MINUTE));
    expect(await reply(db, newbie, thread.threadId, 'Third reply of the day', T0 + 2 * MINUTE)).toEqual({
      ok: false,
      problem: 'dailyLimit',
      retryAfterMs: DAY - 2 * MINUTE,
    });
    ok(await reply(db, newbie, thread.threadId, 'Next day reply', T0 + DAY + 1));
  });
});
