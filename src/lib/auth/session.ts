// Sessions as Lucia's maintainers now publish the design (https://lucia-auth.com):
// the cookie holds `<id>.<secret>`; the database keeps the id and only SHA-256 of the secret,
// compared in constant time; sessions live 30 days and slide forward when used in their second
// half. The `lucia` npm package is deprecated, so this file is the whole implementation.
import type { Db } from '../db/index.ts';
import type { Role } from '../db/schema.ts';
import { mustEnrolTwoFactor } from './two-factor.ts';
import { constantTimeEqualHex, randomToken, sha256Hex, splitToken } from './crypto.ts';

export const SESSION_COOKIE = 'pasokh_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
/** last_seen_at is written at most this often, to keep reads cheap. */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

export interface Session {
  id: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string;
}

export interface SessionUser {
  id: number;
  email: string;
  emailVerified: boolean;
  displayName: string;
  role: Role;
  trustLevel: number;
  locale: string;
  suspendedUntil: string | null;
  silencedUntil: string | null;
  /** A moderator or admin without two-factor sign-in while the admin setting requires it: no staff powers until set up. */
  twoFactorSetupRequired?: true;
}

export async function createSession(db: Db, userId: number, userAgent: string, now = Date.now()) {
  const id = randomToken();
  const secret = randomToken();
  const session: Session = {
    id,
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + SESSION_LIFETIME_MS,
    userAgent: userAgent.slice(0, 300),
  };
  await db
    .insertInto('sessions')
    .values({
      id,
      secret_hash: sha256Hex(secret),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: session.expiresAt,
      user_agent: session.userAgent,
    })
    .execute();
  return { token: `${id}.${secret}`, session };
}

/**
 * The session and user behind a cookie token, or null. Expired sessions are deleted; a session
 * past half its life is extended (`refreshed`: the caller re-sends the cookie).
 */
export async function validateSessionToken(db: Db, token: string, now = Date.now()) {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.secret_hash',
      'sessions.user_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.user_agent',
      'users.email',
      'users.email_verified_at',
      'users.display_name',
      'users.role',
      'users.trust_level',
      'users.locale',
      'users.suspended_until',
      'users.silenced_until',
    ])
    .where('sessions.id', '=', parts.id)
    .executeTakeFirst();
  if (!row || !constantTimeEqualHex(sha256Hex(parts.secret), row.secret_hash)) return null;
  if (now >= row.expires_at) {
    await invalidateSession(db, row.id);
    return null;
  }
  const session: Session = {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
  };
  const refreshed = now >= row.expires_at - SESSION_LIFETIME_MS / 2;
  if (refreshed || now - row.last_seen_at >= LAST_SEEN_RESOLUTION_MS) {
    session.lastSeenAt = now;
    if (refreshed) session.expiresAt = now + SESSION_LIFETIME_MS;
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: session.expiresAt })
      .where('id', '=', row.id)
      .execute();
  }
  const user: SessionUser = {
    id: row.user_id,
    email: row.email,
    emailVerified: row.email_verified_at !== null,
    displayName: row.display_name,
    role: row.role,
    trustLevel: row.trust_level,
    locale: row.locale,
    suspendedUntil: row.suspended_until,
    silencedUntil: row.silenced_until,
  };
  if (await mustEnrolTwoFactor(db, user)) user.twoFactorSetupRequired = true;
  return { session, user, refreshed };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Signs a user out everywhere, optionally keeping the session making the request. */
export async function invalidateUserSessions(db: Db, userId: number, keepSessionId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

export async function listUserSessions(db: Db, userId: number, now = Date.now()): Promise<Session[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    userAgent: r.user_agent,
  }));
}

/** Revokes one of the user's own sessions; false when it is not theirs (or does not exist). */
export async function revokeUserSession(db: Db, userId: number, sessionId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Cookie attributes: HttpOnly, SameSite=Lax, Path=/, Secure outside development. */
export function sessionCookieOptions(expiresAt: number, secure: boolean) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', expires: new Date(expiresAt) };
}
