// Whether this process can serve: the database answers, and its schema is exactly the one this
// build was written for (no migration pending, none this build does not know: a newer release
// migrated it). One small query; the expected list is the migrations this build bundles.
import { sql } from 'kysely';
import { DEFAULT_MIGRATION_TABLE } from 'kysely/migration';
import { migrations } from '../../../db/migrations/index.ts';
import type { Db } from './index.ts';

export type Readiness = { ready: true } | { ready: false; reason: string };

const expected = new Set(Object.keys(migrations));

/** Gives up on a database that does not answer within `timeoutMs` (a dropped network hangs, it does not fail). */
export async function databaseReadiness(db: Db, { timeoutMs = 2_000 } = {}): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  let applied: string[];
  try {
    const query = sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    applied = (await Promise.race([query, timeout])).rows.map((row) => row.name);
  } catch (error) {
    // A database never migrated has no migration table: that is pending migrations, not an outage.
    if (/kysely_migration/.test(String(error)) && /(no such table|does not exist)/.test(String(error)))
      return { ready: false, reason: `migrations pending: ${expected.size}` };
    return { ready: false, reason: `database unavailable: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
  const unknown = applied.filter((name) => !expected.has(name));
  if (unknown.length) return { ready: false, reason: `unknown migrations (a newer release?): ${unknown.join(', ')}` };
  const pending = expected.size - applied.length;
  if (pending > 0) return { ready: false, reason: `migrations pending: ${pending}` };
  return { ready: true };
}
