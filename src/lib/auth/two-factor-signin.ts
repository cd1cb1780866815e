// The second step of signing in to an account with two-factor sign-in. A correct password makes
// no session; it makes a pending sign-in instead, with the same token design as sessions
// (./session.ts): `<id>.<secret>` in an HttpOnly cookie, the id and only the SHA-256 of the secret
// in the database, compared in constant time. It lasts ten minutes, is used up by the sign-in it
// finishes, and is dropped after five wrong codes (the password must be typed again). Codes are
// throttled like passwords (./throttle.ts): per account and per client address, counted before
// they are checked.
import type { Db } from '../db/index.ts';
import { constantTimeEqualHex, randomToken, sha256Hex, splitToken } from './crypto.ts';
import { createSession } from './session.ts';
import { claimAttempt, clearFailures, forgiveAttempt, THROTTLE_RULES } from './throttle.ts';
import { useSecondFactor } from './two-factor.ts';

export const CHALLENGE_COOKIE = 'pasokh_2fa';
export const CHALLENGE_LIFETIME_MS = 10 * 60_000;
/** Wrong codes one pending sign-in takes before the password is asked again. */
export const CHALLENGE_MAX_FAILURES = 5;

/** Cookie attributes: HttpOnly, SameSite=Lax, Path=/, Secure outside development, gone with the pending sign-in. */
export function challengeCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: CHALLENGE_LIFETIME_MS / 1000 };
}

/** After a correct password: the pending sign-in's token for the cookie. Older pending sign-ins of the account go. */
export async function createChallenge(db: Db, userId: number, now = Date.now()): Promise<string> {
  const id = randomToken();
  const secret = randomToken();
  await db
    .deleteFrom('two_factor_challenges')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('expires_at', '<=', now)]))
    .execute();
  await db
    .insertInto('two_factor_challenges')
    .values({ id, secret_hash: sha256Hex(secret), user_id: userId, expires_at: now + CHALLENGE_LIFETIME_MS })
    .execute();
  return `${id}.${secret}`;
}

/** The pending sign-in behind a cookie token, when it is whole and not expired. */
export async function readChallenge(
  db: Db,
  token: string | null | undefined,
  now = Date.now(),
): Promise<{ id: string; userId: number } | null> {
  const parts = splitToken(token ?? '');
  if (!parts) return null;
  const row = await db
    .selectFrom('two_factor_challenges')
    .select(['id', 'secret_hash', 'user_id', 'expires_at'])
    .where('id', '=', parts.id)
    .executeTakeFirst();
  if (!row || !constantTimeEqualHex(sha256Hex(parts.secret), row.secret_hash)) return null;
  if (now >= row.expires_at) {
    await db.deleteFrom('two_factor_challenges').where('id', '=', row.id).execute();
    return null;
  }
  return { id: row.id, userId: row.user_id };
}

export type FactorCheck =
  | { ok: true; by: 'totp' | 'recovery' }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * One guess at the user's second factor, throttled like a password guess: counted per account
 * and per client address before it is checked, taken back when right. `before` runs after the
 * count and before the code is used (the password of the disable form): false makes it a wrong guess.
 */
export async function checkSecondFactor(
  db: Db,
  userId: number,
  input: { code?: string | undefined; recovery?: string | undefined; addressKey: string },
  now = Date.now(),
  before?: () => Promise<boolean>,
): Promise<FactorCheck> {
  const accountKey = `two-factor:${userId}`;
  const addressKey = `address:${input.addressKey}`;
  const wait = await claimAttempt(
    db,
    [
      { key: accountKey, rule: THROTTLE_RULES.account },
      { key: addressKey, rule: THROTTLE_RULES.address },
    ],
    now,
  );
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };
  if (before && !(await before())) return { ok: false, reason: 'invalid' };
  const factor = await useSecondFactor(db, userId, input, now);
  if (!factor.ok) return { ok: false, reason: 'invalid' }; // counted by claimAttempt
  await clearFailures(db, accountKey);
  await forgiveAttempt(db, addressKey, THROTTLE_RULES.address, now);
  return factor;
}

export type SecondStepResult =
  | { ok: true; token: string; expiresAt: number; userId: number; by: 'totp' | 'recovery' }
  /** No pending sign-in (none, expired, used, or too many wrong codes): sign in again. */
  | { ok: false; reason: 'expired' }
  | Exclude<FactorCheck, { ok: true }>;

/** Finishes a pending sign-in with an authenticator or recovery code: the new session, or why not. */
export async function finishSignIn(
  db: Db,
  input: {
    challenge: string | null | undefined;
    code?: string | undefined;
    recovery?: string | undefined;
    addressKey: string;
    userAgent: string;
  },
  now = Date.now(),
): Promise<SecondStepResult> {
  const challenge = await readChallenge(db, input.challenge, now);
  if (!challenge) return { ok: false, reason: 'expired' };
  const factor = await checkSecondFactor(db, challenge.userId, input, now);
  if (!factor.ok) {
    if (factor.reason === 'throttled') return factor;
    const row = await db
      .updateTable('two_factor_challenges')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('id', '=', challenge.id)
      .returning('failures')
      .executeTakeFirst();
    if (!row || row.failures >= CHALLENGE_MAX_FAILURES) {
      await db.deleteFrom('two_factor_challenges').where('id', '=', challenge.id).execute();
      return { ok: false, reason: 'expired' };
    }
    return factor;
  }
  // Single use: of two requests finishing the same pending sign-in, one deletes it and signs in.
  const used = await db.deleteFrom('two_factor_challenges').where('id', '=', challenge.id).executeTakeFirst();
  if (Number(used.numDeletedRows) !== 1) return { ok: false, reason: 'expired' };
  const { token, session } = await createSession(db, challenge.userId, input.userAgent, now);
  return { ok: true, token, expiresAt: session.expiresAt, userId: challenge.userId, by: factor.by };
}
