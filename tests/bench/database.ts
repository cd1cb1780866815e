// The database a benchmark runs on: a new SQLite file in a temporary folder (the default), or,
// when DATABASE_URL is set, a new database `pasokh_bench_<n>` on that PostgreSQL server (the URL
// must be allowed to CREATE DATABASE), migrated, and dropped again afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describeLocation, migrateToLatest, openDatabase, type Db } from '../../src/lib/db/index.ts';

export type BenchDialect = 'sqlite' | 'postgres';

export interface BenchDatabase {
  dialect: BenchDialect;
  /** A SQLite file path or a postgres:// URL: what openDatabase and the server take. */
  location: string;
  /** Opens a Kysely handle on it (the caller destroys it). */
  open(): Db;
  /** Deletes the file or drops the database. */
  drop(): Promise<void>;
}

const adminUrl = () => process.env.DATABASE_URL || undefined;

export const benchDialect = (): BenchDialect => (adminUrl() ? 'postgres' : 'sqlite');

/** For titles: "SQLite …" or "PostgreSQL 15.14 on 127.0.0.1:5432". */
export async function benchDatabaseLabel(): Promise<string> {
  const admin = adminUrl();
  if (!admin) return 'SQLite (better-sqlite3, WAL)';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]!.server_version} on ${new URL(admin).host}`;
  } finally {
    await client.end();
  }
}

let created = 0;
// Databases not dropped yet, so that a benchmark that fails half-way leaves nothing on the server.
const live = new Set<BenchDatabase>();

/** Drops what a failed benchmark left behind. */
export async function dropLeftoverDatabases(): Promise<void> {
  for (const bench of live) await bench.drop();
}

/** A new, migrated database for one benchmark. */
export async function createBenchDatabase(name: string): Promise<BenchDatabase> {
  const admin = adminUrl();
  if (!admin) {
    const dir = mkdtempSync(join(tmpdir(), `pasokh-${name}-`));
    const location = join(dir, `${name}.db`);
    const bench: BenchDatabase = {
      dialect: 'sqlite',
      location,
      open: () => openDatabase(location),
      drop: async () => {
        live.delete(bench);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    live.add(bench);
    await migrate(bench);
    return bench;
  }
  const database = `pasokh_bench_${process.pid}_${++created}`;
  await adminQuery(admin, `CREATE DATABASE ${database}`);
  const url = new URL(admin);
  url.pathname = `/${database}`;
  const location = url.href;
  const bench: BenchDatabase = {
    dialect: 'postgres',
    location,
    open: () => openDatabase(location, { poolSize: 4 }),
    drop: async () => {
      live.delete(bench);
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
  live.add(bench);
  try {
    await migrate(bench);
  } catch (error) {
    await bench.drop();
    throw error;
  }
  console.log(`(a new database ${describeLocation(location)})`);
  return bench;
}

async function migrate(bench: BenchDatabase): Promise<void> {
  const db = bench.open();
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A plain node-postgres client on a bench database, for bulk SQL and the raw baselines. */
export async function pgClient(location: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  return client;
}
