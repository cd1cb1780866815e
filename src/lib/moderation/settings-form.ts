// The moderation settings page's form: every key of MODERATION_SETTINGS as a whole number in its
// range (typed in any of our digits), each of MODERATION_SWITCHES on or off, and an optional reason, saved at once through
// updateModerationSettings. A value out of range refuses the lot; the page shows what was typed
// and the problem per field.
import type { SessionUser } from '../auth/session.ts';
import type { Db } from '../db/index.ts';
import type { FormAnswer } from '../http/form-answer.ts';
import { REASON_MAX } from '../forum/policy.ts';
import {
  MODERATION_SETTINGS,
  MODERATION_SETTING_KEYS,
  MODERATION_SWITCHES,
  updateModerationSettings,
  type ModerationSettingKey,
  type ModerationSwitchKey,
  type ModerationValues,
} from './settings.ts';

export type SettingProblem = 'notWholeNumber' | 'outOfRange' | 'notOnOff';

/**
 * The settings form as numbers, each checked against its range, so the page can say which field
 * is wrong and keep what was typed. Digits may be typed in Persian or Arabic-Indic form.
 */
export function readSettingsForm(fields: Record<string, string | undefined>): {
  values: ModerationValues;
  entered: Partial<Record<ModerationSettingKey | ModerationSwitchKey, string>>;
  problems: Partial<Record<ModerationSettingKey | ModerationSwitchKey, SettingProblem>>;
} {
  const values: ModerationValues = {};
  const entered: Partial<Record<ModerationSettingKey | ModerationSwitchKey, string>> = {};
  const problems: Partial<Record<ModerationSettingKey | ModerationSwitchKey, SettingProblem>> = {};
  // A switch is a pair of radio buttons: "1" on, "0" off.
  for (const key of MODERATION_SWITCHES) {
    const raw = fields[key];
    if (raw === undefined) continue;
    entered[key] = raw.slice(0, 50);
    if (raw === '1' || raw === '0') values[key] = raw === '1';
    else problems[key] = 'notOnOff';
  }
  for (const key of MODERATION_SETTING_KEYS) {
    const raw = fields[key];
    if (raw === undefined) continue;
    entered[key] = raw.slice(0, 50);
    const ascii = raw
      .trim()
      .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
    if (!/^\d{1,9}$/.test(ascii)) {
      problems[key] = 'notWholeNumber';
      continue;
    }
    const value = Number(ascii);
    const range = MODERATION_SETTINGS[key];
    if (value < range.min || value > range.max) problems[key] = 'outOfRange';
    else values[key] = value;
  }
  return { values, entered, problems };
}

/** What the form shows again: the values and reason as typed, and the problem per field. */
export function typedSettings(fields: Record<string, string | undefined> | undefined) {
  const { entered, problems } = readSettingsForm(fields ?? {});
  return { entered, problems, reason: (fields?.reason ?? '').slice(0, REASON_MAX) };
}

export type SettingsFormOutcome = { ok: true; changed: boolean } | { ok: false };

export async function runSettingsForm(
  db: Db,
  user: SessionUser,
  fields: Record<string, string | undefined>,
): Promise<SettingsFormOutcome> {
  const read = readSettingsForm(fields);
  if (Object.keys(read.problems).length) return { ok: false };
  const result = await updateModerationSettings(db, user, read.values, typedSettings(fields).reason.trim() || null);
  return result.ok ? { ok: true, changed: result.changed.length > 0 } : { ok: false };
}

export function settingsAnswer(outcome: SettingsFormOutcome): FormAnswer {
  return outcome.ok
    ? { redirect: { done: outcome.changed ? 'saved' : 'unchanged' } }
    : { status: 422, error: 'mod.settings.invalid' };
}
