// What several app processes on one Postgres need that SQLite gives for free. On SQLite every
// write transaction begins IMMEDIATE (./sqlite.ts): it holds the whole database's write lock, so
// a read followed by a write inside it can never interleave with another writer. On Postgres
// (READ COMMITTED, many connections) it can, so read-modify-write steps take a lock first; these
// helpers do nothing on SQLite, which has no FOR UPDATE and needs none.
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * Inside a write transaction: waits until no other transaction holds any of `keys`, then holds
 * them until commit. For rows that may not exist yet (a first failure, a new bucket), where
 * FOR UPDATE has nothing to lock. Keys are taken in sorted order, so two callers cannot deadlock.
 */
export async function lockKeys(trx: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  for (const key of [...new Set(keys)].sort())
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/**
 * Runs `work` alone among all the processes on this database, for a job of many transactions
 * that two hosts starting at once must not run side by side (the demo seed): lockKeys holds its
 * key only until a commit. On Postgres, a session advisory lock on one connection, which `work`
 * gets to run on; on SQLite, `work` runs as is (one host: its `npm start` runs it once).
 */
export async function whileHolding<T>(db: Kysely<Database>, key: string, work: (db: Kysely<Database>) => Promise<T>) {
  if (dialectOf(db) !== 'postgres') return work(db);
  return db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(hashtextextended(${key}, 0))`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection);
    }
  });
}

/** A select that locks what it reads until commit (FOR UPDATE on Postgres), for a read that decides a write. */
export function forUpdate<DB, TB extends keyof DB, O>(
  db: Kysely<DB>,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
}

/**
 * `id IN (select)` for a work claim (an UPDATE or DELETE that takes the rows it selects). On
 * Postgres the select is FOR UPDATE SKIP LOCKED, so workers claiming at once take different rows
 * instead of queueing for the same ones; inside ARRAY(…) it runs once (as a plain `IN (subquery)`
 * the planner may run it again for every row, and each run skips the rows this statement has
 * just changed, so the LIMIT would no longer hold). On SQLite the statement holds the write lock.
 */
export function idClaimable<DB, TB extends keyof DB>(
  db: Kysely<DB>,
  select: SelectQueryBuilder<DB, TB, { id: number }>,
): RawBuilder<SqlBool> {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`id = ANY(ARRAY(${select.forUpdate().skipLocked()}))`
    : sql<SqlBool>`id IN (${select})`;
}

/**
 * Whether `error` is a refused duplicate (a UNIQUE or PRIMARY KEY constraint), on either
 * database; with `on`, only a duplicate of that column of that table. SQLite says
 * SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY and "UNIQUE constraint failed: users.email"; Postgres
 * says 23505 with the table and "Key (email)=(…) already exists." (constraint names differ).
 */
export function isUniqueViolation(error: unknown, on?: { table: string; column: string }): boolean {
  const { code, message, table, detail } = (error ?? {}) as Record<string, unknown>;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return !on || String(message).includes(`${on.table}.${on.column}`);
  if (code === '23505') {
    if (!on) return true;
    const columns = /^Key \((.*?)\)=/.exec(String(detail))?.[1]?.split(', ') ?? [];
    return table === on.table && columns.includes(on.column);
  }
  return false;
}
