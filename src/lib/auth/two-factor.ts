// Two-factor sign-in: TOTP (RFC 6238: 30-second steps, 6 digits, SHA-1, what every authenticator
// app speaks) through @oslojs/otp, and single-use recovery codes.
//
// What is stored, and why so:
// - the TOTP secret (20 random bytes) encrypted with AES-256-GCM under a key derived (HKDF) from
//   the installation secret `secret.totp_key`, bound to its user id (a row copied onto another
//   account does not decrypt). The server must read it to check codes, so it cannot be hashed;
//   encrypting keeps it out of anything that reads the table without that key (a CSV or JSON
//   export, a copied table, a log line). The key lives in the same database, so a thief with the
//   whole database has both: this is not protection against that. Once enrolment is confirmed the
//   secret is never shown again.
// - recovery codes: 16 characters from Lucia's 32-letter alphabet (80 random bits), only their
//   SHA-256 kept: with 80 bits a fast hash is enough (a slow one guards low-entropy passwords).
//   Each works once (`used_at` set by one conditional update, so two requests cannot both use it).
// - `last_step`: the 30-second step the last accepted code belonged to. A code is accepted only for
//   a later step, so a code seen over someone's shoulder cannot be used again in its window.
// Every change is written to the audit log (moderation_audit) in the transaction of the change.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { asciiDigits } from '../analytics/period.ts';
import type { Db } from '../db/index.ts';
import type { Role } from '../db/schema.ts';
import { recordModeration, type AccountAction } from '../moderation/audit.ts';
import { getSettings, installationSecret } from '../settings.ts';
import { randomString, sha256Hex } from './crypto.ts';
import { queueSecurityNotice } from './security-notice.ts';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
/** Codes of the step before and after now are accepted too: a phone clock a little off, a slow typist. */
const STEP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_CODE_LENGTH = 16;
const ISSUER = 'Pasokh';

// ---- the secret at rest ----------------------------------------------------------------------

const keys = new Map<string, Buffer>();
async function sealingKey(db: Db): Promise<Buffer> {
  const secret = await installationSecret(db, 'secret.totp_key');
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'hex'), Buffer.alloc(0), 'pasokh:totp-secret:v1', 32));
    keys.set(secret, key);
  }
  return key;
}

const aad = (userId: number) => Buffer.from(`pasokh:user:${userId}`);

async function seal(db: Db, userId: number, secret: Uint8Array): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await sealingKey(db), iv);
  cipher.setAAD(aad(userId));
  const body = Buffer.concat([cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

async function unseal(db: Db, userId: number, sealed: string): Promise<Uint8Array> {
  const [version, iv, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !body) throw new Error('Unknown two-factor secret format');
  const bytes = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', await sealingKey(db), Buffer.from(iv, 'base64url'));
  decipher.setAAD(aad(userId));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]));
}

// ---- what people type ------------------------------------------------------------------------

