// Client addresses are needed for per-address throttling but are personal data, so only a keyed
// hash is stored. The key is random per installation and lives in the database.
import { createHmac } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { installationSecret } from '../settings.ts';

// Hashing costs more than the rest of a vote's checks; recent addresses keep their hash in
// memory (never on disk), and the table starts over when full or when the key changes.
const recent = { secret: '', keys: new Map<string, string>() };
const MAX_RECENT = 10_000;

export async function addressKey(db: Db, address: string): Promise<string> {
  const secret = await installationSecret(db, 'secret.address_key');
  if (recent.secret !== secret || recent.keys.size >= MAX_RECENT) recent.keys.clear();
  recent.secret = secret;
  let key = recent.keys.get(address);
  if (!key) {
    key = createHmac('sha256', secret).update(address).digest('hex').slice(0, 32);
    recent.keys.set(address, key);
  }
  return key;
}
