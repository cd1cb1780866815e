import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import { randomToken, sha256Hex } from '../../../src/lib/auth/crypto.ts';
import {
  createSession,
  invalidateUserSessions,
  listUserSessions,
  revokeUserSession,
  SESSION_LIFETIME_MS,
  sessionCookieOptions,
  validateSessionToken,
} from '../../../src/lib/auth/session.ts';
import { makeAccount } from '../factories.ts';
import { testDb } from '../helpers.ts';

let db: Db;
afterEach(async () => db?.destroy());

const user = (email?: string, name?: string) => makeAccount(db, email, name);

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
    expect(sessionCookieOptions(5, true)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      expires: new Date(5),
    });
  });
});
