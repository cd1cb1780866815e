// The members' shared thread page: who gets it (threadFor) and what one member's script adds to it
// (threadViewerState) — and who must get their own page instead.
import { describe, expect, it } from 'vitest';
import { flagPost } from '../../../src/lib/moderation/flags.ts';
import { hidePost, reply } from '../../../src/lib/forum/posts.ts';
import { useTranslations } from '../../../src/i18n/index.ts';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { threadFor, threadView } from '../../../src/lib/forum/thread-view.ts';
import { threadViewerState } from '../../../src/lib/forum/thread-viewer.ts';
import { threadSlug } from '../../../src/lib/forum/urls.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import { watchThread } from '../../../src/lib/forum/watches.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { ok } from '../factories.ts';
import { fanOut } from '../helpers.ts';
import { ask, forum, member, MINUTE, T0 } from './fixture.ts';

const TITLE = 'Refund for a cancelled order';

async function scene() {
  const f = await forum();
  const thread = await ask(f.db, f.asker, f.categoryId, TITLE);
  const answer = ok(await reply(f.db, f.helper, thread.threadId, 'Refunds take five working days.', T0 + MINUTE));
  const own = ok(await reply(f.db, f.stranger, thread.threadId, 'Same here, it took four days.', T0 + 2 * MINUTE));
  const params = { id: String(thread.threadId), slug: threadSlug(TITLE) };
  return { ...f, thread, answer, own, params };
}

describe('threadFor', () => {
  it("gives a member whose browser may share the page the anonymous data, with a member's reply form", async () => {
    const { db, stranger, params } = await scene();
    const shared = (await threadFor(db, stranger, 'en', params, null, true))!;
    expect(shared.shared).toBe(true);
    expect(shared.viewer).toMatchObject({ canReply: true, canAccept: false, canModerate: false, watching: false });
    expect(shared.posts.every((p) => !p.votedByViewer)).toBe(true);
    const own = (await threadFor(db, stranger, 'en', params, null, false))!;
    expect(own.shared).toBe(false);
  });

  it('gives staff, writers and a paused member their own page; the asker shares it (the script adds the accept buttons)', async () => {
    const { db, asker, moderator, params } = await scene();
    const silenced = await member(db, 'Quiet One', { silencedUntil: '2999-01-01T00:00:00Z' });
    const writer = await member(db, 'Writer One', { role: 'writer' });
    expect((await threadFor(db, asker, 'en', params, null, true))!.shared).toBe(true);
    for (const user of [moderator, silenced, writer])
      expect((await threadFor(db, user, 'en', params, null, true))!.shared, user.displayName).toBe(false);
    expect((await threadFor(db, null, 'en', params, null, true))!.shared).toBe(false);
  });
});

describe('the link to draft an article', () => {
  it('is on a solved thread in the page of a writer or an admin only, never a shared one', async () => {
    const { db, asker, stranger, moderator, answer, params, thread } = await scene();
    const writer = await member(db, 'Writer Two', { role: 'writer' });
    const admin = await member(db, 'Admin Two', { role: 'admin' });
    const options = { locale: 'en' as const, site: new URL('https://help.example.com'), t: useTranslations('en').t };
    const draftHref = async (user: typeof asker | null, mayShare = true) => {
      const data = (await threadFor(db, user, 'en', params, null, mayShare))!;
      return (await threadView(db, user, data, options)).draftHref;
    };
    // Not solved yet: nothing to draft from.
    expect(await draftHref(writer)).toBeNull();
    ok(await acceptAnswer(db, asker, answer.postId, T0 + 5 * MINUTE));
    const href = `/admin/content/drafts/thread/${thread.threadId}.mdx`;
    expect(await draftHref(writer)).toBe(href);
    expect(await draftHref(writer, false)).toBe(href);
    expect(await draftHref(admin)).toBe(href);
    for (const user of [null, asker, stranger, moderator]) {
      expect(await draftHref(user), user?.displayName ?? 'anonymous').toBeNull();
      expect(await draftHref(user, false), user?.displayName ?? 'anonymous').toBeNull();
    }
  });
});

describe('threadViewerState', () => {
  it("returns the member's votes, flags, watching and unread count, for the posts of that page", async () => {
    const { db, stranger, thread, answer } = await scene();
    await votePost(db, stranger, answer.postId);
    await flagPost(db, stranger, thread.postId, { reason: 'offTopic' });
    await watchThread(db, stranger, thread.threadId);
    const state = await threadViewerState(db, stranger, thread.threadId, 1);
    expect(state).toEqual({
      personal: false,
      userId: stranger.id,
      canAccept: false,
      voted: [answer.postId],
      flagged: [thread.postId],
      watching: true,
      reviewNotice: false,
      unread: 0,
    });
    // Another member sees none of it.
    const other = await member(db, 'Other Reader');
    expect(await threadViewerState(db, other, thread.threadId, 1)).toMatchObject({
      voted: [],
      flagged: [],
      watching: false,
    });
  });

  it("marks the thread's notifications read and counts the member's others", async () => {
    const { db, stranger, helper, categoryId, thread } = await scene();
    const other = await ask(db, stranger, categoryId, 'Invoice with the company address');
    await watchThread(db, stranger, thread.threadId);
    ok(await reply(db, helper, thread.threadId, 'One more detail: it depends on the bank.', T0 + 3 * MINUTE));
    ok(await reply(db, helper, other.threadId, 'Settings, then Company details.', T0 + 4 * MINUTE));
    await fanOut(db);
    expect(await threadViewerState(db, stranger, thread.threadId, 1)).toMatchObject({ unread: 1 });
    expect(await threadViewerState(db, stranger, other.threadId, 1)).toMatchObject({ unread: 0 });
  });

  it('says a new member that their next reply waits for review', async () => {
    const { db, thread } = await scene();
    await setSetting(db, 'trust.holdFirstPosts', 2);
    const newcomer = await member(db, 'New Reader');
    expect(await threadViewerState(db, newcomer, thread.threadId, 1)).toMatchObject({ reviewNotice: true });
  });

  it('sends staff, writers and the author of a hidden post on the page to their own pages; the asker may accept', async () => {
    const { db, asker, moderator, stranger, helper, thread, own } = await scene();
    const writer = await member(db, 'Writer Three', { role: 'writer' });
    for (const user of [moderator, writer])
      expect(await threadViewerState(db, user, thread.threadId, 1)).toEqual({
        personal: true,
        forSeconds: 30 * 86_400,
      });
    expect(await threadViewerState(db, asker, thread.threadId, 1)).toMatchObject({ personal: false, canAccept: true });
    expect(await threadViewerState(db, stranger, thread.threadId, 1)).toMatchObject({ personal: false });
    await hidePost(db, moderator, own.postId, 'off topic');
    expect(await threadViewerState(db, stranger, thread.threadId, 1)).toEqual({ personal: true, forSeconds: 900 });
    // Others still share the page: the hidden post is a placeholder for them.
    expect(await threadViewerState(db, helper, thread.threadId, 1)).toMatchObject({ personal: false });
  });

  it('answers null for a thread readers cannot see, or no such thread', async () => {
    const { db, moderator, stranger, thread } = await scene();
    expect(await threadViewerState(db, stranger, 999_999, 1)).toBeNull();
    await hidePost(db, moderator, thread.postId, 'spam');
    expect(await threadViewerState(db, stranger, thread.threadId, 1)).toBeNull();
  });
});
