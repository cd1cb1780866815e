// The account pages' runners (lib/auth/account-forms.ts): the status and notice each outcome
// answers with, and what the page is told to do with cookies.
import { afterEach, describe, expect, it } from 'vitest';
import {
  runDisplayNameForm,
  runPasswordForm,
  runResetForm,
  runRevokeSessionForm,
  runSignInForm,
  runSignUpForm,
} from '../../../src/lib/auth/account-forms.ts';
import { verifyEmail } from '../../../src/lib/auth/accounts.ts';
import { createSession } from '../../../src/lib/auth/session.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { memoryMailer, testDb } from '../helpers.ts';

const ORIGIN = 'https://help.example.com';
const T0 = Date.parse('2026-11-20T08:00:00Z');
let db: Db;
afterEach(async () => db?.destroy());

const member = { email: 'member@example.com', username: 'member', name: 'A Member' };
const PASSWORD = 'correct horse battery';
const signInInput = (password: string) => ({
  email: member.email,
  password,
  addressKey: 'addr',
  userAgent: 'test',
  locale: 'en' as const,
});

async function signedUp() {
  db = await testDb();
  const mailer = memoryMailer();
  const deps = { db, mailer, origin: ORIGIN };
  const answer = await runSignUpForm(
    deps,
    { values: member, password: PASSWORD, locale: 'en', addressKey: 'addr', next: '/en/community/new/' },
    T0,
  );
  const verifyLink = mailer.lastLink();
  const userId = (await db.selectFrom('users').select('id').where('email', '=', member.email).executeTakeFirstOrThrow())
    .id;
  return { deps, mailer, answer, verifyLink, userId };
}

describe('account forms', () => {
  it('signs up with a cookie for this browser; a bad field is a 422 with its message', async () => {
    const { deps, answer } = await signedUp();
    expect(answer).toEqual({ signupCookie: expect.any(String) });
    const bad = await runSignUpForm(
      deps,
      {
        values: { ...member, email: 'nope', username: 'someone' },
        password: 'x',
        locale: 'en',
        addressKey: 'addr2',
        next: '/en/account/',
      },
      T0,
    );
    expect(bad).toMatchObject({ status: 422, notice: { kind: 'error' } });
    expect(Object.keys(bad.signupCookie === undefined ? bad.fieldErrors : {}).sort()).toEqual(['email', 'password']);
  });

  it('refuses sign-up over the address limit with a 429', async () => {
    const { deps } = await signedUp();
    let last;
    for (let i = 0; i < 10; i++)
      last = await runSignUpForm(
        deps,
        {
          values: { ...member, email: `m${i}@example.com`, username: `m${i}` },
          password: PASSWORD,
          locale: 'en',
          addressKey: 'addr',
          next: '/',
        },
        T0,
      );
    expect(last).toMatchObject({ status: 429, notice: { kind: 'error' }, fieldErrors: {} });
  });

  it('signs in: 403 before the address is verified, 401 for a wrong password, a session after', async () => {
    const { deps, mailer } = await signedUp();
    expect(await runSignInForm(deps, signInInput(PASSWORD), T0)).toMatchObject({
      status: 403,
      notice: { kind: 'error' },
    });
    // The refused sign-in sent a new link; the newest one verifies.
    await verifyEmail(db, new URL(mailer.lastLink()).searchParams.get('token')!);
    expect(await runSignInForm(deps, signInInput('wrong password here'), T0)).toMatchObject({ status: 401 });
    expect(await runSignInForm(deps, signInInput(PASSWORD), T0)).toEqual({
      session: { token: expect.any(String), expiresAt: expect.any(Number) },
      enrol: false,
    });
  });

  it('says a reset link is no longer valid with a 400, on GET and on POST', async () => {
    db = await testDb();
    expect(await runResetForm(db, { token: 'bogus', password: null, locale: 'en' })).toMatchObject({
      state: 'invalid',
      status: 400,
    });
    expect(await runResetForm(db, { token: 'bogus', password: PASSWORD, locale: 'en' })).toMatchObject({
      state: 'invalid',
      status: 400,
    });
  });

  it('changes the display name, or keeps what was typed with the reason', async () => {
    const { userId } = await signedUp();
    expect(await runDisplayNameForm(db, { userId, name: '  New  Name ', locale: 'en' }, T0)).toMatchObject({
      status: 200,
      saved: true,
      name: 'New Name',
    });
    const refused = await runDisplayNameForm(db, { userId, name: '', locale: 'en' }, T0);
    expect(refused).toMatchObject({ status: 422, name: '', nameError: expect.any(String) });
    expect(refused.saved).toBeUndefined();
  });

  it('puts a wrong current password on its own field', async () => {
    const { userId } = await signedUp();
    const answer = await runPasswordForm(
      db,
      { userId, sessionId: 'none', current: 'not it at all', next: 'another good password', locale: 'en' },
      T0,
    );
    expect(answer).toMatchObject({ status: 422, currentError: expect.any(String) });
    expect(answer.nextError).toBeUndefined();
  });

  it('revokes a session: 404 for one that is not theirs, signed out for their own', async () => {
    const { userId } = await signedUp();
    const { session } = await createSession(db, userId, 'test', T0);
    const input = { userId, currentSessionId: session.id, locale: 'en' as const };
    expect(await runRevokeSessionForm(db, { ...input, sessionId: 'someone-else' }, T0)).toEqual({ status: 404 });
    expect(await runRevokeSessionForm(db, { ...input, sessionId: session.id }, T0)).toMatchObject({ signedOut: true });
  });
});
