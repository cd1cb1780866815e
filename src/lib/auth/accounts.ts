// Account journeys: sign up, verify, sign in, reset and change the password, create or promote
// from the command line. The same answer whether or not an email is registered (and the same
// work, so timing does not tell either).
import { isUniqueViolation, type Db } from '../db/index.ts';
import type { Role } from '../db/schema.ts';
import { localizedMail } from '../mail/compose.ts';
import type { Mailer } from '../mail/index.ts';
import { isLocale, type Locale } from '../../i18n/index.ts';
import { sha256Hex } from './crypto.ts';
import { consumeEmailToken, createEmailToken } from './email-tokens.ts';
import { cleanDisplayName, type NameProblem } from './names.ts';
import { cleanUsername, uniqueUsername, usernameFrom, type UsernameProblem } from './usernames.ts';
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword, type PasswordProblem } from './password.ts';
import { createSession, invalidateUserSessions } from './session.ts';
import { claimAttempt, clearFailures, forgiveAttempt, THROTTLE_RULES } from './throttle.ts';
import { twoFactorEnabled } from './two-factor.ts';
import { createChallenge } from './two-factor-signin.ts';

export interface AccountDeps {
  db: Db;
  mailer: Mailer;
  /** Origin for links in mail, e.g. https://help.example.com */
  origin: string;
}

export type EmailProblem = 'invalid';
export type SignUpErrors = {
  email?: EmailProblem;
  username?: UsernameProblem;
  name?: NameProblem;
  password?: PasswordProblem;
};

export function normalizeEmail(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase();
}

export function emailProblem(email: string): EmailProblem | undefined {
  return email.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u.test(email)
    ? undefined
    : 'invalid';
}

async function mail(
  deps: AccountDeps,
  to: string,
  locale: Locale,
  kind: 'verify' | 'exists' | 'reset',
  vars: Record<string, string>,
) {
  await deps.mailer.send({ to, ...localizedMail(locale, `mail.${kind}.subject`, `mail.${kind}.body`, vars) });
}

const link = (deps: AccountDeps, locale: Locale, path: string) =>
  new URL(`/${locale}/account/${path}`, deps.origin).href;

async function sendVerification(
  deps: AccountDeps,
  user: { id: number; email: string; display_name: string },
  locale: Locale,
) {
  const token = await createEmailToken(deps.db, user.id, 'verify');
  await mail(deps, user.email, locale, 'verify', {
    name: user.display_name,
    link: link(deps, locale, `verify/?token=${token}`),
  });
}

export async function signUp(
  deps: AccountDeps,
  input: { email: string; username: string; name: string; password: string; locale: Locale },
): Promise<{ ok: true } | { ok: false; errors: SignUpErrors }> {
  const email = normalizeEmail(input.email);
  const errors: SignUpErrors = {};
  const emailIssue = emailProblem(email);
  if (emailIssue) errors.email = emailIssue;
  const username = cleanUsername(input.username);
  if ('problem' in username) errors.username = username.problem;
  else if (await usernameTaken(deps.db, username.skeleton)) errors.username = 'taken';
  const name = cleanDisplayName(input.name);
  if ('problem' in name) errors.name = name.problem;
  const passwordIssue = passwordProblem(input.password);
  if (passwordIssue) errors.password = passwordIssue;
  if (Object.keys(errors).length || !('skeleton' in name) || !('skeleton' in username)) return { ok: false, errors };

  const passwordHash = await hashPassword(input.password);
  const existing = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) {
    const locale = isLocale(existing.locale) ? existing.locale : input.locale;
    await mail(deps, email, locale, 'exists', { name: existing.display_name, link: link(deps, locale, 'signin/') });
    return { ok: true };
  }
  try {
    const user = await deps.db
      .insertInto('users')
      .values({
        email,
        password_hash: passwordHash,
        username: username.username,
        username_skeleton: username.skeleton,
        display_name: name.name,
        name_skeleton: name.skeleton,
        locale: input.locale,
        email_verified_at: null,
        suspended_until: null,
        silenced_until: null,
      })
      .returning(['id', 'email', 'display_name'])
      .executeTakeFirstOrThrow();
    await sendVerification(deps, user, input.locale);
  } catch (error) {
    // Two sign-ups racing for the same look-alike username: the second one loses cleanly.
    if (isUniqueViolation(error, { table: 'users', column: 'username_skeleton' }))
      return { ok: false, errors: { username: 'taken' } };
    if (isUniqueViolation(error, { table: 'users', column: 'email' })) return { ok: true };
    throw error;
  }
  return { ok: true };
}

export async function verifyEmail(db: Db, token: string): Promise<boolean> {
  const userId = await consumeEmailToken(db, token, 'verify');
  if (userId === null) return false;
  await db
    .updateTable('users')
    .set({ email_verified_at: new Date().toISOString() })
    .where('id', '=', userId)
    .where('email_verified_at', 'is', null)
    .execute();
  return true;
}

export type SignInResult =
  | { ok: true; token: string; expiresAt: number; user: { id: number; role: Role } }
  | { ok: false; reason: 'invalid' | 'unverified' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number }
  /** The password was right; the account uses two-factor sign-in: no session yet, a pending sign-in (./two-factor-signin.ts). */
  | { ok: false; reason: 'secondFactor'; challenge: string };

