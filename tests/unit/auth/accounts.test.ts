import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import {
  changeDisplayName,
  changePassword,
  createOrPromoteUser,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  verifyEmail,
} from '../../../src/lib/auth/accounts.ts';
import { can, requirePermission, AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import { describeDevice } from '../../../src/lib/auth/device.ts';
import { cleanDisplayName, graphemeCount, nameSkeleton, stripInvisible } from '../../../src/lib/auth/names.ts';
import { validateSessionToken, type SessionUser } from '../../../src/lib/auth/session.ts';
import { outboxMailer } from '../../../src/lib/mail/index.ts';
import { memoryMailer, testDb } from '../helpers.ts';

const naughty: string[] = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8'));

let db: Db;
afterEach(async () => db?.destroy());

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe('display names', () => {
  it('normalizes to NFC and strips bidi controls and invisible characters', () => {
    expect(cleanDisplayName('  Zoe\u0301  Smith ')).toEqual({ name: 'Zoé Smith', skeleton: expect.any(String) });
    expect(stripInvisible('\u202Eevil\u202C\u200Bname\uFEFF')).toBe('evilname');
    expect(stripInvisible('Ali\u200E \u2067رضا\u2069')).toBe('Ali رضا');
  });
  it('keeps ZWNJ between Persian letters and ZWJ inside emoji, drops them elsewhere', () => {
    expect(stripInvisible('نیک\u200Cنام')).toBe('نیک\u200Cنام');
    expect(stripInvisible('a\u200Cb')).toBe('ab');
    expect(stripInvisible('👩\u200D💻 dev')).toBe('👩\u200D💻 dev');
    expect(stripInvisible('a\u200Db')).toBe('ab');
  });
  it('counts length in grapheme clusters', () => {
    expect(graphemeCount('👩‍💻👨‍👩‍👧')).toBe(2);
    expect(cleanDisplayName('👩‍💻a')).toMatchObject({ name: '👩‍💻a' });
    expect(cleanDisplayName('a')).toEqual({ problem: 'tooShort' });
    expect(cleanDisplayName('é'.repeat(40))).toMatchObject({ name: 'é'.repeat(40) });
    expect(cleanDisplayName('e\u0301'.repeat(41))).toEqual({ problem: 'tooLong' });
  });
  it('refuses names without letters and names with control characters', () => {
    expect(cleanDisplayName('!!! ???')).toEqual({ problem: 'noLetters' });
    expect(cleanDisplayName('bad\u0000name')).toEqual({ problem: 'controlCharacters' });
    expect(cleanDisplayName('\u200B\u200B\u200B')).toEqual({ problem: 'tooShort' });
  });
  it('gives look-alikes the same skeleton', () => {
    expect(nameSkeleton('Sаra')).toBe(nameSkeleton('Sara')); // Cyrillic а
    expect(nameSkeleton('PAYPAL')).toBe(nameSkeleton('paypal'));
    expect(nameSkeleton('علي')).toBe(nameSkeleton('علی')); // Arabic ي, Persian ی
    expect(nameSkeleton('Ivan')).not.toBe(nameSkeleton('Иван'));
    expect(nameSkeleton('سارا')).not.toBe(nameSkeleton('سامان'));
  });
  it('never throws on hostile strings', () => {
    for (const text of naughty) {
      const result = cleanDisplayName(text);
      if ('name' in result) {
        expect(result.name).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/);
        expect(graphemeCount(result.name)).toBeLessThanOrEqual(40);
      }
    }
  });
});

