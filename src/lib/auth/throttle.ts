// Sign-in throttling with exponential back-off, kept in the database so a restart does not reset
// it. Each failed attempt counts against the account and against the client address; past the
// free attempts every further failure doubles the wait, up to a cap. Success clears the account.
import type { Db } from '../db/index.ts';

export interface ThrottleRule {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const THROTTLE_RULES = {
  account: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 },
  address: { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 60 * 60_000 },
} satisfies Record<string, ThrottleRule>;

/** Failures are forgotten after a quiet day. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

export function backoffDelay(failures: number, rule: ThrottleRule): number {
  const over = failures - rule.freeFailures;
  if (over <= 0) return 0;
  return Math.min(rule.baseDelayMs * 2 ** (over - 1), rule.maxDelayMs);
}

/** Milliseconds to wait before another attempt on any of the keys (0: go ahead). */
export async function throttleWait(db: Db, keys: readonly string[], now = Date.now()): Promise<number> {
  if (!keys.length) return 0;
  const rows = await db.selectFrom('auth_throttle').select(['locked_until']).where('key', 'in', keys).execute();
  return Math.max(0, ...rows.map((r) => r.locked_until - now));
}

export async function recordFailure(db: Db, key: string, rule: ThrottleRule, now = Date.now()): Promise<void> {
  const row = await db.selectFrom('auth_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  const failures = row && now - row.updated_at < FORGET_AFTER_MS ? row.failures + 1 : 1;
  const locked_until = now + backoffDelay(failures, rule);
  await db
    .insertInto('auth_throttle')
    .values({ key, failures, locked_until, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures, locked_until, updated_at: now }))
    .execute();
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}
