// Whether a member gets the weekly digest: off until they turn it on (a row in digest_subscribers).
import type { Db } from '../db/index.ts';

export async function digestEnabled(db: Db, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('digest_subscribers')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Turns the digest on or off; doing either twice is harmless. */
export async function setDigest(db: Db, userId: number, on: boolean, now = Date.now()): Promise<void> {
  if (on)
    await db
      .insertInto('digest_subscribers')
      .values({ user_id: userId, created_at: now })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  else await db.deleteFrom('digest_subscribers').where('user_id', '=', userId).execute();
}
