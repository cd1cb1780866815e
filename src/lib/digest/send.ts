// Sending the planned digests, in the delivery worker of every serving process (as the review
// reminders, src/lib/content/reminders.ts): a claim moves the row's next attempt a lease ahead,
// so two workers never take the same row (idClaimable: SKIP LOCKED on Postgres, SQLite's write
// lock); a failed send is retried after a doubling pause, MAX_ATTEMPTS in all. Just before sending
// it looks again: a member who turned the digest off since, or lost their confirmed address, gets
// nothing (`skipped`), and threads hidden or unsolved since are left out (nothing left: `empty`).
// A crash after the mail server took the mail but before the row was marked sent sends it again
// once the lease runs out; nothing else does.
import { isLocale } from '../../i18n/index.ts';
import { isoWeek } from '../content/reminders.ts';
import type { StatusGroup } from '../content/status.ts';
import { idClaimable, type Db } from '../db/index.ts';
import type { Mailer } from '../mail/index.ts';
import { stillPublicSolved } from '../forum/public-threads.ts';
import { unsubscribeToken } from '../notification-mail/unsubscribe.ts';
import { digestMessage } from './message.ts';
import { planDigests, type DigestItems } from './plan.ts';
import { digestEnabled } from './preference.ts';

/** How often a process looks for digests to plan. */
export const PLAN_EVERY_MS = 3_600_000;
const LEASE_MS = 600_000;
const RETRY_BASE_MS = 60_000;
const MAX_ATTEMPTS = 6;

export interface DigestDeps {
  db: Db;
  mailer: Mailer;
  origin: string;
  unsubscribeMailto?: string | undefined;
}

/** Sends the planned digests that are due; returns how many it claimed. */
export async function sendDigests(
  deps: DigestDeps,
  options: { now?: number; limit?: number; log?: (line: string) => void } = {},
): Promise<number> {
  const { db } = deps;
  const now = options.now ?? Date.now();
  // A read first: an empty claim would still take SQLite's write lock every round.
  const any = await db
    .selectFrom('digest_mails')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .limit(1)
    .execute();
  if (!any.length) return 0;
  const due = db
    .selectFrom('digest_mails')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(options.limit ?? 20);
  const claimed = await db
    .updateTable('digest_mails')
    .set((eb) => ({ next_attempt_at: now + LEASE_MS, attempts: eb('attempts', '+', 1) }))
    .where(idClaimable(db, due))
    .returning(['id', 'user_id', 'items', 'attempts'])
    .execute();
  for (const row of claimed) {
    try {
      const state = await sendOne(deps, row.user_id, JSON.parse(row.items) as DigestItems);
      await db
        .updateTable('digest_mails')
        .set({ state, sent_at: state === 'sent' ? Date.now() : null, last_error: null })
        .where('id', '=', row.id)
        .execute();
    } catch (error) {
      const giveUp = row.attempts >= MAX_ATTEMPTS;
      options.log?.(
        `[digest] mail ${row.id} attempt ${row.attempts} failed: ${String(error)}${giveUp ? ' — gave up' : ''}`,
      );
      await db
        .updateTable('digest_mails')
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

async function sendOne(deps: DigestDeps, userId: number, planned: DigestItems): Promise<'sent' | 'skipped' | 'empty'> {
  const { db } = deps;
  const user = await db
    .selectFrom('users')
    .select(['email', 'display_name', 'locale', 'email_verified_at', 'deleted_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.deleted_at !== null || user.email_verified_at === null || !(await digestEnabled(db, userId)))
    return 'skipped';
  const visible = await stillPublicSolved(
    db,
    planned.threads.map((t) => t.id),
  );
  const items = { threads: planned.threads.filter((t) => visible.has(t.id)), articles: planned.articles };
  if (!items.threads.length && !items.articles.length) return 'empty';
  await deps.mailer.send(
    digestMessage({
      locale: isLocale(user.locale) ? user.locale : 'fa',
      to: user.email,
      name: user.display_name,
      items,
      origin: deps.origin,
      token: await unsubscribeToken(db, userId, ['digest']),
      unsubscribeMailto: deps.unsubscribeMailto,
    }),
  );
  return 'sent';
}

/**
 * One round of the delivery worker's loop (src/cli/serve-site.ts): plans at most once per
 * PLAN_EVERY_MS (a cheap check the rest of the time), then sends what is due.
 */
export function digestRound(
  deps: DigestDeps & {
    /** The build's content status (src/lib/content/built-articles.ts). */
    status: () => Promise<{ groups: StatusGroup[] }>;
    log?: (line: string) => void;
    everyMs?: number;
  },
): () => Promise<number> {
  let plannedAt = -Infinity;
  return async () => {
    const now = Date.now();
    if (now - plannedAt >= (deps.everyMs ?? PLAN_EVERY_MS)) {
      plannedAt = now;
      const planned = await planDigests(deps.db, (await deps.status()).groups, now);
      if (planned) deps.log?.(`[digest] planned ${planned} for ${isoWeek(now)}`);
    }
    return sendDigests(deps, { log: deps.log });
  };
}
