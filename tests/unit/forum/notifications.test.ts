import { describe, expect, it } from 'vitest';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import {
  listNotifications,
  markNotificationsRead,
  markThreadNotificationsRead,
  notificationsPage,
  unreadNotificationCount,
} from '../../../src/lib/forum/notifications.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { threadPage } from '../../../src/lib/forum/threads.ts';
import { unwatchThread, watchThread } from '../../../src/lib/forum/watches.ts';
import { ok } from '../factories.ts';
import { fanOut } from '../helpers.ts';
import { T0, member, forum, ask } from './fixture.ts';

describe('notifications', () => {
  it('tells watchers of replies, the answerer of acceptance, and mentioned members once', async () => {
    const { db, categoryId, asker, helper, stranger, moderator } = await forum();
    const thread = await ask(db, asker, categoryId, 'Two-factor codes stopped arriving');
    ok(await watchThread(db, stranger, thread.threadId, T0));
    const answer = ok(
      await reply(db, helper, thread.threadId, 'Check the phone number. @[Alex Stone] had the same issue.', T0 + 1),
    );
    ok(await reply(db, asker, thread.threadId, 'Thanks @Dmitry, and @nobody-here.', T0 + 2));
    // Mentions are told with the reply; watchers once the worker expanded it.
    expect(await unreadNotificationCount(db, asker.id)).toBe(0);
    expect(await unreadNotificationCount(db, stranger.id)).toBe(1);
    expect(await fanOut(db)).toBe(2);

    const forAsker = await listNotifications(db, asker);
    expect(forAsker.notifications.map((n) => [n.kind, n.actor?.name, n.postNumber])).toEqual([['reply', 'Dmitry', 2]]);
    // The stranger watches and is mentioned in the same post: one notification, the mention.
    expect((await listNotifications(db, stranger)).notifications.map((n) => [n.kind, n.postNumber])).toEqual([
      ['reply', 3],
      ['mention', 2],
    ]);
    expect((await listNotifications(db, helper)).notifications.map((n) => [n.kind, n.postNumber])).toEqual([
      ['mention', 3],
    ]);
    expect(await unreadNotificationCount(db, moderator.id)).toBe(0);

    ok(await acceptAnswer(db, asker, answer.postId, T0 + 3));
    expect(await unreadNotificationCount(db, helper.id)).toBe(2);
    const forHelper = await listNotifications(db, helper, { limit: 1 });
    expect(forHelper.notifications.map((n) => [n.kind, n.thread?.title])).toEqual([
      ['accepted', 'Two-factor codes stopped arriving'],
    ]);
    expect(
      (await listNotifications(db, helper, { limit: 1, before: forHelper.next! })).notifications.map((n) => n.kind),
    ).toEqual(['mention']);

    expect(await markNotificationsRead(db, helper, [forHelper.notifications[0]!.id])).toBe(1);
    expect(await unreadNotificationCount(db, helper.id)).toBe(1);
    // Someone else's ids mark nothing.
    expect(await markNotificationsRead(db, stranger, [forHelper.notifications[0]!.id])).toBe(0);
    await markThreadNotificationsRead(db, helper.id, thread.threadId);
    expect(await unreadNotificationCount(db, helper.id)).toBe(0);
    expect(await markNotificationsRead(db, stranger)).toBe(2);

    // Unwatching stops replies; one's own replies never notify oneself.
    ok(await unwatchThread(db, stranger, thread.threadId));
    ok(await reply(db, asker, thread.threadId, 'Solved, thanks all.', T0 + 4));
    await fanOut(db);
    expect(await unreadNotificationCount(db, stranger.id)).toBe(0);
    expect(await unreadNotificationCount(db, asker.id)).toBe(1);
    expect((await threadPage(db, asker, thread.threadId))!.viewer.watching).toBe(true);
  });

  it('resolves mentions by look-alike username and links them to the profile', async () => {
    const { db, categoryId, asker, helper } = await forum();
    // Arabic yeh/kaf and a different case still find the member (who has a post, so a profile).
    const kasra = await member(db, 'کسری', { trustLevel: 1 });
    await ask(db, kasra, categoryId, 'Exports in Persian look broken');
    const thread = await ask(db, asker, categoryId, 'Who can help with exports?', 'Maybe @كسري or @dmitry know.');
    const html = (await threadPage(db, null, thread.threadId))!.posts[0]!.html!;
    expect(html).toContain(
      `<a href="/en/community/u/${kasra.id}/" class="mention" dir="auto" rel="nofollow ugc noopener">@کسری</a>`,
    );
    // Dmitry has no visible post, so no public profile: a plain @username, not a link to a 404.
    expect(html).toContain(' or <bdi>@Dmitry</bdi> know.');
    expect(html).not.toContain(`/en/community/u/${helper.id}/`);
    expect(await unreadNotificationCount(db, kasra.id)).toBe(1);
  });

  it('the page: marks those shown on a GET read, yet still says they are new; a malformed ?before= is the first page', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const thread = await ask(db, asker, categoryId, 'Invoices show the wrong address');
    for (let i = 0; i < 3; i++) ok(await reply(db, helper, thread.threadId, `Reply number ${i}`, T0 + 1 + i));
    await fanOut(db);
    const unread = async () => unreadNotificationCount(db, asker.id);

    const looked = await notificationsPage(db, asker, null, false);
    expect(looked.notifications.map((n) => n.read)).toEqual([false, false, false]);
    expect([looked.next, looked.before, await unread()]).toEqual([null, undefined, 3]);

    const all = await listNotifications(db, asker);
    const older = await notificationsPage(db, asker, String(all.notifications[0]!.id), true);
    expect(older.before).toBe(all.notifications[0]!.id);
    expect(older.notifications.map((n) => [n.id, n.read])).toEqual(
      all.notifications.slice(1).map((n) => [n.id, false]),
    );
    expect(await unread()).toBe(1);

    for (const malformed of ['abc', '-1', '1.5', '1'.repeat(16)])
      expect((await notificationsPage(db, asker, malformed, false)).before).toBeUndefined();
    const shown = await notificationsPage(db, asker, 'abc', true);
    expect(shown.notifications.map((n) => n.read)).toEqual([false, true, true]);
    expect(await unread()).toBe(0);
  });
});