describe('sign-up, verification and sign-in', () => {
  const origin = 'https://help.example';

  it('runs the whole journey and mails a localized verification link', async () => {
    db = await testDb();
    const mailer = memoryMailer();
    const deps = { db, mailer, origin };
    expect(
      await signUp(deps, {
        email: ' New@Example.com ',
        username: 'سارا',
        name: 'سارا',
        password: 'a long new password',
        locale: 'fa',
      }),
    ).toEqual({ ok: true });
    expect(mailer.sent[0]).toMatchObject({ to: 'new@example.com', subject: 'تأیید نشانی ایمیل شما در پاسخ' });
    expect(mailer.lastLink()).toMatch(/^https:\/\/help\.example\/fa\/account\/verify\/\?token=/);

    const input = {
      email: 'new@example.com',
      password: 'a long new password',
      addressKey: 'ip1',
      userAgent: 'test',
      locale: 'fa' as const,
    };
    expect(await signIn(deps, input)).toEqual({ ok: false, reason: 'unverified' });
    expect(await verifyEmail(db, tokenOf(mailer.lastLink()))).toBe(true);
    const ok = await signIn(deps, input);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect((await validateSessionToken(db, ok.token))?.user.displayName).toBe('سارا');
  });

  it('answers the same for a taken email and tells the owner by mail', async () => {
    db = await testDb();
    const mailer = memoryMailer();
    await createOrPromoteUser(db, {
      email: 'owner@example.com',
      role: 'member',
      name: 'Owner',
      password: 'owner password 1',
      locale: 'en',
    });
    const result = await signUp(
      { db, mailer, origin },
      {
        email: 'OWNER@example.com',
        username: 'someone',
        name: 'Someone Else',
        password: 'another password',
        locale: 'ru',
      },
    );
    expect(result).toEqual({ ok: true });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.subject).toBe('Someone tried to sign up with your email address'); // the owner's locale
    expect(await db.selectFrom('users').select('id').execute()).toHaveLength(1);
  });

  it('reports every field problem at once and refuses look-alike usernames', async () => {
    db = await testDb();
    await createOrPromoteUser(db, {
      email: 'copa@example.com',
      role: 'member',
      username: 'Copa',
      name: 'Copa',
      password: 'owner password 1',
    });
    // All Cyrillic (С о р а), so one alphabet, but it reads as the Latin Copa.
    const result = await signUp(
      { db, mailer: memoryMailer(), origin },
      { email: 'not-an-email', username: 'Сора', name: 'x', password: 'password', locale: 'en' },
    );
    expect(result).toEqual({
      ok: false,
      errors: { email: 'invalid', username: 'taken', name: 'tooShort', password: 'tooCommon' },
    });
  });

  it('lets two members share a display name, never a username (case, look-alike letters, Arabic/Persian ی)', async () => {
    db = await testDb();
    const deps = { db, mailer: memoryMailer(), origin };
    const base = { password: 'a long new password', locale: 'fa' as const };
    expect(await signUp(deps, { ...base, email: 'a@example.com', username: 'علی_رضایی', name: 'علی رضایی' })).toEqual({
      ok: true,
    });
    expect(await signUp(deps, { ...base, email: 'b@example.com', username: 'ali_rezaei', name: 'علی رضایی' })).toEqual({
      ok: true,
    });
    expect(await signUp(deps, { ...base, email: 'c@example.com', username: 'jane.doe', name: 'Jane Doe' })).toEqual({
      ok: true,
    });
    expect(await signUp(deps, { ...base, email: 'd@example.com', username: 'JaneDoe', name: 'Jane Doe' })).toEqual({
      ok: true,
    });
    expect(await signUp(deps, { ...base, email: 'e@example.com', username: 'علي_رضايي', name: 'Another' })).toEqual({
      ok: false,
      errors: { username: 'taken' },
    });
    expect(await signUp(deps, { ...base, email: 'f@example.com', username: 'JANE.DOE', name: 'Another' })).toEqual({
      ok: false,
      errors: { username: 'taken' },
    });
    expect(await signUp(deps, { ...base, email: 'g@example.com', username: 'jаne.doe', name: 'Another' })).toEqual({
      ok: false,
      errors: { username: 'mixedScripts' },
    }); // Cyrillic а among Latin
    const rows = await db.selectFrom('users').select(['username', 'display_name']).orderBy('id').execute();
    expect(rows).toEqual([
      { username: 'علی_رضایی', display_name: 'علی رضایی' },
      { username: 'ali_rezaei', display_name: 'علی رضایی' },
      { username: 'jane.doe', display_name: 'Jane Doe' },
      { username: 'JaneDoe', display_name: 'Jane Doe' },
    ]);
  });

  it('changes the display name on the account page and keeps the username', async () => {
    db = await testDb();
    const { id } = await createOrPromoteUser(db, {
      email: 'x@example.com',
      role: 'member',
      name: 'Xena',
      password: 'right password 1',
    });
    expect(await changeDisplayName(db, id, '  Xena  Warrior ')).toEqual({ ok: true, name: 'Xena Warrior' });
    expect(await changeDisplayName(db, id, 'X')).toEqual({ ok: false, problem: 'tooShort' });
    expect(
      await db.selectFrom('users').select(['username', 'display_name']).where('id', '=', id).executeTakeFirst(),
    ).toEqual({ username: 'Xena', display_name: 'Xena Warrior' });
  });

  it('says the same thing for a wrong password and an unknown email', async () => {
    db = await testDb();
    await createOrPromoteUser(db, {
      email: 'x@example.com',
      role: 'member',
      name: 'Xena',
      password: 'right password 1',
    });
    const deps = { db, mailer: memoryMailer(), origin };
    const base = { addressKey: 'ip', userAgent: '', locale: 'en' as const };
    expect(await signIn(deps, { ...base, email: 'x@example.com', password: 'wrong password' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await signIn(deps, { ...base, email: 'nobody@example.com', password: 'wrong password' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('throttles an account after 5 failures, even with the right password, per account', async () => {
    db = await testDb();
    await createOrPromoteUser(db, {
      email: 'x@example.com',
      role: 'member',
      name: 'Xena',
      password: 'right password 1',
    });
    const deps = { db, mailer: memoryMailer(), origin };
    const attempt = (password: string, addressKey: string, now: number) =>
      signIn(deps, { email: 'x@example.com', password, addressKey, userAgent: '', locale: 'en' }, now);
    for (let i = 0; i < 6; i++) await attempt('wrong', `ip${i}`, 1_000);
    expect(await attempt('right password 1', 'fresh-ip', 1_500)).toEqual({
      ok: false,
      reason: 'throttled',
      retryAfterMs: 500,
    });
    expect((await attempt('right password 1', 'fresh-ip', 2_000)).ok).toBe(true);
  });

  it('resets the password once, signing out every session', async () => {
    db = await testDb();
    const mailer = memoryMailer();
    const deps = { db, mailer, origin };
    await createOrPromoteUser(db, {
      email: 'r@example.com',
      role: 'member',
      name: 'Rita',
      password: 'old password 11',
    });
    const first = await signIn(deps, {
      email: 'r@example.com',
      password: 'old password 11',
      addressKey: 'ip',
      userAgent: '',
      locale: 'en',
    });
    await requestPasswordReset(deps, { email: 'nobody@example.com', locale: 'en' });
    expect(mailer.sent).toHaveLength(0);
    await requestPasswordReset(deps, { email: 'R@example.com', locale: 'ru' });
    expect(mailer.sent[0]!.subject).toBe('Сброс пароля Pasokh');
    const token = tokenOf(mailer.lastLink());
    expect(await resetPassword(db, token, 'short')).toEqual({ ok: false, problem: 'tooShort' });
    expect(await resetPassword(db, token, 'brand new password')).toEqual({ ok: true });
    expect(await resetPassword(db, token, 'another new password')).toEqual({ ok: false, problem: 'invalidToken' });
    if (first.ok) expect(await validateSessionToken(db, first.token)).toBeNull();
    expect(
      (
        await signIn(deps, {
          email: 'r@example.com',
          password: 'brand new password',
          addressKey: 'ip',
          userAgent: '',
          locale: 'en',
        })
      ).ok,
    ).toBe(true);
  });

  it('changes the password only with the current one, keeping this session', async () => {
    db = await testDb();
    const deps = { db, mailer: memoryMailer(), origin };
    const { id } = await createOrPromoteUser(db, {
      email: 'c@example.com',
      role: 'member',
      name: 'Cyd',
      password: 'old password 11',
    });
    const login = () =>
      signIn(deps, {
        email: 'c@example.com',
        password: 'old password 11',
        addressKey: 'ip',
        userAgent: '',
        locale: 'en',
      });
    const here = await login();
    const elsewhere = await login();
    if (!here.ok || !elsewhere.ok) throw new Error('sign-in failed');
    const sessionId = here.token.split('.')[0]!;
    expect(await changePassword(db, { userId: id, sessionId, current: 'nope', next: 'new password 22' })).toEqual({
      ok: false,
      problem: 'wrongPassword',
    });
    expect(await changePassword(db, { userId: id, sessionId, current: 'old password 11', next: '12345678' })).toEqual({
      ok: false,
      problem: 'tooCommon',
    });
    expect(
      await changePassword(db, { userId: id, sessionId, current: 'old password 11', next: 'new password 22' }),
    ).toEqual({ ok: true });
    expect(await validateSessionToken(db, here.token)).not.toBeNull();
    expect(await validateSessionToken(db, elsewhere.token)).toBeNull();
  });

  it('creates or promotes from the command line', async () => {
    db = await testDb();
    expect(
      (await createOrPromoteUser(db, { email: 'pa@example.com', role: 'member', password: 'member password' })).created,
    ).toBe(true);
    expect((await createOrPromoteUser(db, { email: 'PA@example.com', role: 'admin' })).created).toBe(false);
    const row = await db.selectFrom('users').select(['role', 'display_name']).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'admin', display_name: 'pa' });
  });
});

describe('authorization', () => {
  const as = (role: SessionUser['role']) => ({ id: 1, role }) as SessionUser;
  it('grants by role, in one table', () => {
    expect(can(as('member'), 'account')).toBe(true);
    expect(can(as('member'), 'analytics')).toBe(false);
    expect(can(as('writer'), 'analytics')).toBe(true);
    expect(can(as('writer'), 'moderation')).toBe(false);
    expect(can(as('moderator'), 'moderation')).toBe(true);
    expect(can(as('admin'), 'moderation') && can(as('admin'), 'analytics') && can(as('admin'), 'admin')).toBe(true);
    expect(can(null, 'account')).toBe(false);
    // The writers' guide: writers and admins.
    expect(
      ['member', 'writer', 'moderator', 'admin'].map((role) => can(as(role as SessionUser['role']), 'writing')),
    ).toEqual([false, true, false, true]);
  });
  it('throws 401 for nobody and 403 for the wrong role', () => {
    expect(() => requirePermission(null, 'account')).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requirePermission(as('member'), 'admin')).toThrow(AuthorizationError);
    expect(requirePermission(as('admin'), 'admin').role).toBe('admin');
  });
});

describe('mail outbox and devices', () => {
  it('writes an .eml file with encoded non-ASCII subject and logs the link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const lines: string[] = [];
    await outboxMailer(dir, (l) => lines.push(l)).send({
      to: 'a@example.com',
      subject: 'تأیید ایمیل',
      text: 'Open https://x.example/fa/account/verify/?token=abc now',
      html: '<p>Open <a href="https://x.example/fa/account/verify/?token=abc">the link</a> now</p>',
    });
    const [file] = readdirSync(dir);
    const eml = readFileSync(join(dir, file!), 'utf8');
    expect(eml).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(eml).toContain('To: a@example.com');
    expect(lines.join('\n')).toContain('link: https://x.example/fa/account/verify/?token=abc');
    rmSync(dir, { recursive: true });
  });
  it('describes common devices', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
      ),
    ).toBe('Chrome · Windows');
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile Safari/604.1',
      ),
    ).toBe('Safari · iOS');
    expect(describeDevice('')).toBeUndefined();
  });
});
