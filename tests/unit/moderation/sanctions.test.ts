import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { listNotifications } from '../../../src/lib/forum/notifications.ts';
import { editPost, reply } from '../../../src/lib/forum/posts.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import { flagPost, liftSanction, silenceUser, suspendUser, warnUser } from '../../../src/lib/moderation/index.ts';
import { ok } from '../factories.ts';
import { T0, DAY, reload, setup, auditRows } from './fixture.ts';

describe('sanctions', () => {
  it('silenced and suspended users are refused every write; the notice carries the reason', async () => {
    const { db, moderator, author, members, thread, categoryId, answer } = await setup();
    ok(await silenceUser(db, moderator, author.id, { reason: 'cool down', duration: '1d' }, Date.now()));
    const silenced = await reload(db, author);
    expect(await reply(db, silenced, thread.threadId, 'Can I still post?')).toEqual({ ok: false, problem: 'silenced' });
    expect(
      await createThread(db, silenced, {
        locale: 'en',
        categoryId,
        title: 'A brand new question here',
        body: 'Body text',
      }),
    ).toEqual({ ok: false, problem: 'silenced' });
    expect(await flagPost(db, silenced, answer.postId, { reason: 'spam' })).toEqual({ ok: false, problem: 'silenced' });
    expect(await votePost(db, silenced, answer.postId)).toEqual({ ok: false, problem: 'silenced' });
    ok(await suspendUser(db, moderator, members[0]!.id, { reason: 'spam links', duration: 'permanent' }));
    const suspended = await reload(db, members[0]!);
    expect(suspended.suspendedUntil).toBe('9999-12-31T23:59:59.000Z');
    expect(await reply(db, suspended, thread.threadId, 'Still here?')).toEqual({ ok: false, problem: 'suspended' });
    expect(await editPost(db, suspended, answer.postId, { body: 'changed' })).toEqual({
      ok: false,
      problem: 'suspended',
    });
    const notice = (await listNotifications(db, suspended)).notifications[0]!;
    expect([notice.kind, notice.reason, notice.thread]).toEqual(['mod.suspended', 'spam links', null]);
    expect(await suspendUser(db, moderator, author.id, { reason: '  ', duration: '7d' })).toEqual({
      ok: false,
      problem: 'reasonRequired',
    });
    expect(await suspendUser(db, moderator, author.id, { reason: 'x', duration: '2d' as '7d' })).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
    await expect(suspendUser(db, moderator, moderator.id, { reason: 'x', duration: '1d' })).rejects.toBeInstanceOf(
      AuthorizationError,
    );
    await expect(warnUser(db, members[1]!, author.id, { reason: 'x' })).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('refuses to lift a sanction on a staff account, the moderator’s own included, with staffAccount', async () => {
    const { db, moderator, moderator2, admin } = await setup();
    // Sanctioned while they were members, promoted since: mayModerate leaves every staff account alone.
    const until = new Date(T0 + 7 * DAY).toISOString();
    await db.updateTable('users').set({ suspended_until: until }).where('id', '=', moderator.id).execute();
    await db.updateTable('users').set({ silenced_until: until }).where('id', '=', moderator2.id).execute();
    const cases = [
      [moderator, moderator, 'suspend'],
      [moderator, moderator2, 'silence'],
      [admin, moderator, 'suspend'],
      [admin, moderator2, 'silence'],
    ] as const;
    for (const [actor, target, kind] of cases) {
      expect(await liftSanction(db, actor, target.id, kind, 'appeal', T0)).toEqual({
        ok: false,
        problem: 'staffAccount',
      });
    }
    expect((await reload(db, moderator)).suspendedUntil).toBe(until);
    expect((await reload(db, moderator2)).silencedUntil).toBe(until);
    expect(await auditRows(db)).toEqual([]);
  });
});
