import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import { sha256Hex } from '../../../src/lib/auth/crypto.ts';
import {
  consumeEmailToken,
  createEmailToken,
  peekEmailToken,
  TOKEN_LIFETIME_MS,
} from '../../../src/lib/auth/email-tokens.ts';
import { makeAccount } from '../factories.ts';
import { testDb } from '../helpers.ts';

let db: Db;
afterEach(async () => db?.destroy());

const user = (email?: string, name?: string) => makeAccount(db, email, name);

describe('email tokens', () => {
  it('are single-use', async () => {
    db = await testDb();
    const id = await user();
    const token = await createEmailToken(db, id, 'verify', 0);
    expect(await peekEmailToken(db, token, 'verify', 1)).toBe(true);
    expect(await consumeEmailToken(db, token, 'reset', 1)).toBeNull(); // wrong purpose
    expect(await consumeEmailToken(db, token, 'verify', 1)).toBe(id);
    expect(await consumeEmailToken(db, token, 'verify', 2)).toBeNull();
  });
  it('expire, and a new link replaces the old one', async () => {
    db = await testDb();
    const id = await user();
    const old = await createEmailToken(db, id, 'reset', 0);
    expect(await consumeEmailToken(db, old, 'reset', TOKEN_LIFETIME_MS.reset)).toBeNull();
    const first = await createEmailToken(db, id, 'reset', 0);
    const second = await createEmailToken(db, id, 'reset', 0);
    expect(await consumeEmailToken(db, first, 'reset', 1)).toBeNull();
    expect(await consumeEmailToken(db, second, 'reset', 1)).toBe(id);
  });
  it('store only a hash', async () => {
    db = await testDb();
    const token = await createEmailToken(db, await user(), 'verify', 0);
    const row = await db.selectFrom('email_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256Hex(token.split('.')[1]!));
  });
});
