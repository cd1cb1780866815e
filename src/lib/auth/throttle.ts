// Sign-in throttling with exponential back-off, kept in the database so a restart does not reset
// it. Each failed attempt counts against the account and against the client address; past the
// free attempts every further failure doubles the wait, up to a cap. Success clears the account.
// An attempt is counted before its password is checked (`claimAttempt`, one write transaction),
// so guesses sent in parallel see each other: a check that takes 50 ms cannot let a burst of
// thirty through where six would pass one after the other. On Postgres the transaction first
// takes a lock per key (several processes, READ COMMITTED), which SQLite's write lock gives anyway.
import { lockKeys, type Db } from '../db/index.ts';

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

/**
 * Check and count in one write transaction: the milliseconds to wait when any key is locked
 * (nothing counted), else 0 with the attempt already counted as a failure on every key. A
 * success then clears the account and forgives the address (`forgiveAttempt`).
 */
export async function claimAttempt(
  db: Db,
  keys: readonly { key: string; rule: ThrottleRule }[],
  now = Date.now(),
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockKeys(
      trx,
      keys.map((k) => `auth_throttle:${k.key}`),
    );
    const wait = await throttleWait(
      trx,
      keys.map((k) => k.key),
      now,
    );
    if (wait > 0) return wait;
    for (const { key, rule } of keys) await recordFailure(trx, key, rule, now);
    return 0;
  });
}

/** Takes back one counted attempt that turned out to be a success. */
export async function forgiveAttempt(db: Db, key: string, rule: ThrottleRule, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockKeys(trx, [`auth_throttle:${key}`]);
    const row = await trx.selectFrom('auth_throttle').select('failures').where('key', '=', key).executeTakeFirst();
    if (!row) return;
    const failures = row.failures - 1;
    if (failures <= 0) await trx.deleteFrom('auth_throttle').where('key', '=', key).execute();
    else
      await trx
        .updateTable('auth_throttle')
        .set({ failures, locked_until: now + backoffDelay(failures, rule) })
        .where('key', '=', key)
        .execute();
  });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}
