// A user's moderation record page's form runner (lib/moderation/user-record-form.ts): the trust
// level and a lift reach their functions, staff accounts and bad input are refused, and the
// answer and notice the page shows.
import { describe, expect, it } from 'vitest';
import {
  runUserRecordForm,
  typedReasons,
  userRecordAnswer,
  userRecordNotice,
} from '../../../src/lib/moderation/user-record-form.ts';
import { testDb, testUser } from '../helpers.ts';

async function setup() {
  const db = await testDb();
  const moderator = await testUser(db, 'Mod', { role: 'moderator' });
  const member = await testUser(db, 'Ann', { trustLevel: 1 });
  const admin = await testUser(db, 'Root', { role: 'admin' });
  return { db, moderator, member, admin };
}

describe('user record form', () => {
  it('sets the trust level, then says it was already so', async () => {
    const { db, moderator, member } = await setup();
    const set = await runUserRecordForm(db, moderator, member.id, { intent: 'trust', level: '3', reason: 'helpful' });
    expect(set).toEqual({ ok: true, done: 'trust' });
    expect(userRecordAnswer(set)).toEqual({ redirect: { done: 'trust', before: null } });
    expect(
      (await db.selectFrom('users').select('trust_level').where('id', '=', member.id).executeTakeFirstOrThrow())
        .trust_level,
    ).toBe(3);
    expect(await runUserRecordForm(db, moderator, member.id, { intent: 'trust', level: '3' })).toEqual({
      ok: true,
      done: 'trustSame',
    });
    expect(userRecordNotice('trust', 3)).toEqual({
      kind: 'success',
      key: 'mod.user.trust.saved',
      vars: { level: 3 },
    });
  });

  it('lifts only what is in force, refuses a staff account and a malformed form', async () => {
    const { db, moderator, member, admin } = await setup();
    await db
      .updateTable('users')
      .set({ silenced_until: '2999-01-01T00:00:00.000Z' })
      .where('id', '=', member.id)
      .execute();
    expect(
      await runUserRecordForm(db, moderator, member.id, { intent: 'lift', kind: 'silence', reason: 'appeal' }),
    ).toEqual({ ok: true, done: 'lift-silence' });
    expect(await runUserRecordForm(db, moderator, member.id, { intent: 'lift', kind: 'silence' })).toEqual({
      ok: true,
      done: 'notInForce',
    });
    expect(userRecordNotice('notInForce', 1)).toEqual({ kind: 'error', key: 'mod.user.lift.notInForce' });

    const staff = await runUserRecordForm(db, moderator, admin.id, { intent: 'trust', level: '0' });
    expect(staff).toEqual({ ok: false, problem: 'staffAccount' });
    expect(userRecordAnswer(staff)).toEqual({ status: 403, error: 'forum.error.staffAccount' });

    const bad = await runUserRecordForm(db, moderator, member.id, { intent: 'trust', level: '12' });
    expect(bad).toEqual({ ok: false, problem: 'invalidForm' });
    expect(userRecordAnswer(bad)).toEqual({ status: 400, error: 'mod.user.invalid' });
    expect(
      userRecordAnswer(await runUserRecordForm(db, moderator, 99_999, { intent: 'lift', kind: 'suspend' })),
    ).toEqual({ status: 404, error: 'mod.user.invalid' });
  });

  it('keeps the typed reason in the form it was typed in', () => {
    expect(typedReasons({ intent: 'lift', reason: 'x'.repeat(600) })).toEqual({ trust: '', lift: 'x'.repeat(500) });
    expect(typedReasons(undefined)).toEqual({ trust: '', lift: '' });
  });
});
