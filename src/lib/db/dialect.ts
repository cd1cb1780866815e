// Which database a handle speaks to, and the few SQL spellings that differ between the two.
// Everything else the app writes is portable Kysely; the dialect-specific pieces are listed in
// README "Databases".
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** `a IS NOT b` (null-safe inequality): SQLite's spelling; Postgres says IS DISTINCT FROM. */
export function isDistinct<DB>(db: Kysely<DB>, a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<boolean> {
  return dialectOf(db) === 'postgres' ? sql<boolean>`${a} IS DISTINCT FROM ${b}` : sql<boolean>`${a} IS NOT ${b}`;
}
