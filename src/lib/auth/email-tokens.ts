// Single-use tokens sent by mail (verify an address, reset a password): `<id>.<secret>`, only a
// hash of the secret stored, an expiry, and used_at set atomically on first use.
import type { Db } from '../db/index.ts';
import type { EmailTokenPurpose } from '../db/schema.ts';
import { constantTimeEqualHex, randomToken, sha256Hex, splitToken } from './crypto.ts';

export const TOKEN_LIFETIME_MS: Record<EmailTokenPurpose, number> = {
  verify: 48 * 60 * 60 * 1000,
  reset: 60 * 60 * 1000,
};

export async function createEmailToken(
  db: Db,
  userId: number,
  purpose: EmailTokenPurpose,
  now = Date.now(),
): Promise<string> {
  const id = randomToken();
  const secret = randomToken();
  // A new link replaces older unused ones of the same purpose.
  await db
    .deleteFrom('email_tokens')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('email_tokens')
    .values({
      id,
      secret_hash: sha256Hex(secret),
      user_id: userId,
      purpose,
      expires_at: now + TOKEN_LIFETIME_MS[purpose],
      used_at: null,
    })
    .execute();
  return `${id}.${secret}`;
}

/** The user id behind a valid, unexpired, unused token (which is now used), or null. */
export async function consumeEmailToken(
  db: Db,
  token: string,
  purpose: EmailTokenPurpose,
  now = Date.now(),
): Promise<number | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db
    .selectFrom('email_tokens')
    .selectAll()
    .where('id', '=', parts.id)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!row || !constantTimeEqualHex(sha256Hex(parts.secret), row.secret_hash)) return null;
  if (row.used_at !== null || now >= row.expires_at) return null;
  const claimed = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1 ? row.user_id : null;
}

/** Whether a token would be accepted, without using it (to show the reset form). */
export async function peekEmailToken(
  db: Db,
  token: string,
  purpose: EmailTokenPurpose,
  now = Date.now(),
): Promise<boolean> {
  const parts = splitToken(token);
  if (!parts) return false;
  const row = await db
    .selectFrom('email_tokens')
    .selectAll()
    .where('id', '=', parts.id)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return Boolean(
    row &&
    constantTimeEqualHex(sha256Hex(parts.secret), row.secret_hash) &&
    row.used_at === null &&
    now < row.expires_at,
  );
}
