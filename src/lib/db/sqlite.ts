// The embedded database: Kysely over better-sqlite3 (WAL, foreign keys on), one file.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type TransactionSettings,
} from 'kysely';
import { backgroundCheckpoints } from '../env.ts';
import type { Database } from './schema.ts';

/**
 * Kysely prepares every query anew; preparing (triggers included) costs more than running most of
 * ours, so statements are kept by SQL text and reused. Bounded, oldest dropped first.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Write transactions start as `BEGIN IMMEDIATE`: they take the write lock first and wait for it
 * (busy_timeout). A plain (deferred) BEGIN reads first and upgrades at its first write; when
 * another connection (the vote intake thread, a second process) wrote in between, the upgrade
 * fails at once with "database is locked", because busy_timeout cannot help a stale snapshot.
 * `db.transaction().setAccessMode('read only')` keeps a deferred BEGIN for reads.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(
      CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'),
    );
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#database = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#database);
  }
}

/** Opens (creating if needed) a SQLite database; `:memory:` gives a private one for tests. */
export function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // While `npm start`'s background checkpointer (./checkpointer.ts) runs, no connection of the
  // server process checkpoints the WAL itself. A checkpoint copies the WAL into the database and
  // syncs it to disk; run by whichever commit crosses SQLite's threshold, it took three quarters
  // of the time of every write's commit.
  if (backgroundCheckpoints()) sqlite.pragma('wal_autocheckpoint = 0');
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
}
