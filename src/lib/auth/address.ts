// Client addresses are needed for per-address throttling but are personal data, so only a keyed
// hash is stored. The key is random per installation and lives in the database.
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';

const KEY_NAME = 'secret.address_key';
let cached: { db: Db; key: string } | undefined;

async function addressSecret(db: Db): Promise<string> {
  if (cached?.db === db) return cached.key;
  await db
    .insertInto('settings')
    .values({ key: KEY_NAME, value: JSON.stringify(randomBytes(32).toString('hex')) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY_NAME).executeTakeFirstOrThrow();
  cached = { db, key: JSON.parse(row.value) as string };
  return cached.key;
}

// Hashing costs more than the rest of a vote's checks; recent addresses keep their hash in
// memory (never on disk), and the table starts over when full.
const recentKeys = new Map<string, string>();
const MAX_RECENT = 10_000;

export async function addressKey(db: Db, address: string): Promise<string> {
  const secret = await addressSecret(db);
  const memo = `${secret}\n${address}`;
  let key = recentKeys.get(memo);
  if (!key) {
    key = createHmac('sha256', secret).update(address).digest('hex').slice(0, 32);
    if (recentKeys.size >= MAX_RECENT) recentKeys.clear();
    recentKeys.set(memo, key);
  }
  return key;
}
