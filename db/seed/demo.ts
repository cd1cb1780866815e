// Demo data for `npm start` outside production. Idempotent: running it twice changes nothing.
import type { Db } from '../../src/lib/db/index.ts';
import { getSettings, setSetting } from '../../src/lib/settings.ts';

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

export interface SeedSummary {
  accounts: DemoAccount[];
}

export async function seedDemo(db: Db): Promise<SeedSummary> {
  const existing = await db.selectFrom('settings').select('key').where('key', '=', 'support.email').executeTakeFirst();
  if (!existing) await setSetting(db, 'support.email', 'support@pasokh.example');
  await getSettings(db); // fails loudly here, not in a request, if stored settings are unreadable
  return { accounts: [] };
}
