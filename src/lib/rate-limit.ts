// Fixed-window rate limits for writes, stored in the database (one row per key), so limits hold
// across restarts and across app processes sharing the database.
import { sql } from 'kysely';
import type { Db } from './db/index.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

/** Load tests raise every limit with RATE_LIMIT_SCALE (e.g. 100000); never set it in production. */
const scale = Math.max(1, Number(process.env.RATE_LIMIT_SCALE) || 1);

/** Counts one hit on `key`; refuses it when the window already holds `max` hits. One statement. */
export async function hitRateLimit(db: Db, key: string, limit: Limit, now = Date.now()): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const expired = sql<boolean>`${now} - rate_limits.window_start >= ${limit.windowMs}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        window_start: sql`CASE WHEN ${expired} THEN ${now} ELSE rate_limits.window_start END`,
        count: sql`CASE WHEN ${expired} THEN 1 ELSE rate_limits.count + 1 END`,
      }),
    )
    .returning(['window_start', 'count'])
    .executeTakeFirstOrThrow();
  if (row.count > limit.max * scale) return { allowed: false, retryAfterMs: row.window_start + limit.windowMs - now };
  return { allowed: true, retryAfterMs: 0 };
}