/** A typed authenticator code as six ASCII digits (Persian and Arabic-Indic digits, spaces and dashes allowed), or null. */
export function normalizeTotpCode(typed: string): string | null {
  const code = asciiDigits(typed.normalize('NFKC')).replace(/[\s\-\u200C\u200E\u200F\u061C]/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : null;
}

/** A typed recovery code without its dashes, spaces and case, or null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = asciiDigits(typed.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\-\u200C\u200E\u200F\u061C]/g, '');
  return new RegExp(`^[a-km-np-z2-9]{${RECOVERY_CODE_LENGTH}}$`).test(code) ? code : null;
}

/** `abcd-efgh-jkmn-pqrs`: how a recovery code is shown. */
const formatRecoveryCode = (code: string) => code.match(/.{4}/g)!.join('-');

// ---- state -----------------------------------------------------------------------------------

export async function twoFactorEnabled(db: Db, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('user_two_factor')
    .select('enabled_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row && row.enabled_at !== null);
}

export type TwoFactorStatus =
  { enabled: false; uri: string; secret: string } | { enabled: true; enabledAt: number; recoveryCodesLeft: number };

/**
 * The enrolment page's state. Without two-factor sign-in, the secret to enrol (made on the first
 * visit and kept until confirmed, so a reload does not invalidate what the app already scanned)
 * as an otpauth:// URI and as Base32 for typing; with it, only when and how many codes are left.
 */
export async function twoFactorStatus(
  db: Db,
  user: { id: number; email: string },
  now = Date.now(),
): Promise<TwoFactorStatus> {
  const row = await db
    .selectFrom('user_two_factor')
    .select(['secret_enc', 'enabled_at'])
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (row?.enabled_at != null) {
    const left = await db
      .selectFrom('two_factor_recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { enabled: true, enabledAt: row.enabled_at, recoveryCodesLeft: Number(left.n) };
  }
  let secret: Uint8Array;
  if (row) secret = await unseal(db, user.id, row.secret_enc);
  else {
    secret = new Uint8Array(randomBytes(20));
    await db
      .insertInto('user_two_factor')
      .values({
        user_id: user.id,
        secret_enc: await seal(db, user.id, secret),
        enabled_at: null,
        last_step: null,
        created_at: now,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    // Two first visits at once: the one stored is the one to show.
    const stored = await db
      .selectFrom('user_two_factor')
      .select('secret_enc')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    secret = await unseal(db, user.id, stored.secret_enc);
  }
  return {
    enabled: false,
    uri: createTOTPKeyURI(ISSUER, user.email, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS),
    secret: encodeBase32UpperCaseNoPadding(secret),
  };
}

// ---- checking codes --------------------------------------------------------------------------

/**
 * Checks a typed authenticator code against the user's secret (confirmed or, with `pending`, the
 * one being enrolled) and uses up its step: true once per step, false for a wrong code, a code of
 * a step already used (replay) or no secret. Runs in `db`'s transaction when given one.
 */
export async function useTotpCode(
  db: Db,
  userId: number,
  typed: string,
  now = Date.now(),
  options: { pending?: boolean } = {},
): Promise<boolean> {
  const code = normalizeTotpCode(typed);
  if (!code) return false;
  const row = await db
    .selectFrom('user_two_factor')
    .select(['secret_enc', 'enabled_at', 'last_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row || (row.enabled_at === null) !== Boolean(options.pending)) return false;
  const key = await unseal(db, userId, row.secret_enc);
  const current = Math.floor(now / STEP_MS);
  let matched: number | undefined;
  // Every step in the window is computed, whether or not an earlier one matched.
  for (let step = current - STEP_WINDOW; step <= current + STEP_WINDOW; step++)
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) matched = step;
  if (matched === undefined || (row.last_step !== null && matched <= row.last_step)) return false;
  const used = await db
    .updateTable('user_two_factor')
    .set({ last_step: matched })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', matched)]))
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

/** Uses up one of the user's recovery codes: true the first time a right code is given, false ever after. */
export async function useRecoveryCode(db: Db, userId: number, typed: string, now = Date.now()): Promise<boolean> {
  const code = normalizeRecoveryCode(typed);
  if (!code) return false;
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('two_factor_recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('code_hash', '=', sha256Hex(code))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return false;
    const left = await trx
      .selectFrom('two_factor_recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    await audit(trx, 'twoFactor.recoveryCodeUsed', userId, userId, { left: Number(left.n) }, now);
    await queueSecurityNotice(trx, userId, 'recoveryCodeUsed', now);
    return true;
  });
}

/**
 * The second factor as typed in a form: an authenticator code, or else a recovery code. Only one
 * is tried (the authenticator code when both are filled), so one request is one guess.
 */
export async function useSecondFactor(
  db: Db,
  userId: number,
  typed: { code?: string | undefined; recovery?: string | undefined },
  now = Date.now(),
): Promise<{ ok: true; by: 'totp' | 'recovery' } | { ok: false }> {
  const code = typed.code?.trim();
  if (code) return (await useTotpCode(db, userId, code, now)) ? { ok: true, by: 'totp' } : { ok: false };
  const recovery = typed.recovery?.trim();
  if (recovery)
    return (await useRecoveryCode(db, userId, recovery, now)) ? { ok: true, by: 'recovery' } : { ok: false };
  return { ok: false };
}

// ---- changes ---------------------------------------------------------------------------------

async function newRecoveryCodes(trx: Db, userId: number, now: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomString(RECOVERY_CODE_LENGTH));
  await trx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await trx
    .insertInto('two_factor_recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: sha256Hex(code), used_at: null, created_at: now })))
    .execute();
  return codes.map(formatRecoveryCode);
}

const audit = (
  trx: Db,
  action: AccountAction,
  actorId: number | null,
  userId: number,
  data: Record<string, unknown> | null,
  now: number,
) => recordModeration(trx, { actorId, action, targetUserId: userId, data }, now);

/**
 * Confirms enrolment with a code from the app: two-factor sign-in is on from now, and the
 * recovery codes (to show once) come back; null when the code is wrong or nothing is pending.
 */
export async function confirmTwoFactor(
  db: Db,
  userId: number,
  typed: string,
  now = Date.now(),
): Promise<{ recoveryCodes: string[] } | null> {
  return db.transaction().execute(async (trx) => {
    if (!(await useTotpCode(trx, userId, typed, now, { pending: true }))) return null;
    await trx
      .updateTable('user_two_factor')
      .set({ enabled_at: now })
      .where('user_id', '=', userId)
      .where('enabled_at', 'is', null)
      .execute();
    const recoveryCodes = await newRecoveryCodes(trx, userId, now);
    await audit(trx, 'twoFactor.enable', userId, userId, null, now);
    return { recoveryCodes };
  });
}

/** New recovery codes in place of all the old ones (after the caller checked a second factor). */
export async function regenerateRecoveryCodes(db: Db, userId: number, now = Date.now()): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const codes = await newRecoveryCodes(trx, userId, now);
    await audit(trx, 'twoFactor.recoveryCodesRenewed', userId, userId, null, now);
    return codes;
  });
}

/** Turns two-factor sign-in off (after the caller checked the password and a second factor). */
export async function disableTwoFactor(db: Db, userId: number, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await removeTwoFactor(trx, userId);
    await audit(trx, 'twoFactor.disable', userId, userId, null, now);
    await queueSecurityNotice(trx, userId, 'twoFactorOff', now);
  });
}

async function removeTwoFactor(trx: Db, userId: number): Promise<{ hadTwoFactor: boolean; recoveryCodes: number }> {
  const removed = await trx
    .deleteFrom('user_two_factor')
    .where('user_id', '=', userId)
    .returning('enabled_at')
    .execute();
  const codes = await trx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).executeTakeFirst();
  await trx.deleteFrom('two_factor_challenges').where('user_id', '=', userId).execute();
  return {
    hadTwoFactor: removed.some((r) => r.enabled_at !== null),
    recoveryCodes: Number(codes.numDeletedRows),
  };
}

export interface TwoFactorReset {
  userId: number;
  username: string;
  hadTwoFactor: boolean;
  recoveryCodes: number;
  sessionsEnded: number;
}

/**
 * `npm run user:create -- --email … --reset-2fa`, for a member who lost the device and the
 * recovery codes: two-factor sign-in is removed and every session of the account ends (whoever
 * holds one may be the reason for the reset). Recorded as a system action. Null: no such account.
 */
export async function resetTwoFactor(db: Db, email: string, now = Date.now()): Promise<TwoFactorReset | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('email', '=', email.normalize('NFC').trim().toLowerCase())
    .executeTakeFirst();
  if (!user) return null;
  return db.transaction().execute(async (trx) => {
    const removed = await removeTwoFactor(trx, user.id);
    const sessions = await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    const sessionsEnded = Number(sessions.numDeletedRows);
    await audit(trx, 'twoFactor.reset', null, user.id, { ...removed, sessionsEnded }, now);
    if (removed.hadTwoFactor) await queueSecurityNotice(trx, user.id, 'twoFactorReset', now);
    return { userId: user.id, username: user.username, ...removed, sessionsEnded };
  });
}

/** What `--reset-2fa` prints. */
export function describeTwoFactorReset(email: string, reset: TwoFactorReset): string {
  const what = reset.hadTwoFactor
    ? `removed two-factor sign-in (its secret and ${reset.recoveryCodes} recovery code${reset.recoveryCodes === 1 ? '' : 's'})`
    : 'found no two-factor sign-in to remove';
  const sessions = `${reset.sessionsEnded} session${reset.sessionsEnded === 1 ? '' : 's'} ended`;
  return `${email} (@${reset.username}): ${what}; ${sessions}. The next sign-in needs only the password; recorded in the audit log.`;
}

// ---- staff -----------------------------------------------------------------------------------

const STAFF: readonly Role[] = ['moderator', 'admin'];

/**
 * Whether this user must set up two-factor sign-in before using staff pages: a moderator or an
 * admin without it while the admin setting `auth.require2faForStaff` is on.
 */
export async function mustEnrolTwoFactor(db: Db, user: { id: number; role: Role }): Promise<boolean> {
  if (!STAFF.includes(user.role)) return false;
  if (!(await getSettings(db))['auth.require2faForStaff']) return false;
  return !(await twoFactorEnabled(db, user.id));
}
