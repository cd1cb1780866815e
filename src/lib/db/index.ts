// The database handle. SQLite (one file, ./sqlite.ts) is the embedded default; DATABASE_URL
// switches the whole product to PostgreSQL (./postgres.ts). Every lib/ function takes this handle
// as an argument and is written once for both; only entry points (CLI, server bootstrap, tests)
// open one.
import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../../db/migrations/index.ts';
import { env, SettingError } from '../env.ts';
import { dialectOf } from './dialect.ts';
import { PostgresSchemaPlugin } from './portable-schema.ts';
import { connectionFailure, openPostgres, redactedUrl } from './postgres.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './sqlite.ts';

export type Db = Kysely<Database>;
export type { Database } from './schema.ts';
export { dialectOf, type DialectName } from './dialect.ts';
export { forUpdate, idClaimable, isUniqueViolation, lockKeys, whileHolding } from './concurrency.ts';

export const DEFAULT_DATABASE_PATH = 'data/pasokh.db';

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

/**
 * Where this process's database is: DATABASE_URL (postgres://…) when set, else the SQLite file
 * DATABASE_PATH (data/pasokh.db under the working directory by default).
 */
export function databaseLocation(settings: { DATABASE_URL?: string; DATABASE_PATH?: string } = env()): string {
  return settings.DATABASE_URL || settings.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** The location for messages: a Postgres URL without its password. */
export function describeLocation(location: string): string {
  return isPostgresUrl(location) ? redactedUrl(location) : location;
}

/**
 * Opens the database at `location`: a postgres:// URL, a SQLite file path (created if needed), or
 * `:memory:` for a private SQLite database in tests.
 */
export function openDatabase(
  location: string = databaseLocation(),
  { poolSize = env().DATABASE_POOL_SIZE }: { poolSize?: number } = {},
): Db {
  return isPostgresUrl(location) ? openPostgres(location, { poolSize }) : openSqlite(location);
}

/**
 * One query, so that a wrong DATABASE_URL, an unreachable server or wrong credentials stop a
 * command with one line before it serves or migrates anything. `setting` names where the
 * location came from (a command-line option, for db:copy).
 */
export async function checkConnection(
  db: Db,
  location: string = databaseLocation(),
  setting = isPostgresUrl(location) ? 'DATABASE_URL' : 'DATABASE_PATH',
): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw cannotUse(location, error, setting);
  }
}

/**
 * openDatabase, then checkConnection: for commands that must stop with one line on a database
 * they cannot use, including a SQLite file whose folder cannot be created (that fails at open).
 */
export async function connectDatabase(location: string = databaseLocation()): Promise<Db> {
  let db: Db;
  try {
    db = openDatabase(location);
  } catch (error) {
    throw cannotUse(location, error);
  }
  try {
    await checkConnection(db, location);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

function cannotUse(
  location: string,
  error: unknown,
  setting = isPostgresUrl(location) ? 'DATABASE_URL' : 'DATABASE_PATH',
): SettingError {
  return new SettingError(
    `${setting}: cannot use the database at ${describeLocation(location)}: ${connectionFailure(error)}`,
    { cause: error },
  );
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const portable = dialectOf(db) === 'postgres' ? db.withPlugin(new PostgresSchemaPlugin()) : db;
  // Unordered: a migration merged after newer ones already ran on a database (two branches landing
  // in the other order) runs instead of stopping every start. Ours each create their own tables.
  const migrator = new Migrator({
    db: portable,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