export async function signIn(
  deps: AccountDeps,
  input: { email: string; password: string; addressKey: string; userAgent: string; locale: Locale },
  now = Date.now(),
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const accountKey = `account:${sha256Hex(email)}`;
  const addressKey = `address:${input.addressKey}`;
  const wait = await claimAttempt(
    deps.db,
    [
      { key: accountKey, rule: THROTTLE_RULES.account },
      { key: addressKey, rule: THROTTLE_RULES.address },
    ],
    now,
  );
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };

  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'password_hash', 'email_verified_at', 'role'])
    .where('email', '=', email)
    .executeTakeFirst();
  const valid = user
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid) return { ok: false, reason: 'invalid' }; // counted by claimAttempt
  await clearFailures(deps.db, accountKey);
  await forgiveAttempt(deps.db, addressKey, THROTTLE_RULES.address, now);
  if (!user.email_verified_at) {
    await sendVerification(deps, user, input.locale);
    return { ok: false, reason: 'unverified' };
  }
  if (await twoFactorEnabled(deps.db, user.id))
    return { ok: false, reason: 'secondFactor', challenge: await createChallenge(deps.db, user.id, now) };
  const { token, session } = await createSession(deps.db, user.id, input.userAgent, now);
  return { ok: true, token, expiresAt: session.expiresAt, user: { id: user.id, role: user.role } };
}

/** Sends a reset link when the address has an account; answers the same either way. */
export async function requestPasswordReset(deps: AccountDeps, input: { email: string; locale: Locale }): Promise<void> {
  const email = normalizeEmail(input.email);
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!user) return;
  const locale = input.locale;
  const token = await createEmailToken(deps.db, user.id, 'reset');
  await mail(deps, user.email, locale, 'reset', {
    name: user.display_name,
    link: link(deps, locale, `reset/?token=${token}`),
  });
}

export async function resetPassword(
  db: Db,
  token: string,
  password: string,
): Promise<{ ok: true } | { ok: false; problem: PasswordProblem | 'invalidToken' }> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, problem }; // the token stays usable for a second try
  const passwordHash = await hashPassword(password);
  const userId = await consumeEmailToken(db, token, 'reset');
  if (userId === null) return { ok: false, problem: 'invalidToken' };
  await db
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(new Date().toISOString())),
    }))
    .where('id', '=', userId)
    .execute();
  await invalidateUserSessions(db, userId);
  // Proving control of the mailbox lifts the sign-in back-off on the account.
  const { email } = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  await clearFailures(db, `account:${sha256Hex(email)}`);
  return { ok: true };
}

export async function changePassword(
  db: Db,
  input: { userId: number; sessionId: string; current: string; next: string },
): Promise<{ ok: true } | { ok: false; problem: PasswordProblem | 'wrongPassword' }> {
  const user = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', input.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.current))) return { ok: false, problem: 'wrongPassword' };
  const problem = passwordProblem(input.next);
  if (problem) return { ok: false, problem };
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.next) })
    .where('id', '=', input.userId)
    .execute();
  await invalidateUserSessions(db, input.userId, input.sessionId);
  return { ok: true };
}

/** For the CLI and the demo seed: creates a verified user, or sets the role of an existing one. */
export async function createOrPromoteUser(
  db: Db,
  input: { email: string; role: Role; username?: string; name?: string; password?: string; locale?: Locale },
): Promise<{ created: boolean; id: number; username: string }> {
  const email = normalizeEmail(input.email);
  if (emailProblem(email)) throw new Error(`Not an email address: ${input.email}`);
  const existing = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) {
    await db.updateTable('users').set({ role: input.role }).where('id', '=', existing.id).execute();
    return { created: false, id: existing.id, username: existing.username };
  }
  if (!input.password) throw new Error('A new user needs --password');
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(`Password refused: ${problem}`);
  const name = cleanDisplayName(input.name ?? email.split('@')[0]!);
  if ('problem' in name) throw new Error(`Name refused: ${name.problem}`);
  // Without --username, one is made from the name (or the address), numbered if taken.
  let username: { username: string; skeleton: string };
  if (input.username !== undefined) {
    const typed = cleanUsername(input.username);
    if ('problem' in typed) throw new Error(`Username refused: ${typed.problem}`);
    if (await usernameTaken(db, typed.skeleton)) throw new Error(`Username refused: taken`);
    username = typed;
  } else {
    username = await uniqueUsername(usernameFrom(input.name ?? email.split('@')[0]!), (skeleton) =>
      usernameTaken(db, skeleton),
    );
  }
  const row = await db
    .insertInto('users')
    .values({
      email,
      password_hash: await hashPassword(input.password),
      username: username.username,
      username_skeleton: username.skeleton,
      display_name: name.name,
      name_skeleton: name.skeleton,
      role: input.role,
      locale: input.locale ?? 'fa',
      email_verified_at: new Date().toISOString(),
      suspended_until: null,
      silenced_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { created: true, id: row.id, username: username.username };
}

async function usernameTaken(db: Db, skeleton: string): Promise<boolean> {
  return Boolean(
    await db.selectFrom('users').select('id').where('username_skeleton', '=', skeleton).executeTakeFirst(),
  );
}

/** The account page: a new display name (any member may share it; the username stays). */
export async function changeDisplayName(
  db: Db,
  userId: number,
  raw: string,
): Promise<{ ok: true; name: string } | { ok: false; problem: NameProblem }> {
  const name = cleanDisplayName(raw);
  if ('problem' in name) return { ok: false, problem: name.problem };
  await db
    .updateTable('users')
    .set({ display_name: name.name, name_skeleton: name.skeleton })
    .where('id', '=', userId)
    .execute();
  return { ok: true, name: name.name };
}

/** A member's username (fixed at sign-up; shown on the account page). */
export async function usernameOf(db: Db, userId: number): Promise<string> {
  return (await db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirstOrThrow()).username;
}
