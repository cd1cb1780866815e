// Factories for the rows most tests need: users as the session sees them, and the `ok` unwrap of a
// lib outcome. Each test file still builds its own scene (categories, threads) from these.
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { nameSkeleton } from '../../src/lib/auth/names.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import { usernameFrom, usernameSkeleton } from '../../src/lib/auth/usernames.ts';
import type { Db } from '../../src/lib/db/index.ts';
import type { Role } from '../../src/lib/db/schema.ts';

export interface UserOptions {
  role?: Role;
  trustLevel?: number;
  /** Default `user<n>@example.com`, numbered per test file. */
  email?: string;
  /** Default the name with the running number, so two users may share a display name. */
  username?: string;
  locale?: string;
  /** When the account was made; `'now'` leaves it to the database (a brand-new account). Default 2026-11-01. */
  createdAt?: string;
  suspendedUntil?: string | null;
  silencedUntil?: string | null;
}

let madeUsers = 0;
/** A verified user (member, trust level 1, English by default), as the session would see them. */
export async function makeUser(db: Db, name: string, options: UserOptions = {}): Promise<SessionUser> {
  const n = ++madeUsers;
  const email = options.email ?? `user${n}@example.com`;
  const role = options.role ?? 'member';
  const trustLevel = options.trustLevel ?? 1;
  const username = options.username ?? usernameFrom(`${name}${n}`);
  const suspendedUntil = options.suspendedUntil ?? null;
  const silencedUntil = options.silencedUntil ?? null;
  const createdAt = options.createdAt ?? '2026-11-01 00:00:00';
  const row = await db
    .insertInto('users')
    .values({
      email,
      email_verified_at: '2026-11-01T00:00:00Z',
      password_hash: 'x',
      display_name: name,
      name_skeleton: nameSkeleton(name),
      username,
      username_skeleton: usernameSkeleton(username),
      role,
      trust_level: trustLevel,
      ...(createdAt === 'now' ? {} : { created_at: createdAt }),
      suspended_until: suspendedUntil,
      silenced_until: silencedUntil,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const locale = options.locale ?? 'en';
  return {
    id: row.id,
    email,
    emailVerified: true,
    displayName: name,
    role,
    trustLevel,
    locale,
    suspendedUntil,
    silencedUntil,
  };
}

/** A member made the way sign-up makes one (a real password hash); answers the id. */
export async function makeAccount(db: Db, email = 'a@example.com', name = 'Alice'): Promise<number> {
  return (await createOrPromoteUser(db, { email, role: 'member', name, password: 'correct horse battery' })).id;
}

/** The outcome of a lib call that must succeed; a refusal fails the test with its reason. */
export function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`Refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}
