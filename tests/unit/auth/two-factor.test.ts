// Two-factor sign-in (issue 20): enrolment and confirmation, the second step of signing in (wrong
// code, replay, recovery codes once each, throttling), turning it off, the reset of
// `npm run user:create -- --reset-2fa`, and the staff requirement the admin guard enforces.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { afterEach, describe, expect, it } from 'vitest';
import { runSignInForm } from '../../../src/lib/auth/account-forms.ts';
import { createOrPromoteUser, signIn } from '../../../src/lib/auth/accounts.ts';
import { createSession, validateSessionToken, type SessionUser } from '../../../src/lib/auth/session.ts';
import { THROTTLE_RULES } from '../../../src/lib/auth/throttle.ts';
import {
  confirmTwoFactor,
  describeTwoFactorReset,
  mustEnrolTwoFactor,
  normalizeTotpCode,
  resetTwoFactor,
  twoFactorEnabled,
  twoFactorStatus,
  disableTwoFactor,
  useSecondFactor,
  useTotpCode,
} from '../../../src/lib/auth/two-factor.ts';
import { sendAccountMails } from '../../../src/lib/auth/account-mail.ts';
import { runSecondStepForm, runTwoFactorForm } from '../../../src/lib/auth/two-factor-forms.ts';
import { CHALLENGE_MAX_FAILURES, finishSignIn } from '../../../src/lib/auth/two-factor-signin.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import type { Role } from '../../../src/lib/db/schema.ts';
import { runSettingsForm } from '../../../src/lib/moderation/settings-form.ts';
import { getSettings, setSetting } from '../../../src/lib/settings.ts';
import { can } from '../../../src/lib/auth/authorize.ts';
import { isModerator } from '../../../src/lib/forum/policy.ts';
import { hideThread } from '../../../src/lib/forum/threads.ts';
import { lockThread } from '../../../src/lib/moderation/thread-tools.ts';
import { ok } from '../factories.ts';
import { ask, forum } from '../forum/fixture.ts';
import { memoryMailer, testDb } from '../helpers.ts';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const STEP = 30_000;
const DAY = 86_400_000;
const PASSWORD = 'a long enough password';
let db: Db;
afterEach(async () => db?.destroy());

/** The code an authenticator app shows at `at` for this base32 key (RFC 6238 is HOTP of the 30-second step). */
const codeAt = (key: string, at: number) =>
  generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(at / STEP)), 6);

/** A verified account with PASSWORD, as the session would see it. */
async function account(role: Role = 'member', email = `${role}@example.com`): Promise<SessionUser> {
  const { id } = await createOrPromoteUser(db, { email, role, name: 'Test Person', password: PASSWORD, locale: 'en' });
  const user = await validateSessionToken(db, (await createSession(db, id, 'setup', T0)).token, T0);
  await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  return user!.user;
}

/** An account with two-factor sign-in confirmed at T0; its key and recovery codes. */
async function enrolled(role: Role = 'member') {
  const user = await account(role);
  const status = await twoFactorStatus(db, user, T0);
  if (status.enabled) throw new Error('already enabled');
  const confirmed = await confirmTwoFactor(db, user.id, codeAt(status.secret, T0), T0);
  if (!confirmed) throw new Error('not confirmed');
  return { user, key: status.secret, recoveryCodes: confirmed.recoveryCodes };
}

