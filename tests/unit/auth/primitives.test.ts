import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import { constantTimeEqualHex, randomToken, sha256Hex, splitToken } from '../../../src/lib/auth/crypto.ts';
import { consumeEmailToken, createEmailToken, peekEmailToken, TOKEN_LIFETIME_MS } from '../../../src/lib/auth/email-tokens.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../../src/lib/auth/password.ts';
import {
  createSession,
  invalidateUserSessions,
  listUserSessions,
  revokeUserSession,
  SESSION_LIFETIME_MS,
  sessionCookieOptions,
  validateSessionToken,
} from '../../../src/lib/auth/session.ts';
import { backoffDelay, clearFailures, recordFailure, THROTTLE_RULES, throttleWait } from '../../../src/lib/auth/throttle.ts';
import { hitRateLimit } from '../../../src/lib/rate-limit.ts';
import { createOrPromoteUser } from '../../../src/lib/auth/accounts.ts';
import { testDb } from '../helpers.ts';

let db: Db;
afterEach(async () => db?.destroy());

async function user(email = 'a@example.com', name = 'Alice') {
  return (await createOrPromoteUser(db, { email, role: 'member', name, password: 'correct horse battery' })).id;
}

describe('random tokens', () => {
  it('are 24 characters from the 32-letter alphabet and do not repeat', () => {
    const tokens = new Set(Array.from({ length: 2000 }, randomToken));
    expect(tokens.size).toBe(2000);
    for (const t of tokens) expect(t).toMatch(/^[a-km-z2-9]{24}$/);
  });
  it('split only `<id>.<secret>` of the right shape', () => {
    const id = randomToken();
    const secret = randomToken();
    expect(splitToken(`${id}.${secret}`)).toEqual({ id, secret });
    for (const bad of ['', id, `${id}.`, `${id}.${secret}.x`, `${id}.${secret.toUpperCase()}`, `../${secret}`]) expect(splitToken(bad)).toBeUndefined();
  });
  it('compares digests in constant time and refuses empty or different lengths', () => {
    expect(constantTimeEqualHex(sha256Hex('a'), sha256Hex('a'))).toBe(true);
    expect(constantTimeEqualHex(sha256Hex('a'), sha256Hex('b'))).toBe(false);
    expect(constantTimeEqualHex('', '')).toBe(false);
    expect(constantTimeEqualHex('abcd', 'abcdef')).toBe(false);
  });
});

describe('passwords', () => {
  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
  it('refuses short, overlong and common passwords; counts characters, not bytes', () => {
    expect(passwordProblem('1234567')).toBe('tooShort');
    expect(passwordProblem('password')).toBe('tooCommon');
    expect(passwordProblem('Qwerty123')).toBe('tooCommon');
    expect(passwordProblem('x'.repeat(256))).toBe('tooLong');
    expect(passwordProblem('گذرواژه۱')).toBeUndefined(); // 8 characters, 15 bytes
    expect(passwordProblem('😀😀😀😀😀😀😀')).toBe('tooShort');
    expect(passwordProblem('x'.repeat(255))).toBeUndefined();
  });
});

