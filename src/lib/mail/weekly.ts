// Mail planned once per member and ISO week (the review reminders, src/lib/content/reminders.ts,
// and the weekly digest, src/lib/digest/): a row per member and week, whose UNIQUE (user_id, week)
// lets one of several planning processes win, then sent by the delivery worker of every serving
// process. A claim moves the row's next attempt a lease ahead, so two workers never take the same
// row (idClaimable: SKIP LOCKED on Postgres, SQLite's write lock); a failed send is retried after a
// doubling pause, MAX_ATTEMPTS in all. A crash after the mail server took the mail but before the
// row was marked sends it again once the lease runs out; nothing else does.
import type { Kysely } from 'kysely';
import { idClaimable, type Db } from '../db/index.ts';
import type { DigestMailsTable } from '../db/schema.ts';

/** How often a process looks for a week's mail to plan. */
export const PLAN_EVERY_MS = 3_600_000;
const LEASE_MS = 600_000;
const RETRY_BASE_MS = 60_000;
const MAX_ATTEMPTS = 6;

export type WeeklyMailTable = 'review_reminders' | 'digest_mails';

/** ISO 8601 week of a time, UTC: 2026-W49. */
export function isoWeek(ms: number): string {
  const date = new Date(ms);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface WeeklyMailRow {
  id: number;
  user_id: number;
  /** The JSON the planner stored. */
  items: string;
  attempts: number;
}

/**
 * Sends the planned rows of `table` that are due; returns how many it claimed. `send` mails one
 * row and says what became of it: `sent`, or (the digest) `skipped`/`empty` when it looked again.
 */
export async function sendWeeklyMails(
  db: Db,
  table: WeeklyMailTable,
  send: (row: WeeklyMailRow) => Promise<'sent' | 'skipped' | 'empty'>,
  options: { now?: number; limit?: number; log?: (line: string) => void; label: string },
): Promise<number> {
  // Both tables have the same columns (DigestMailsTable's states include the reminders' ones).
  const queue = db as unknown as Kysely<{ weekly: DigestMailsTable }>;
  const name = table as 'weekly';
  const now = options.now ?? Date.now();
  const due = queue.selectFrom(name).select('id').where('state', '=', 'pending').where('next_attempt_at', '<=', now);
  // A read first: an empty claim would still take SQLite's write lock every round.
  if (!(await due.limit(1).execute()).length) return 0;
  const claimed = await queue
    .updateTable(name)
    .set((eb) => ({ next_attempt_at: now + LEASE_MS, attempts: eb('attempts', '+', 1) }))
    .where(idClaimable(queue, due.orderBy('id').limit(options.limit ?? 20)))
    .returning(['id', 'user_id', 'items', 'attempts'])
    .execute();
  for (const row of claimed) {
    try {
      const state = await send(row);
      await queue
        .updateTable(name)
        .set({ state, sent_at: state === 'sent' ? Date.now() : null, last_error: null })
        .where('id', '=', row.id)
        .execute();
    } catch (error) {
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      options.log?.(
        `[${options.label}] ${row.id} attempt ${row.attempts} failed: ${String(error)}${giveUp ? ' — gave up' : ''}`,
      );
      await queue
        .updateTable(name)
        .set({
          state: giveUp ? 'failed' : 'pending',
          next_attempt_at: now + RETRY_BASE_MS * 2 ** (row.attempts - 1),
          last_error: String(error).slice(0, 500),
        })
        .where('id', '=', row.id)
        .execute();
    }
  }
  return claimed.length;
}

/**
 * One round of the delivery worker's loop (src/cli/serve-site.ts): plans at most once per
 * `everyMs` (a cheap check the rest of the time), then sends what is due.
 */
export function weeklyMailRound(round: {
  label: string;
  plan: (now: number) => Promise<number>;
  send: () => Promise<number>;
  log?: ((line: string) => void) | undefined;
  everyMs?: number | undefined;
}): () => Promise<number> {
  let plannedAt = -Infinity;
  return async () => {
    const now = Date.now();
    if (now - plannedAt >= (round.everyMs ?? PLAN_EVERY_MS)) {
      plannedAt = now;
      const planned = await round.plan(now);
      if (planned) round.log?.(`[${round.label}] planned ${planned} for ${isoWeek(now)}`);
    }
    return round.send();
  };
}
