// From sign-up to signed in (issue 14, point 2): the verification link signs in only the browser
// that signed up (its signed cookie, for this address, before the link's first use), returns to a
// same-site path, and elsewhere only verifies. The link stays single-use and expiring.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signUp } from '../../../src/lib/auth/accounts.ts';
import { TOKEN_LIFETIME_MS } from '../../../src/lib/auth/email-tokens.ts';
import {
  readSignupCookie,
  signupCookieOptions,
  signupCookieValue,
  verifyFromLink,
} from '../../../src/lib/auth/signup-return.ts';
import { validateSessionToken } from '../../../src/lib/auth/session.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { memoryMailer, testDb } from '../helpers.ts';

const ORIGIN = 'https://help.example.com';
const FALLBACK = '/fa/account/';
let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => db.destroy());

/** Signs up `email` and returns the link's token and this browser's signup cookie. */
async function signedUp(email: string, next: string | null = '/fa/community/new/') {
  const mailer = memoryMailer();
  const result = await signUp(
    { db, mailer, origin: ORIGIN },
    {
      email,
      username: `member_${Math.random().toString(36).slice(2, 8)}`,
      name: 'Member',
      password: 'correct horse battery',
      locale: 'fa',
    },
  );
  expect(result.ok).toBe(true);
  const token = new URL(mailer.lastLink()).searchParams.get('token') ?? '';
  const cookie = await signupCookieValue(db, { email, next, fallback: FALLBACK });
  return { token, cookie };
}

const verify = (
  token: string,
  signupCookie: string | null,
  options: { signedInUserId?: number | null; now?: number } = {},
) =>
  verifyFromLink(
    db,
    { token, signupCookie, signedInUserId: options.signedInUserId ?? null, userAgent: 'test', fallback: FALLBACK },
    options.now,
  );

const sessions = async () =>
  Number(
    (
      await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const verified = async (email: string) =>
  (await db.selectFrom('users').select('email_verified_at').where('email', '=', email).executeTakeFirstOrThrow())
    .email_verified_at !== null;

describe('verification link and the signup browser', () => {
  it('signs in the browser that signed up and returns to where it started', async () => {
    const { token, cookie } = await signedUp('new@example.com');
    const outcome = await verify(token, cookie);
    expect(outcome).toMatchObject({ ok: true, signedIn: true, next: '/fa/community/new/' });
    if (!outcome.ok || !outcome.signedIn) throw new Error('not signed in');
    const session = await validateSessionToken(db, outcome.token);
    expect(session?.user.email).toBe('new@example.com');
    expect(await verified('new@example.com')).toBe(true);
  });

  it('in another browser only verifies; the link is used up, so the signup browser gets nothing afterwards', async () => {
    const { token, cookie } = await signedUp('elsewhere@example.com');
    expect(await verify(token, null)).toEqual({ ok: true, signedIn: false });
    expect(await verified('elsewhere@example.com')).toBe(true);
    expect(await sessions()).toBe(0);
    expect(await verify(token, cookie)).toEqual({ ok: false });
    expect(await sessions()).toBe(0);
  });

  it('is single-use in the signup browser too, and expires with the link', async () => {
    const first = await signedUp('once@example.com');
    expect((await verify(first.token, first.cookie)).ok).toBe(true);
    expect(await verify(first.token, first.cookie)).toEqual({ ok: false });
    const late = await signedUp('late@example.com');
    expect(await verify(late.token, late.cookie, { now: Date.now() + TOKEN_LIFETIME_MS.verify + 1 })).toEqual({
      ok: false,
    });
    expect(await verified('late@example.com')).toBe(false);
  });

  it('a cookie made for another address, altered, or expired signs nobody in', async () => {
    const victim = await signedUp('victim@example.com');
    const other = await signedUp('attacker@example.com');
    // The attacker's browser holding the victim's link: verified, not signed in.
    expect(await verify(victim.token, other.cookie)).toEqual({ ok: true, signedIn: false });

    const tampered = await signedUp('tampered@example.com');
    const [payload, mac] = tampered.cookie.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), next: '/fa/admin/' }),
    ).toString('base64url');
    expect(await readSignupCookie(db, `${forged}.${mac}`)).toBeNull();
    expect(await verify(tampered.token, `${forged}.${mac}`)).toEqual({ ok: true, signedIn: false });

    const stale = await signedUp('stale@example.com');
    expect(await readSignupCookie(db, stale.cookie, Date.now() + TOKEN_LIFETIME_MS.verify + 1)).toBeNull();
    expect(await sessions()).toBe(0);
  });

  it('never signs in an account that was already verified, nor over someone signed in here', async () => {
    const already = await signedUp('already@example.com');
    await db
      .updateTable('users')
      .set({ email_verified_at: new Date().toISOString() })
      .where('email', '=', 'already@example.com')
      .execute();
    expect(await verify(already.token, already.cookie)).toEqual({ ok: true, signedIn: false });

    const busy = await signedUp('busy@example.com');
    expect(await verify(busy.token, busy.cookie, { signedInUserId: 1 })).toEqual({ ok: true, signedIn: false });
    expect(await sessions()).toBe(0);
  });

  it('follows only a path of this site, through safeNextPath', async () => {
    for (const [next, expected] of [
      ['/ru/community/t/5/slug/#reply', '/ru/community/t/5/slug/#reply'],
      ['//evil.example/x', FALLBACK],
      ['https://evil.example/', FALLBACK],
      ['/\tevil', FALLBACK],
      [null, FALLBACK],
      [`/${'a'.repeat(600)}`, FALLBACK],
    ] as const) {
      const cookie = await signupCookieValue(db, { email: 'x@example.com', next, fallback: FALLBACK });
      expect((await readSignupCookie(db, cookie))?.next, String(next)).toBe(expected);
    }
  });
});

describe('signupCookieOptions', () => {
  it('the whole site, as long as the verification link, never to scripts; Secure as asked', () => {
    expect(signupCookieOptions(true)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      maxAge: TOKEN_LIFETIME_MS.verify / 1000,
    });
    expect(signupCookieOptions(false).secure).toBe(false);
  });
});
