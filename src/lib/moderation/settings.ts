// The moderation settings screen: thresholds for flags, trust levels and spam defences, stored in
// the settings table (src/lib/settings.ts holds the keys and defaults). Changing them is an
// admin action on the record.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';
import { cleanReason } from '../forum/policy.ts';
import { refuse, type Outcome } from '../outcome.ts';
import { defaultSettings, getSettings, type Settings } from '../settings.ts';
import { recordModeration } from './audit.ts';

/** Every setting the moderation screen edits, with the range it accepts. */
export const MODERATION_SETTINGS = {
  'moderation.flagThreshold': { min: 1, max: 50 },
  'moderation.trustedFlagThreshold': { min: 1, max: 50 },
  'moderation.trustedFlagLevel': { min: 1, max: 4 },
  'moderation.claimMinutes': { min: 1, max: 240 },
  'trust.holdFirstPosts': { min: 0, max: 50 },
  'trust.newUserMaxLinks': { min: 0, max: 50 },
  'trust.newUserPostsPerDay': { min: 1, max: 1000 },
  'trust.promotePosts': { min: 0, max: 1000 },
  'trust.promoteDays': { min: 0, max: 365 },
  'spam.minSubmitSeconds': { min: 0, max: 120 },
  'spam.duplicateWindowMinutes': { min: 0, max: 10_080 },
  'spam.writesPerAddressPerHour': { min: 1, max: 100_000 },
} as const satisfies Partial<Record<keyof Settings, { min: number; max: number }>>;
export type ModerationSettingKey = keyof typeof MODERATION_SETTINGS;
export const MODERATION_SETTING_KEYS = Object.keys(MODERATION_SETTINGS) as ModerationSettingKey[];
/** The settings page's fieldsets: the keys of each group, in order. */
export const MODERATION_SETTING_GROUPS = (['moderation', 'trust', 'spam'] as const).map((group) => ({
  group,
  keys: MODERATION_SETTING_KEYS.filter((key) => key.startsWith(`${group}.`)),
}));

/** The on/off settings of the same screen (a pair of choices each), in their own group. */
export const MODERATION_SWITCHES = ['auth.require2faForStaff'] as const satisfies readonly (keyof Settings)[];
export type ModerationSwitchKey = (typeof MODERATION_SWITCHES)[number];
export type ModerationValues = Partial<Record<ModerationSettingKey, number> & Record<ModerationSwitchKey, boolean>>;

export async function getModerationSettings(db: Db): Promise<Pick<Settings, ModerationSettingKey>> {
  const all = await getSettings(db);
  return Object.fromEntries(MODERATION_SETTING_KEYS.map((k) => [k, all[k]])) as Pick<Settings, ModerationSettingKey>;
}

export async function getModerationSwitches(db: Db): Promise<Pick<Settings, ModerationSwitchKey>> {
  const all = await getSettings(db);
  return Object.fromEntries(MODERATION_SWITCHES.map((k) => [k, all[k]])) as Pick<Settings, ModerationSwitchKey>;
}

const isSwitch = (key: string): key is ModerationSwitchKey => (MODERATION_SWITCHES as readonly string[]).includes(key);

/** Saves the given values (whole numbers within range, switches on or off; anything else refuses the lot). Admins only. */
export async function updateModerationSettings(
  db: Db,
  actor: SessionUser | null,
  values: ModerationValues,
  reason: string | null = null,
  now = Date.now(),
): Promise<Outcome<{ changed: (ModerationSettingKey | ModerationSwitchKey)[] }>> {
  const admin = requirePermission(actor, 'admin');
  const current: Record<string, number | boolean> = {
    ...(await getModerationSettings(db)),
    ...(await getModerationSwitches(db)),
  };
  const changed: (ModerationSettingKey | ModerationSwitchKey)[] = [];
  for (const [key, value] of Object.entries(values) as [ModerationSettingKey | ModerationSwitchKey, unknown][]) {
    if (isSwitch(key)) {
      if (typeof value !== 'boolean') return refuse('invalidInput');
    } else {
      const range = MODERATION_SETTINGS[key];
      if (!range || typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max)
        return refuse('invalidInput');
    }
    if (current[key] !== value) changed.push(key);
  }
  if (!changed.length) return { ok: true, changed };
  await db.transaction().execute(async (trx) => {
    for (const key of changed) {
      const json = JSON.stringify(values[key]);
      await trx
        .insertInto('settings')
        .values({ key, value: json })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date(now).toISOString() }))
        .execute();
    }
    await recordModeration(
      trx,
      {
        actorId: admin.id,
        action: 'settings.update',
        reason: cleanReason(reason),
        data: Object.fromEntries(changed.map((k) => [k, { from: current[k], to: values[k] }])),
      },
      now,
    );
  });
  return { ok: true, changed };
}

export { defaultSettings };
