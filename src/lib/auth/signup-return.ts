// From sign-up to signed in, in the browser that signed up. A successful sign-up leaves a cookie
// in that browser: the address it was made for and the page to come back to, signed with an
// installation key. Opening the verification link there (the link proves the mailbox, the
// cookie proves the browser) signs the new member in and takes them back; anywhere else the
// link only verifies and the page asks to sign in. The link stays single-use and expiring
// (email-tokens.ts), and an account that was already verified is never signed in by a link.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { safeNextPath } from '../http/form.ts';
import { installationSecret } from '../settings.ts';
import { normalizeEmail } from './accounts.ts';
import { consumeEmailToken, TOKEN_LIFETIME_MS } from './email-tokens.ts';
import { createSession } from './session.ts';

export const SIGNUP_COOKIE = 'pasokh_signup';
/** As long as the verification link itself. */
export const SIGNUP_COOKIE_LIFETIME_MS = TOKEN_LIFETIME_MS.verify;
/** A longer "next" is not worth a cookie; the member lands on the fallback instead. */
const NEXT_MAX = 512;

/** How the page sets SIGNUP_COOKIE: the whole site's, for as long as the link, never to scripts. */
export function signupCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: SIGNUP_COOKIE_LIFETIME_MS / 1000 };
}

interface Payload {
  email: string;
  next: string;
  expiresAt: number;
}

const mac = (key: string, payload: string) =>
  createHmac('sha256', key).update(`signup-browser:${payload}`).digest('base64url');

/**
 * The cookie value for a sign-up that just succeeded. It is set whether or not the address
 * already had an account (the page must answer the same); for an existing account no
 * verification link is sent, so it never signs anyone in.
 */
export async function signupCookieValue(
  db: Db,
  input: { email: string; next: string | null | undefined; fallback: string },
  now = Date.now(),
): Promise<string> {
  const next = safeNextPath(input.next, input.fallback);
  const payload: Payload = {
    email: normalizeEmail(input.email),
    next: next.length <= NEXT_MAX ? next : input.fallback,
    expiresAt: now + SIGNUP_COOKIE_LIFETIME_MS,
  };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${mac(await installationSecret(db, 'secret.signup_key'), encoded)}`;
}

/** What a signup cookie says, when it is ours, whole and not expired; otherwise null. */
export async function readSignupCookie(
  db: Db,
  value: string | null | undefined,
  now = Date.now(),
): Promise<Payload | null> {
  const match = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return null;
  const expected = Buffer.from(mac(await installationSecret(db, 'secret.signup_key'), match[1]!));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const payload = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as Partial<Payload>;
    if (typeof payload.email !== 'string' || typeof payload.next !== 'string' || typeof payload.expiresAt !== 'number')
      return null;
    if (now >= payload.expiresAt) return null;
    return { email: payload.email, next: payload.next, expiresAt: payload.expiresAt };
  } catch {
    return null;
  }
}

export type VerifyOutcome =
  /** The link is unknown, used or expired. */
  | { ok: false }
  /** Verified; this browser is not the one that signed up (or someone is signed in here): ask to sign in. */
  | { ok: true; signedIn: false }
  /** Verified in the browser that signed up: a new session, and where to go. */
  | { ok: true; signedIn: true; token: string; expiresAt: number; next: string };

/**
 * Uses a verification link. `signupCookie` is this browser's SIGNUP_COOKIE; `signedInUserId` the
 * account already signed in here, if any (never replaced by another one).
 */
export async function verifyFromLink(
  db: Db,
  input: {
    token: string;
    signupCookie: string | null | undefined;
    signedInUserId: number | null;
    userAgent: string;
    fallback: string;
  },
  now = Date.now(),
): Promise<VerifyOutcome> {
  const userId = await consumeEmailToken(db, input.token, 'verify', now);
  if (userId === null) return { ok: false };
  const marked = await db
    .updateTable('users')
    .set({ email_verified_at: new Date(now).toISOString() })
    .where('id', '=', userId)
    .where('email_verified_at', 'is', null)
    .executeTakeFirst();
  const newlyVerified = Number(marked.numUpdatedRows) === 1;
  const cookie = await readSignupCookie(db, input.signupCookie, now);
  if (!newlyVerified || !cookie || input.signedInUserId !== null) return { ok: true, signedIn: false };
  const user = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  if (normalizeEmail(user.email) !== cookie.email) return { ok: true, signedIn: false };
  const { token, session } = await createSession(db, userId, input.userAgent, now);
  return {
    ok: true,
    signedIn: true,
    token,
    expiresAt: session.expiresAt,
    next: safeNextPath(cookie.next, input.fallback),
  };
}
