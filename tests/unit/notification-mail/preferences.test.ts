import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAIL_PREFS,
  mailKindOf,
  mailPrefs,
  mailPrefsOf,
  setMailPrefs,
} from '../../../src/lib/notification-mail/preferences.ts';
import { runMailPrefsForm } from '../../../src/lib/notification-mail/preferences-form.ts';
import { makeUser } from '../factories.ts';
import { testDb } from '../helpers.ts';

describe('notification mail preferences', () => {
  it('start at the defaults: everything at once', async () => {
    const db = await testDb();
    const user = await makeUser(db, 'Mina');
    expect(await mailPrefs(db, user.id)).toEqual({
      replyMine: 'immediately',
      replyWatched: 'immediately',
      mention: 'immediately',
      accepted: 'immediately',
      moderation: 'immediately',
    });
    expect(await db.selectFrom('notification_mail_prefs').selectAll().execute()).toEqual([]);
  });

  it('store only what differs from the default, per member', async () => {
    const db = await testDb();
    const a = await makeUser(db, 'A');
    const b = await makeUser(db, 'B');
    await setMailPrefs(db, a.id, { replyWatched: 'daily', mention: 'off' }, 1);
    await setMailPrefs(db, a.id, { mention: 'immediately' }, 2);
    expect(await mailPrefs(db, a.id)).toEqual({ ...DEFAULT_MAIL_PREFS, replyWatched: 'daily' });
    expect(await db.selectFrom('notification_mail_prefs').select(['user_id', 'kind', 'mode']).execute()).toEqual([
      { user_id: a.id, kind: 'replyWatched', mode: 'daily' },
    ]);
    const both = await mailPrefsOf(db, [a.id, b.id]);
    expect(both.get(b.id)).toEqual(DEFAULT_MAIL_PREFS);
    expect(both.get(a.id)!.replyWatched).toBe('daily');
  });

  it('name the mail kind of each in-app notification', () => {
    expect(mailKindOf('reply', true)).toBe('replyMine');
    expect(mailKindOf('reply', false)).toBe('replyWatched');
    expect(mailKindOf('mention', false)).toBe('mention');
    expect(mailKindOf('accepted', false)).toBe('accepted');
    expect(mailKindOf('mod.suspended', false)).toBe('moderation');
  });

  it('are saved by the account form, which refuses a value that is not an option and changes nothing', async () => {
    const db = await testDb();
    const user = await makeUser(db, 'Sara');
    const all = {
      replyMine: 'immediately',
      replyWatched: 'daily',
      mention: 'off',
      accepted: 'daily',
      moderation: 'immediately',
    };
    const saved = await runMailPrefsForm(db, { userId: user.id, form: all, locale: 'fa' });
    expect(saved.status).toBe(200);
    expect(saved.notice?.text).toBe('انتخاب‌های ایمیل شما ذخیره شد.');
    expect(saved.prefs).toEqual(all);
    const forged = await runMailPrefsForm(db, { userId: user.id, form: { ...all, mention: 'hourly' }, locale: 'en' });
    expect(forged.status).toBe(422);
    expect(forged.notice?.text).toBe('Choose one of the options for each kind of notification.');
    expect(await mailPrefs(db, user.id)).toEqual(all);
  });
});
