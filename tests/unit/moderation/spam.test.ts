import { describe, expect, it } from 'vitest';
import { deletePost, hidePost, reply } from '../../../src/lib/forum/posts.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { createThread, threadPage } from '../../../src/lib/forum/threads.ts';
import {
  checkFormSubmission,
  closeAsDuplicate,
  formRefusal,
  issueFormStamp,
  setSlowMode,
  spendAddressLimit,
  STAMP_MAX_AGE_MS,
} from '../../../src/lib/moderation/index.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { ok } from '../factories.ts';
import { T0, MINUTE, DAY, person, setup } from './fixture.ts';

describe('spam defences', () => {
  it('slow mode: one post per N minutes per user', async () => {
    const { db, moderator, members, thread } = await setup();
    ok(await setSlowMode(db, moderator, thread.threadId, 10, 'busy thread', T0));
    ok(await reply(db, members[1]!, thread.threadId, 'First in slow mode', T0 + MINUTE));
    expect(await reply(db, members[1]!, thread.threadId, 'Second too soon', T0 + 3 * MINUTE)).toEqual({
      ok: false,
      problem: 'slowMode',
      retryAfterMs: 8 * MINUTE,
    });
    ok(await reply(db, members[2]!, thread.threadId, 'Another member is fine', T0 + 3 * MINUTE));
    ok(await reply(db, members[1]!, thread.threadId, 'After the wait', T0 + 11 * MINUTE));
    expect(await setSlowMode(db, moderator, thread.threadId, -1)).toEqual({ ok: false, problem: 'invalidInput' });
  });

  it('refuses the same text from the same user within the window', async () => {
    const { db, members, thread, categoryId } = await setup();
    ok(await reply(db, members[1]!, thread.threadId, 'Have you tried turning it off and on?', T0));
    expect(
      await reply(db, members[1]!, thread.threadId, 'have you tried  turning it off, and on', T0 + MINUTE),
    ).toEqual({ ok: false, problem: 'duplicate' });
    ok(await reply(db, members[2]!, thread.threadId, 'Have you tried turning it off and on?', T0 + MINUTE));
    expect(
      await createThread(
        db,
        members[1]!,
        {
          locale: 'en',
          categoryId,
          title: 'Turning it off and on again',
          body: 'Have you tried turning it off and on?',
        },
        T0 + 2 * MINUTE,
      ),
    ).toEqual({ ok: false, problem: 'duplicate' });
    ok(await reply(db, members[1]!, thread.threadId, 'Have you tried turning it off and on?', T0 + 61 * MINUTE));
  });

  it('locked threads refuse replies; duplicates are closed with a link', async () => {
    const { db, moderator, members, thread, categoryId } = await setup();
    const other = ok(
      await createThread(
        db,
        members[0]!,
        { locale: 'en', categoryId, title: 'Refund for my cancelled order', body: 'Where is the refund for order 43?' },
        T0,
      ),
    );
    ok(await closeAsDuplicate(db, moderator, other.threadId, thread.threadId, 'asked before', T0 + 1));
    const page = (await threadPage(db, null, other.threadId))!;
    expect([page.thread.locked, page.thread.duplicateOf]).toEqual([true, thread.threadId]);
    expect(await reply(db, members[1]!, other.threadId, 'Me too, same problem', T0 + 2)).toEqual({
      ok: false,
      problem: 'locked',
    });
    expect(await closeAsDuplicate(db, moderator, other.threadId, other.threadId)).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
  });

  it('form stamps: honeypot, too fast, forged, expired, fine', async () => {
    const { db } = await setup();
    const stamp = await issueFormStamp(db, T0);
    expect(await checkFormSubmission(db, { website: 'http://spam', form_stamp: stamp }, T0 + 10_000)).toBe('honeypot');
    expect(await checkFormSubmission(db, { form_stamp: stamp }, T0 + 1000)).toBe('tooFast');
    expect(
      await checkFormSubmission(db, { form_stamp: stamp.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }, T0 + 10_000),
    ).toBe('badStamp');
    expect(await checkFormSubmission(db, { form_stamp: `${T0 - 100_000}.${stamp.split('.')[1]}` }, T0 + 10_000)).toBe(
      'badStamp',
    );
    expect(await checkFormSubmission(db, {}, T0)).toBe('badStamp');
    expect(await checkFormSubmission(db, { form_stamp: stamp }, T0 + 2 * DAY)).toBe('expired');
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 10_000)).toBeNull();
  });

  it('a form stamp lasts hours, not a day: 3 h 59 min old still posts, 4 h 01 min is refused as spam', async () => {
    const { db } = await setup();
    const HOUR = 60 * MINUTE;
    expect(STAMP_MAX_AGE_MS).toBe(4 * HOUR);
    const stamp = await issueFormStamp(db, T0);
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR - MINUTE)).toBeNull();
    expect(await formRefusal(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR - MINUTE)).toBeNull();
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR + MINUTE)).toBe('expired');
    expect(await checkFormSubmission(db, { website: '', form_stamp: stamp }, T0 + 23 * HOUR)).toBe('expired');
    // The same refusal as the other spam verdicts: the forms say "wait a moment and send it again".
    expect(await formRefusal(db, { website: '', form_stamp: stamp }, T0 + 4 * HOUR + MINUTE)).toEqual({
      ok: false,
      problem: 'spam',
    });
  });

  it('limits writes per address without storing the address', async () => {
    const { db } = await setup();
    await setSetting(db, 'spam.writesPerAddressPerHour', 2);
    expect(await spendAddressLimit(db, '203.0.113.7', 'forum', T0)).toBeNull();
    expect(await spendAddressLimit(db, '203.0.113.7', 'forum', T0 + 1)).toBeNull();
    expect(await spendAddressLimit(db, '203.0.113.7', 'forum', T0 + 2)).toMatchObject({
      ok: false,
      problem: 'rateLimited',
    });
    expect(await spendAddressLimit(db, '203.0.113.8', 'forum', T0 + 3)).toBeNull();
    const keys = (await db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key).join(' ');
    expect(keys).not.toContain('203.0.113');
  });

  it('hidden, held and deleted posts never reach search results', async () => {
    const { db, moderator, members, thread, spam } = await setup();
    const newbie = await person(db, 'Hidden Newbie', { trustLevel: 0 });
    ok(await reply(db, newbie, thread.threadId, 'zebracrossing tip for refunds', T0));
    ok(await reply(db, members[1]!, thread.threadId, 'zebracrossing deleted later', T0));
    const later = (
      await db
        .selectFrom('posts')
        .select('id')
        .where('source', '=', 'zebracrossing deleted later')
        .executeTakeFirstOrThrow()
    ).id;
    ok(await hidePost(db, moderator, spam.postId, 'spam', T0 + 1));
    ok(await deletePost(db, moderator, later, 'spam', T0 + 2));
    expect((await searchThreads(db, 'en', 'zebracrossing')).hits).toHaveLength(0);
    expect((await searchThreads(db, 'en', 'watches')).hits).toHaveLength(0);
  });
});
