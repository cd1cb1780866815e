// Fixed-window rate limits for writes, stored in the database (one row per key), so limits hold
// across restarts and across app processes sharing the database.
import { sql } from 'kysely';
import type { Db } from './db/index.ts';
import { env } from './env.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

/**
 * Counts `hits` hits on `key` (one by default); refuses what does not fit in the window's `max`.
 * `granted` says how many of the hits fit, so a batch from one key is limited in one statement.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  limit: Limit,
  now = Date.now(),
  hits = 1,
): Promise<{ allowed: boolean; granted: number; retryAfterMs: number }> {
  const expired = sql<boolean>`${now} - rate_limits.window_start >= ${limit.windowMs}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: hits })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        window_start: sql`CASE WHEN ${expired} THEN ${now} ELSE rate_limits.window_start END`,
        count: sql`CASE WHEN ${expired} THEN ${hits} ELSE rate_limits.count + ${hits} END`,
      }),
    )
    .returning(['window_start', 'count'])
    .executeTakeFirstOrThrow();
  const before = row.count - hits;
  // Load tests raise every limit with RATE_LIMIT_SCALE (e.g. 100000); never set it in production.
  const granted = Math.max(0, Math.min(hits, limit.max * env().RATE_LIMIT_SCALE - before));
  return {
    allowed: granted === hits,
    granted,
    retryAfterMs: granted === hits ? 0 : row.window_start + limit.windowMs - now,
  };
}
