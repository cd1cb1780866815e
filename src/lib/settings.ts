// Site settings: typed defaults in code, overrides stored as JSON in the `settings` table.
import type { Db } from './db/index.ts';

export const defaultSettings = {
  /** Where the "contact support" step sends people who still need help. */
  'support.email': 'support@example.com',
  /** Name shown in mail and structured data. */
  'site.organization': 'Pasokh',
};
export type SettingKey = keyof typeof defaultSettings;
export type Settings = { -readonly [K in SettingKey]: (typeof defaultSettings)[K] };

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const settings: Settings = { ...defaultSettings };
  for (const row of rows) {
    if (row.key in defaultSettings) {
      try {
        (settings as Record<string, unknown>)[row.key] = JSON.parse(row.value);
      } catch {
        // A hand-edited, unparsable value falls back to the default.
      }
    }
  }
  return settings;
}

export async function setSetting<K extends SettingKey>(db: Db, key: K, value: Settings[K]): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date().toISOString() }))
    .execute();
}
