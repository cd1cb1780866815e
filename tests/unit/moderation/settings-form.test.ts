// The moderation settings page's form runner (lib/moderation/settings-form.ts): good values are
// saved at once, one bad value refuses the lot, and what was typed comes back.
import { describe, expect, it } from 'vitest';
import { getModerationSettings } from '../../../src/lib/moderation/settings.ts';
import { runSettingsForm, settingsAnswer, typedSettings } from '../../../src/lib/moderation/settings-form.ts';
import { testDb, testUser } from '../helpers.ts';

describe('moderation settings form', () => {
  it('saves values typed in Persian digits, then finds nothing to change', async () => {
    const db = await testDb();
    const admin = await testUser(db, 'Root', { role: 'admin' });
    const saved = await runSettingsForm(db, admin, { 'moderation.flagThreshold': '۵', reason: 'busy week' });
    expect(saved).toEqual({ ok: true, changed: true });
    expect(settingsAnswer(saved)).toEqual({ redirect: { done: 'saved' } });
    expect((await getModerationSettings(db))['moderation.flagThreshold']).toBe(5);
    expect(settingsAnswer(await runSettingsForm(db, admin, { 'moderation.flagThreshold': '5' }))).toEqual({
      redirect: { done: 'unchanged' },
    });
  });

  it('refuses the lot when one value is out of range, and keeps what was typed', async () => {
    const db = await testDb();
    const admin = await testUser(db, 'Root', { role: 'admin' });
    const before = await getModerationSettings(db);
    const fields = { 'moderation.flagThreshold': '4', 'moderation.claimMinutes': '241', reason: 'try' };
    const refused = await runSettingsForm(db, admin, fields);
    expect(refused).toEqual({ ok: false });
    expect(settingsAnswer(refused)).toEqual({ status: 422, error: 'mod.settings.invalid' });
    expect(await getModerationSettings(db)).toEqual(before);
    expect(typedSettings(fields)).toEqual({
      entered: { 'moderation.flagThreshold': '4', 'moderation.claimMinutes': '241' },
      problems: { 'moderation.claimMinutes': 'outOfRange' },
      reason: 'try',
    });
  });
});