const deps = () => ({ db, mailer: memoryMailer(), origin: 'https://help.example.com' });
const passwordStep = async (email: string, at: number, addressKey = 'addr') => {
  const result = await signIn(deps(), { email, password: PASSWORD, addressKey, userAgent: 'test', locale: 'en' }, at);
  if (result.ok || result.reason !== 'secondFactor')
    throw new Error(`expected a second step, got ${JSON.stringify(result)}`);
  return result.challenge;
};
const sessions = async (userId: number) =>
  (await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;
const auditActions = async (userId: number) =>
  (
    await db
      .selectFrom('moderation_audit')
      .select(['action', 'actor_id'])
      .where('target_user_id', '=', userId)
      .orderBy('id')
      .execute()
  ).map((r) => `${r.action}:${r.actor_id === null ? 'system' : r.actor_id === userId ? 'self' : r.actor_id}`);

describe('enrolment', () => {
  it('offers one secret until confirmed, stores it encrypted, and turns on with a code from the app', async () => {
    db = await testDb();
    const user = await account();
    const first = await twoFactorStatus(db, user, T0);
    const again = await twoFactorStatus(db, user, T0 + 60_000);
    if (first.enabled || again.enabled) throw new Error('not enabled yet');
    // A reload shows what the app already scanned.
    expect(again.secret).toBe(first.secret);
    expect(first.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.uri).toBe(
      `otpauth://totp/Pasokh:member%40example.com?issuer=Pasokh&algorithm=SHA1&secret=${first.secret}&period=30&digits=6`,
    );
    const row = await db.selectFrom('user_two_factor').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_enc).toMatch(/^v1\./);
    expect(row.secret_enc).not.toContain(first.secret);
    const raw = Buffer.from(decodeBase32IgnorePadding(first.secret));
    expect(row.secret_enc).not.toContain(raw.toString('base64url'));
    expect(row.secret_enc).not.toContain(raw.toString('hex'));
    expect(await twoFactorEnabled(db, user.id)).toBe(false);

    // A wrong code changes nothing; the right one (typed in Persian digits, with a space) turns it on.
    const right = codeAt(first.secret, T0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(await confirmTwoFactor(db, user.id, wrong, T0)).toBeNull();
    const persian = [...right].map((d) => String.fromCharCode(0x06f0 + Number(d))).join('');
    const confirmed = await confirmTwoFactor(db, user.id, `${persian.slice(0, 3)} ${persian.slice(3)}`, T0);
    expect(confirmed?.recoveryCodes).toHaveLength(10);
    for (const code of confirmed!.recoveryCodes) expect(code).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
    expect(new Set(confirmed!.recoveryCodes).size).toBe(10);
    expect(await twoFactorEnabled(db, user.id)).toBe(true);
    // Only hashes of the codes are kept; the secret is never shown again.
    const hashes = await db.selectFrom('two_factor_recovery_codes').select('code_hash').execute();
    expect(hashes.map((h) => h.code_hash).join()).not.toContain(confirmed!.recoveryCodes[0]!.replaceAll('-', ''));
    expect(await twoFactorStatus(db, user, T0)).toEqual({ enabled: true, enabledAt: T0, recoveryCodesLeft: 10 });
    // The confirming code cannot sign in a second time within its window.
    expect(await useTotpCode(db, user.id, right, T0 + 1_000)).toBe(false);
    expect(await auditActions(user.id)).toEqual(['twoFactor.enable:self']);
  });

  it('reads Persian and Arabic-Indic digits and refuses what is not six digits', () => {
    expect(normalizeTotpCode('۱۲۳۴۵۶')).toBe('123456');
    expect(normalizeTotpCode('١٢٣ ٤٥٦')).toBe('123456');
    expect(normalizeTotpCode('123-456')).toBe('123456');
    expect(normalizeTotpCode('12345')).toBeNull();
    expect(normalizeTotpCode('12345a')).toBeNull();
  });

  it('does not decrypt a secret copied onto another account', async () => {
    db = await testDb();
    const { user } = await enrolled();
    const other = await account('member', 'other@example.com');
    const row = await db
      .selectFrom('user_two_factor')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('user_two_factor')
      .values({ ...row, user_id: other.id })
      .execute();
    await expect(useTotpCode(db, other.id, '123456', T0)).rejects.toThrow();
  });
});

describe('signing in with a second factor', () => {
  it('makes no session before the code, refuses a wrong code, signs in with the right one once', async () => {
    db = await testDb();
    const { user, key } = await enrolled();
    const at = T0 + 5 * STEP;
    const challenge = await passwordStep(user.email, at);
    expect(challenge).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
    expect(await sessions(user.id)).toBe(0);
    const stored = await db.selectFrom('two_factor_challenges').selectAll().executeTakeFirstOrThrow();
    expect(challenge).not.toContain(stored.secret_hash);

    const right = codeAt(key, at);
    const wrong = right === '000000' ? '000001' : '000000';
    const input = { challenge, addressKey: 'addr', userAgent: 'test' };
    expect(await finishSignIn(db, { ...input, code: wrong }, at)).toEqual({ ok: false, reason: 'invalid' });
    expect(await sessions(user.id)).toBe(0);
    const done = await finishSignIn(db, { ...input, code: right }, at);
    expect(done).toMatchObject({ ok: true, by: 'totp', userId: user.id });
    if (!done.ok) throw new Error('not signed in');
    expect((await validateSessionToken(db, done.token, at))?.user.id).toBe(user.id);
    // The pending sign-in is used up.
    expect(await finishSignIn(db, { ...input, code: codeAt(key, at + STEP) }, at + STEP)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a code replayed within its window, and takes the next step’s code', async () => {
    db = await testDb();
    const { user, key } = await enrolled();
    const at = T0 + 10 * STEP;
    const code = codeAt(key, at);
    const first = await finishSignIn(
      db,
      { challenge: await passwordStep(user.email, at), code, addressKey: 'a', userAgent: '' },
      at,
    );
    expect(first.ok).toBe(true);
    // The same code seen over a shoulder, 10 s later, from elsewhere.
    const replay = await finishSignIn(
      db,
      { challenge: await passwordStep(user.email, at + 10_000, 'b'), code, addressKey: 'b', userAgent: '' },
      at + 10_000,
    );
    expect(replay).toEqual({ ok: false, reason: 'invalid' });
    // An older step's code is no better.
    expect(await useTotpCode(db, user.id, codeAt(key, at - STEP), at)).toBe(false);
    expect(await useTotpCode(db, user.id, codeAt(key, at + STEP), at + STEP)).toBe(true);
  });

  it('takes each recovery code once, and logs its use', async () => {
    db = await testDb();
    const { user, recoveryCodes } = await enrolled();
    const at = T0 + STEP;
    const recovery = recoveryCodes[3]!.toUpperCase().replaceAll('-', ' ');
    const first = await finishSignIn(
      db,
      { challenge: await passwordStep(user.email, at), recovery, addressKey: 'a', userAgent: '' },
      at,
    );
    expect(first).toMatchObject({ ok: true, by: 'recovery' });
    const second = await finishSignIn(
      db,
      { challenge: await passwordStep(user.email, at), recovery, addressKey: 'a', userAgent: '' },
      at,
    );
    expect(second).toEqual({ ok: false, reason: 'invalid' });
    expect(await twoFactorStatus(db, user, at)).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });
    expect(await auditActions(user.id)).toEqual(['twoFactor.enable:self', 'twoFactor.recoveryCodeUsed:self']);
  });

  it('drops a pending sign-in after five wrong codes and throttles the account like passwords', async () => {
    db = await testDb();
    const { user, key } = await enrolled();
    const at = T0 + STEP;
    const wrong = codeAt(key, at) === '000000' ? '000001' : '000000';
    const challenge = await passwordStep(user.email, at);
    const results = [];
    for (let i = 0; i < CHALLENGE_MAX_FAILURES; i++)
      results.push((await finishSignIn(db, { challenge, code: wrong, addressKey: `ip${i}`, userAgent: '' }, at)).ok);
    expect(results.every((ok) => !ok)).toBe(true);
    // The fifth wrong code used the pending sign-in up: the right code no longer helps.
    expect(await finishSignIn(db, { challenge, code: codeAt(key, at), addressKey: 'ip9', userAgent: '' }, at)).toEqual({
      ok: false,
      reason: 'expired',
    });

    // Past the free failures of the account, every address waits, even with the right code.
    const next = await passwordStep(user.email, at);
    expect(await finishSignIn(db, { challenge: next, code: wrong, addressKey: 'ip7', userAgent: '' }, at)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const throttled = await finishSignIn(
      db,
      { challenge: next, code: codeAt(key, at), addressKey: 'ip8', userAgent: '' },
      at,
    );
    expect(throttled).toMatchObject({ ok: false, reason: 'throttled' });
    expect(THROTTLE_RULES.account.freeFailures).toBe(5);
    // Once the wait is over the right code signs in and clears the account's count.
    const later = at + 2_000;
    expect(
      await finishSignIn(db, { challenge: next, code: codeAt(key, later), addressKey: 'ip8', userAgent: '' }, later),
    ).toMatchObject({ ok: true });
    expect(
      await db.selectFrom('auth_throttle').select('key').where('key', '=', `two-factor:${user.id}`).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('says each outcome of the second step in the page’s language', async () => {
    db = await testDb();
    const { user, key } = await enrolled();
    const at = T0 + STEP;
    const base = { addressKey: 'a', userAgent: '', locale: 'fa' as const };
    expect(await runSecondStepForm(db, { ...base, challenge: 'nope', fields: null }, at)).toMatchObject({
      status: 400,
      expired: true,
    });
    const challenge = await passwordStep(user.email, at);
    expect(await runSecondStepForm(db, { ...base, challenge, fields: null }, at)).toEqual({
      status: 200,
      expired: false,
    });
    const blank = await runSecondStepForm(db, { ...base, challenge, fields: { code: ' ', recovery: '' } }, at);
    expect(blank).toMatchObject({ status: 422, expired: false, codeError: 'کد برنامه یا یک کد بازیابی را وارد کنید.' });
    const wrong = await runSecondStepForm(db, { ...base, challenge, fields: { code: '۰۰۰۰۰۰' } }, at);
    expect(wrong).toMatchObject({
      status: 401,
      notice: { kind: 'error', text: expect.stringContaining('تازه‌ترین کد') },
    });
    const persian = [...codeAt(key, at)].map((d) => String.fromCharCode(0x06f0 + Number(d))).join('');
    const done = await runSecondStepForm(db, { ...base, challenge, fields: { code: persian } }, at);
    expect(done.session?.token).toMatch(/\./);
  });
});

describe('managing two-factor sign-in', () => {
  it('turns off only with the password and a code, makes new recovery codes with a code', async () => {
    db = await testDb();
    const { user, key, recoveryCodes } = await enrolled();
    const at = T0 + 4 * STEP;
    const form = (fields: Record<string, string>, now = at) =>
      runTwoFactorForm(db, { user, fields, addressKey: 'a', locale: 'en' }, now);

    const renewed = await form({ intent: 'regenerate', recovery: recoveryCodes[0]! });
    expect(renewed.recoveryCodes).toHaveLength(10);
    // The old codes are gone with the regeneration.
    expect((await form({ intent: 'regenerate', recovery: recoveryCodes[1]! })).status).toBe(401);

    const wrongPassword = await form({ intent: 'disable', password: 'not it at all', code: codeAt(key, at) });
    expect(wrongPassword).toMatchObject({ status: 401, passwordError: 'The current password is not correct.' });
    expect(await twoFactorEnabled(db, user.id)).toBe(true);
    expect(await form({ intent: 'disable', password: PASSWORD })).toMatchObject({ status: 422 });
    const off = await form({ intent: 'disable', password: PASSWORD, code: codeAt(key, at) });
    expect(off).toMatchObject({ status: 200, notice: { kind: 'success', text: 'Two-factor sign-in is off.' } });
    expect(await twoFactorEnabled(db, user.id)).toBe(false);
    expect(await db.selectFrom('two_factor_recovery_codes').select('id').execute()).toEqual([]);
    expect(await auditActions(user.id)).toEqual([
      'twoFactor.enable:self',
      'twoFactor.recoveryCodeUsed:self',
      'twoFactor.recoveryCodesRenewed:self',
      'twoFactor.disable:self',
    ]);
    // The password alone signs in again.
    const plain = await signIn(
      deps(),
      { email: user.email, password: PASSWORD, addressKey: 'a', userAgent: '', locale: 'en' },
      at,
    );
    expect(plain.ok).toBe(true);
  });

  it('resets from the command line: two-factor sign-in gone, every session ended, on the record', async () => {
    db = await testDb();
    const { user } = await enrolled();
    await createSession(db, user.id, 'phone', T0);
    await createSession(db, user.id, 'laptop', T0);
    await passwordStep(user.email, T0 + STEP);
    const reset = await resetTwoFactor(db, ' Member@Example.com ', T0 + 2 * STEP);
    expect(reset).toEqual({
      userId: user.id,
      username: expect.any(String),
      hadTwoFactor: true,
      recoveryCodes: 10,
      sessionsEnded: 2,
    });
    expect(describeTwoFactorReset(user.email, reset!)).toMatch(
      /^member@example\.com \(@.+\): removed two-factor sign-in \(its secret and 10 recovery codes\); 2 sessions ended\./,
    );
    expect(await twoFactorEnabled(db, user.id)).toBe(false);
    expect(await sessions(user.id)).toBe(0);
    expect(await db.selectFrom('two_factor_challenges').select('id').execute()).toEqual([]);
    expect(await auditActions(user.id)).toEqual(['twoFactor.enable:self', 'twoFactor.reset:system']);
    expect(await resetTwoFactor(db, 'nobody@example.com')).toBeNull();
  });
});

describe('security notices', () => {
  const send = async () => {
    const mailer = memoryMailer();
    const sent = await sendAccountMails({ db, mailer, origin: 'https://help.example.com' }, { now: T0 + DAY });
    return { sent, mail: mailer.sent };
  };

  it('mails the account after the answer when a recovery code signs in and when it is turned off, in its language', async () => {
    db = await testDb();
    const { user, key, recoveryCodes } = await enrolled();
    await db.updateTable('users').set({ locale: 'fa' }).where('id', '=', user.id).execute();
    // Nothing for enrolling or for a code from the app.
    expect((await send()).sent).toBe(0);
    expect(await useSecondFactor(db, user.id, { code: codeAt(key, T0 + STEP) }, T0 + STEP)).toEqual({
      ok: true,
      by: 'totp',
    });
    expect((await send()).sent).toBe(0);

    expect(await useSecondFactor(db, user.id, { recovery: recoveryCodes[3]! }, T0 + 2 * STEP)).toEqual({
      ok: true,
      by: 'recovery',
    });
    // Queued in the change's transaction, not sent inside it.
    expect(await db.selectFrom('account_mail_jobs').select(['kind', 'email', 'locale']).execute()).toEqual([
      { kind: 'recoveryCodeUsed', email: user.email, locale: 'fa' },
    ]);
    const used = await send();
    expect(used.sent).toBe(1);
    expect(used.mail[0]).toMatchObject({ to: user.email, subject: 'با یک کد بازیابی به حساب شما در پاسخ وارد شدند' });
    expect(used.mail[0]!.text).toContain('کدهای استفاده‌نشدهٔ باقی‌مانده: ۹.');
    expect(used.mail[0]!.text).toContain('https://help.example.com/fa/account/two-factor/');
    expect(used.mail[0]!.text).toContain('https://help.example.com/fa/account/forgot/');
    expect(used.mail[0]!.text).toMatch(/۱۴ آذر ۱۴۰۵/);
    expect(used.mail[0]!.html).toContain('<html lang="fa" dir="rtl">');

    await disableTwoFactor(db, user.id, T0 + 3 * STEP);
    const off = await send();
    expect(off.mail.map((m) => m.subject)).toEqual(['ورود دومرحله‌ای حساب شما در پاسخ خاموش شد']);
    expect((await send()).sent).toBe(0);
  });

  it('tells the account when an operator resets it, never when there was nothing to reset', async () => {
    db = await testDb();
    const { user } = await enrolled();
    await resetTwoFactor(db, user.email, T0 + STEP);
    const reset = await send();
    expect(reset.mail.map((m) => [m.to, m.subject])).toEqual([
      [user.email, 'Two-factor sign-in was removed from your Pasokh account'],
    ]);
    expect(reset.mail[0]!.text).toMatch(/on December 5, 2026 at 10:00\s?AM UTC/);
    await resetTwoFactor(db, user.email, T0 + 2 * STEP);
    expect((await send()).sent).toBe(0);
  });
});

describe('required for staff', () => {
  it('sends moderators and admins without it to enrolment while the setting is on, never members or writers', async () => {
    db = await testDb();
    expect((await getSettings(db))['auth.require2faForStaff']).toBe(false);
    const moderator = await account('moderator');
    const admin = await account('admin');
    const writer = await account('writer');
    const member = await account('member');
    for (const u of [moderator, admin, writer, member]) expect(await mustEnrolTwoFactor(db, u)).toBe(false);

    // An admin turns it on from the settings screen (on the record like every setting).
    expect(await runSettingsForm(db, admin, { 'auth.require2faForStaff': '1' })).toEqual({ ok: true, changed: true });
    expect(await runSettingsForm(db, admin, { 'auth.require2faForStaff': 'yes' })).toEqual({ ok: false });
    expect((await getSettings(db))['auth.require2faForStaff']).toBe(true);
    expect(await mustEnrolTwoFactor(db, moderator)).toBe(true);
    expect(await mustEnrolTwoFactor(db, admin)).toBe(true);
    expect(await mustEnrolTwoFactor(db, writer)).toBe(false);
    expect(await mustEnrolTwoFactor(db, member)).toBe(false);

    // Signing in, the moderator gets a session and the page is told to go to enrolment first.
    const input = { email: moderator.email, password: PASSWORD, addressKey: 'a', userAgent: '', locale: 'en' as const };
    expect(await runSignInForm(deps(), input, T0)).toMatchObject({
      session: { token: expect.any(String) },
      enrol: true,
    });
    const status = await twoFactorStatus(db, moderator, T0);
    if (status.enabled) throw new Error('not yet');
    await confirmTwoFactor(db, moderator.id, codeAt(status.secret, T0), T0);
    expect(await mustEnrolTwoFactor(db, moderator)).toBe(false);
    expect(await runSignInForm(deps(), input, T0 + STEP)).toMatchObject({ challenge: expect.any(String) });

    await setSetting(db, 'auth.require2faForStaff', false);
    expect(await mustEnrolTwoFactor(db, admin)).toBe(false);
  });

  it('takes staff powers away in every action, not only the admin pages, until it is set up', async () => {
    const scene = await forum();
    db = scene.db;
    const thread = await ask(db, scene.asker, scene.categoryId, 'Refund never arrived on my card');
    await setSetting(db, 'auth.require2faForStaff', true);
    const sessionUser = async () => {
      const { token } = await createSession(db, scene.moderator.id, 'test', T0);
      return (await validateSessionToken(db, token, T0))!.user;
    };

    // Signed in, but without two-factor sign-in: a member's rights, none of a moderator's.
    const pending = await sessionUser();
    expect(pending.twoFactorSetupRequired).toBe(true);
    expect(can(pending, 'account')).toBe(true);
    expect(can(pending, 'moderation')).toBe(false);
    expect(isModerator(pending)).toBe(false);
    await expect(hideThread(db, pending, thread.threadId, 'spam', T0)).rejects.toMatchObject({ status: 403 });
    await expect(lockThread(db, pending, thread.threadId, null, T0)).rejects.toMatchObject({ status: 403 });
    expect(await db.selectFrom('threads').select(['hidden_at', 'state']).executeTakeFirstOrThrow()).toEqual({
      hidden_at: null,
      state: 'open',
    });

    // Set up: the next request's session carries the powers again.
    const status = await twoFactorStatus(db, pending, T0);
    if (status.enabled) throw new Error('not yet');
    await confirmTwoFactor(db, pending.id, codeAt(status.secret, T0), T0);
    const ready = await sessionUser();
    expect(ready.twoFactorSetupRequired).toBeUndefined();
    expect(can(ready, 'moderation')).toBe(true);
    ok(await hideThread(db, ready, thread.threadId, 'spam', T0));

    // Members and writers are never affected, the setting on or off.
    expect(
      (await validateSessionToken(db, (await createSession(db, scene.asker.id, 't', T0)).token, T0))!.user,
    ).not.toHaveProperty('twoFactorSetupRequired');
  });
});
