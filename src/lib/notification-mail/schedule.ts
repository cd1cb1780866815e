// The first half of notification mail, run by the worker of `npm start`, never by a request: it
// takes the notifications nobody has looked at yet (mail_batch_id NULL, a partial index), decides
// for each whether its member wants it mailed, and puts it into that member's open batch for the
// thread (or the daily summary), opening one when there is none. A batch's window starts with its
// first notification; later ones join it until a sender claims it (./send.ts). So a reply to a
// thread with 10,000 watchers costs the request nothing here (its watchers' notifications are
// written in the background too: src/lib/forum/fanout.ts, the round before this one), and the
// 10,000 mails are decided here, a thousand notifications per transaction.
import { sql } from 'kysely';
import { forUpdate, idClaimable, lockKeys, type Db } from '../db/index.ts';
import { mailKindOf, mailPrefsOf } from './preferences.ts';

/** How long a thread's batch stays open after its first notification: one mail per thread per this long. */
export const MAIL_BATCH_DELAY_MS = 5 * 60_000;
/** The daily summary's window: one mail per member per day at most. */
export const DAILY_SUMMARY_DELAY_MS = 24 * 60 * 60_000;

export interface ScheduleOptions {
  now?: number;
  /** MAIL_BATCH_DELAY_MS unless set (NOTIFY_MAIL_DELAY_MS, for tests). */
  windowMs?: number;
  dailyMs?: number;
  /** Notifications per transaction. */
  limit?: number;
}

interface Group {
  userId: number;
  key: string;
  nextAt: number;
  ids: number[];
}

const CHUNK = 500;
const chunks = <T>(items: readonly T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Looks at up to `limit` new notifications; returns how many it looked at (0: nothing new). */
export async function scheduleNotificationMail(db: Db, options: ScheduleOptions = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const windowMs = options.windowMs ?? MAIL_BATCH_DELAY_MS;
  const dailyMs = options.dailyMs ?? DAILY_SUMMARY_DELAY_MS;
  // A read first: this runs every second in every process, and a write transaction that finds
  // nothing still takes SQLite's write lock, which requests would wait for.
  const any = await db.selectFrom('notifications').select('id').where('mail_batch_id', 'is', null).limit(1).execute();
  if (!any.length) return 0;
  return db.transaction().execute(async (trx) => {
    // One scheduler at a time on Postgres (SQLite's write lock does the same): two that opened
    // batches for the same members side by side could deadlock on them. It is quick set-based
    // work; the senders, which take the time, run side by side.
    await lockKeys(trx, ['notification-mail:schedule']);
    // Claimed as "no mail" first; those that are mailed get their batch below, in this transaction.
    // Two workers take different rows (SKIP LOCKED on Postgres; SQLite's write lock).
    const pending = trx
      .selectFrom('notifications')
      .select('id')
      .where('mail_batch_id', 'is', null)
      .orderBy('id')
      .limit(options.limit ?? 1000);
    const rows = await trx
      .updateTable('notifications')
      .set({ mail_batch_id: 0 })
      .where(idClaimable(db, pending))
      .returning(['id', 'user_id', 'kind', 'thread_id', 'created_at'])
      .execute();
    if (!rows.length) return 0;

    const userIds = [...new Set(rows.map((r) => r.user_id))];
    const threadIds = [...new Set(rows.flatMap((r) => (r.thread_id === null ? [] : [r.thread_id])))];
    const askers = new Map<number, number>();
    for (const ids of chunks(threadIds))
      for (const t of await trx.selectFrom('threads').select(['id', 'author_id']).where('id', 'in', ids).execute())
        askers.set(t.id, t.author_id);
    // Only confirmed addresses get mail: an unconfirmed one may be someone else's.
    const verified = new Set<number>();
    for (const ids of chunks(userIds))
      for (const u of await trx
        .selectFrom('users')
        .select('id')
        .where('id', 'in', ids)
        .where('email_verified_at', 'is not', null)
        .execute())
        verified.add(u.id);
    const prefs = await mailPrefsOf(trx, userIds);

    const groups = new Map<string, Group>();
    for (const row of rows) {
      if (!verified.has(row.user_id)) continue;
      const asker = row.thread_id === null ? undefined : askers.get(row.thread_id);
      const mode = prefs.get(row.user_id)![mailKindOf(row.kind, asker === row.user_id)];
      if (mode === 'off') continue;
      const key = mode === 'daily' ? 'daily' : row.thread_id === null ? 'notices' : `t:${row.thread_id}`;
      const nextAt = row.created_at + (mode === 'daily' ? dailyMs : windowMs);
      const group = groups.get(`${row.user_id} ${key}`);
      if (group) {
        group.ids.push(row.id);
        group.nextAt = Math.min(group.nextAt, nextAt);
      } else groups.set(`${row.user_id} ${key}`, { userId: row.user_id, key, nextAt, ids: [row.id] });
    }

    const batchOf = await openBatches(trx, [...groups.values()], now);
    const assignments = [...groups.values()].flatMap((g) =>
      g.ids.map((id): [number, number] => [id, batchOf.get(`${g.userId} ${g.key}`)!]),
    );
    // One statement per chunk, however many batches: the ids are numbers from the database, written as literals.
    for (const part of chunks(assignments)) {
      const cases = sql.join(
        part.map(([id, batch]) => sql`WHEN ${sql.lit(id)} THEN ${sql.lit(batch)}`),
        sql` `,
      );
      await trx
        .updateTable('notifications')
        .set({ mail_batch_id: sql<number>`CASE id ${cases} END` })
        .where(
          'id',
          'in',
          part.map(([id]) => id),
        )
        .execute();
    }
    return rows.length;
  });
}

/**
 * The open batch of each group, made when missing; answers `<user> <key>` → batch id. The batches
 * are locked until commit (FOR UPDATE on Postgres), so a sender cannot claim one while this
 * transaction adds to it; one a sender claimed just before is closed, and a new one is opened.
 */
async function openBatches(trx: Db, groups: Group[], now: number): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let attempt = 0; attempt < 3 && found.size < groups.length; attempt++) {
    // In one order everywhere, so two workers opening batches for the same members wait instead of deadlocking.
    const missing = groups
      .filter((g) => !found.has(`${g.userId} ${g.key}`))
      .sort((a, b) => a.userId - b.userId || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const part of chunks(missing))
      await trx
        .insertInto('notification_mail_batches')
        .values(part.map((g) => ({ user_id: g.userId, batch_key: g.key, created_at: now, next_at: g.nextAt })))
        .onConflict((oc) => oc.columns(['user_id', 'batch_key']).where('closed_at', 'is', null).doNothing())
        .execute();
    for (const part of chunks([...new Set(missing.map((g) => g.userId))])) {
      const open = await forUpdate(
        trx,
        trx
          .selectFrom('notification_mail_batches')
          .select(['id', 'user_id', 'batch_key'])
          .where('closed_at', 'is', null)
          .where('user_id', 'in', part),
      ).execute();
      for (const b of open) found.set(`${b.user_id} ${b.batch_key}`, b.id);
    }
  }
  if (found.size < groups.length)
    throw new Error('notification mail: could not open a batch (claimed three times over)');
  return found;
}