describe('sessions', () => {
  it('stores only a hash of the secret and validates the token', async () => {
    db = await testDb();
    const userId = await user();
    const { token, session } = await createSession(db, userId, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', 1_000);
    const row = await db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(token.startsWith(`${session.id}.`)).toBe(true);
    expect(row.secret_hash).toBe(sha256Hex(token.split('.')[1]!));
    expect(JSON.stringify(row)).not.toContain(token.split('.')[1]);
    const result = await validateSessionToken(db, token, 2_000);
    expect(result?.user).toMatchObject({ id: userId, email: 'a@example.com', role: 'member', emailVerified: true });
  });
  it('rejects a wrong secret for a real id', async () => {
    db = await testDb();
    const { session } = await createSession(db, await user(), '', 0);
    expect(await validateSessionToken(db, `${session.id}.${randomToken()}`, 1)).toBeNull();
    expect(await validateSessionToken(db, 'garbage', 1)).toBeNull();
  });
  it('expires after 30 days, deleting the row', async () => {
    db = await testDb();
    const { token } = await createSession(db, await user(), '', 0);
    expect(await validateSessionToken(db, token, SESSION_LIFETIME_MS - 1)).not.toBeNull();
    // That use was in the second half of its life, so it slid forward…
    expect(await validateSessionToken(db, token, SESSION_LIFETIME_MS + 10)).not.toBeNull();
    // …but a session left alone for 30 days is gone.
    expect(await validateSessionToken(db, token, 3 * SESSION_LIFETIME_MS)).toBeNull();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });
  it('slides only in the second half of its life', async () => {
    db = await testDb();
    const { token } = await createSession(db, await user(), '', 0);
    const early = await validateSessionToken(db, token, SESSION_LIFETIME_MS / 4);
    expect(early).toMatchObject({ refreshed: false, session: { expiresAt: SESSION_LIFETIME_MS } });
    const late = await validateSessionToken(db, token, SESSION_LIFETIME_MS * 0.75);
    expect(late).toMatchObject({ refreshed: true, session: { expiresAt: SESSION_LIFETIME_MS * 1.75 } });
  });
  it('lists, revokes only one’s own, and signs out everywhere else', async () => {
    db = await testDb();
    const alice = await user();
    const bob = await user('b@example.com', 'Bob');
    const a1 = await createSession(db, alice, 'one', 1);
    const a2 = await createSession(db, alice, 'two', 2);
    const b1 = await createSession(db, bob, 'bob', 3);
    expect((await listUserSessions(db, alice, 10)).map((s) => s.userAgent)).toEqual(['two', 'one']);
    expect(await revokeUserSession(db, alice, b1.session.id)).toBe(false);
    expect(await validateSessionToken(db, b1.token, 10)).not.toBeNull();
    await invalidateUserSessions(db, alice, a2.session.id);
    expect(await validateSessionToken(db, a1.token, 10)).toBeNull();
    expect(await validateSessionToken(db, a2.token, 10)).not.toBeNull();
  });
  it('cookie is HttpOnly, SameSite=Lax, Path=/, Secure when asked', () => {
    expect(sessionCookieOptions(5, true)).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/', expires: new Date(5) });
  });
});

describe('email tokens', () => {
  it('are single-use', async () => {
    db = await testDb();
    const id = await user();
    const token = await createEmailToken(db, id, 'verify', 0);
    expect(await peekEmailToken(db, token, 'verify', 1)).toBe(true);
    expect(await consumeEmailToken(db, token, 'reset', 1)).toBeNull(); // wrong purpose
    expect(await consumeEmailToken(db, token, 'verify', 1)).toBe(id);
    expect(await consumeEmailToken(db, token, 'verify', 2)).toBeNull();
  });
  it('expire, and a new link replaces the old one', async () => {
    db = await testDb();
    const id = await user();
    const old = await createEmailToken(db, id, 'reset', 0);
    expect(await consumeEmailToken(db, old, 'reset', TOKEN_LIFETIME_MS.reset)).toBeNull();
    const first = await createEmailToken(db, id, 'reset', 0);
    const second = await createEmailToken(db, id, 'reset', 0);
    expect(await consumeEmailToken(db, first, 'reset', 1)).toBeNull();
    expect(await consumeEmailToken(db, second, 'reset', 1)).toBe(id);
  });
  it('store only a hash', async () => {
    db = await testDb();
    const token = await createEmailToken(db, await user(), 'verify', 0);
    const row = await db.selectFrom('email_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256Hex(token.split('.')[1]!));
  });
});

describe('throttling', () => {
  it('backs off exponentially after the free attempts, up to the cap', () => {
    const rule = THROTTLE_RULES.account;
    expect([4, 5, 6, 7, 8].map((n) => backoffDelay(n, rule))).toEqual([0, 0, 1_000, 2_000, 4_000]);
    expect(backoffDelay(100, rule)).toBe(rule.maxDelayMs);
  });
  it('is stored in the database, so another handle (a restart) sees it', async () => {
    db = await testDb();
    for (let i = 0; i < 7; i++) await recordFailure(db, 'account:x', THROTTLE_RULES.account, 1_000);
    expect(await throttleWait(db, ['account:x', 'address:y'], 1_000)).toBe(2_000);
    expect(await throttleWait(db, ['account:x'], 3_000)).toBe(0);
    await clearFailures(db, 'account:x');
    expect(await throttleWait(db, ['account:x'], 1_000)).toBe(0);
  });
  it('forgets failures after a quiet day', async () => {
    db = await testDb();
    for (let i = 0; i < 6; i++) await recordFailure(db, 'k', THROTTLE_RULES.account, 0);
    await recordFailure(db, 'k', THROTTLE_RULES.account, 25 * 60 * 60_000);
    const row = await db.selectFrom('auth_throttle').selectAll().executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
  });
});

describe('rate limits', () => {
  it('allows max hits per window, then tells how long to wait', async () => {
    db = await testDb();
    const limit = { max: 2, windowMs: 1_000 };
    expect((await hitRateLimit(db, 'k', limit, 0)).allowed).toBe(true);
    expect((await hitRateLimit(db, 'k', limit, 10)).allowed).toBe(true);
    expect(await hitRateLimit(db, 'k', limit, 400)).toEqual({ allowed: false, granted: 0, retryAfterMs: 600 });
    expect((await hitRateLimit(db, 'k', limit, 1_000)).allowed).toBe(true);
    expect((await hitRateLimit(db, 'other', limit, 400)).allowed).toBe(true);
  });

  it('grants part of a batch of hits: as many as the window still holds', async () => {
    db = await testDb();
    const limit = { max: 5, windowMs: 1_000 };
    expect(await hitRateLimit(db, 'batch', limit, 0, 3)).toEqual({ allowed: true, granted: 3, retryAfterMs: 0 });
    expect(await hitRateLimit(db, 'batch', limit, 10, 4)).toEqual({ allowed: false, granted: 2, retryAfterMs: 990 });
    expect(await hitRateLimit(db, 'batch', limit, 20, 1)).toEqual({ allowed: false, granted: 0, retryAfterMs: 980 });
    expect(await hitRateLimit(db, 'batch', limit, 1_000, 6)).toEqual({ allowed: false, granted: 5, retryAfterMs: 1_000 });
  });
});
