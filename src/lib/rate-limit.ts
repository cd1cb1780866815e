// Fixed-window rate limits for writes, stored in the database (one row per key), so limits hold
// across restarts and across app processes sharing the database.
import type { Db } from './db/index.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

/** Counts one hit on `key`; refuses it when the window already holds `max` hits. */
export async function hitRateLimit(db: Db, key: string, limit: Limit, now = Date.now()): Promise<{ allowed: boolean; retryAfterMs: number }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || now - row.window_start >= limit.windowMs;
    const windowStart = fresh ? now : row.window_start;
    const count = fresh ? 1 : row.count + 1;
    if (count > limit.max) return { allowed: false, retryAfterMs: windowStart + limit.windowMs - now };
    await tx
      .insertInto('rate_limits')
      .values({ key, window_start: windowStart, count })
      .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: windowStart, count }))
      .execute();
    return { allowed: true, retryAfterMs: 0 };
  });
}
