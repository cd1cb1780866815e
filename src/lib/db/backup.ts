// `npm run backup` and `npm run restore`. SQLite: the online backup API copies the file while the
// app keeps writing (one step, so the copy is one snapshot), and the copy is checked with
// integrity_check. PostgreSQL: pg_dump's custom format from an exported snapshot, counted in that
// same snapshot; pg_restore into one transaction. A restore then migrates the database to this
// code's latest migration, so a backup made by an older version comes up to date.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { environmentWith } from '../env.ts';
import { rowCounts } from './copy.ts';
import {
  checkConnection,
  describeLocation,
  dialectOf,
  isPostgresUrl,
  migrateToLatest,
  openDatabase,
  type Db,
} from './index.ts';

/** The command did not run: a wrong file, a filled target, a missing tool (the message says what to do). */
export class BackupRefused extends Error {}

/** The tables whose rows the commands print. */
export const MAIN_TABLES = [
  'users',
  'threads',
  'posts',
  'article_votes',
  'article_views',
  'article_daily',
  'contact_requests',
  'moderation_audit',
] as const;

export interface BackupReport {
  file: string;
  bytes: number;
  ms: number;
  /** Rows of MAIN_TABLES in the backup itself (the copy, or pg_dump's snapshot). */
  counts: Map<string, number>;
}

export interface RestoreReport {
  ms: number;
  /** Migrations run after the restore (a backup from an older version). */
  migrated: string[];
  /** Rows of MAIN_TABLES in the restored database. */
  counts: Map<string, number>;
}

/** `pasokh-20261205-083904.db` (UTC), `.dump` on Postgres. */
export function backupFileName(location: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replaceAll(/[-:]/g, '')
    .replace('T', '-');
  return `pasokh-${stamp}.${isPostgresUrl(location) ? 'dump' : 'db'}`;
}

/** Backs up the database at `location` into `dir` (created if needed). */
export async function backupDatabase(location: string, dir: string, now = new Date()): Promise<BackupReport> {
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  const file = join(dir, backupFileName(location, now));
  if (existsSync(file)) throw new BackupRefused(`${file} already exists.`);
  // Written under another name and renamed when complete and checked: a file named pasokh-….db is whole.
  const partial = `${file}.partial`;
  try {
    const counts = isPostgresUrl(location)
      ? await dumpPostgres(location, partial)
      : await backupSqlite(location, partial);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, ms: performance.now() - started, counts };
  } finally {
    rmSync(partial, { force: true });
  }
}

async function backupSqlite(path: string, copy: string): Promise<Map<string, number>> {
  if (!existsSync(path)) throw new BackupRefused(`No SQLite database at ${path} (set DATABASE_PATH).`);
  const source = new SQLite(path, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // All pages in one step, under one read transaction: a copy in steps restarts whenever another
    // connection writes in between, and under steady writes would never end. WAL lets the writers go on.
    await source.backup(copy, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const backup = new SQLite(copy);
  try {
    // One self-contained file (no -wal beside it); a restore switches it back to WAL.
    backup.pragma('journal_mode = DELETE');
    const problems = backup.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (problems[0]?.integrity_check !== 'ok')
      throw new Error(`The copy fails integrity_check: ${problems.map((p) => p.integrity_check).join('; ')}`);
  } finally {
    backup.close();
  }
  return countFile(copy);
}

/** MAIN_TABLES' rows in a SQLite file, through the product's own handle. */
async function countFile(path: string): Promise<Map<string, number>> {
  const db = openDatabase(path);
  try {
    return await rowCounts(db, MAIN_TABLES);
  } finally {
    await db.destroy();
  }
}

/**
 * pg_dump reads the snapshot this transaction exports, and the counts come from the same one: they
 * are the dump's rows exactly, however much is written meanwhile.
 */
async function dumpPostgres(url: string, file: string): Promise<Map<string, number>> {
  const db = openDatabase(url, { poolSize: 1 });
  try {
    await checkConnection(db, url);
    const pgDump = await postgresTool(db, 'pg_dump');
    return await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx);
        await runTool(pgDump, url, ['--format=custom', `--snapshot=${rows[0]!.id}`, `--file=${file}`]);
        return rowCounts(trx, MAIN_TABLES);
      });
  } finally {
    await db.destroy();
  }
}

/** What a file holds, by its first bytes. */
export function backupKind(file: string): 'sqlite' | 'postgres' | 'unknown' {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  return 'unknown';
}

export interface RestoreOptions {
  /** Restore over a target that has rows instead of refusing it. */
  replace?: boolean;
}

/** Restores `file` into the database at `location`; the app must not be running on it. */
export async function restoreDatabase(
  file: string,
  location: string,
  { replace = false }: RestoreOptions = {},
): Promise<RestoreReport> {
  const started = performance.now();
  if (!existsSync(file)) throw new BackupRefused(`No backup at ${file}.`);
  const kind = backupKind(file);
  const wanted = isPostgresUrl(location) ? 'postgres' : 'sqlite';
  if (kind === 'unknown') throw new BackupRefused(`${file} is neither a SQLite backup nor a pg_dump archive.`);
  if (kind !== wanted)
    throw new BackupRefused(
      kind === 'postgres'
        ? `${file} is a PostgreSQL dump: it restores into PostgreSQL only (--to postgres://…).`
        : `${file} is a SQLite backup: restore it into a SQLite file (--to path), then move it with db:copy.`,
    );
  const { migrated, counts } =
    wanted === 'postgres'
      ? await restorePostgres(file, location, replace)
      : await restoreSqlite(file, location, replace);
  return { ms: performance.now() - started, migrated, counts };
}

/** The tables with rows, for the refusal of a filled target. */
async function filledTables(db: Db): Promise<[string, number][]> {
  const { rows } =
    dialectOf(db) === 'postgres'
      ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
      : await sql<{ name: string }>`SELECT name FROM pragma_table_list
          WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`.execute(
          db,
        );
  const tables = rows.map((r) => r.name).filter((name) => !name.startsWith('kysely_migration'));
  return [...(await rowCounts(db, tables))].filter(([, n]) => n > 0);
}

function refuseFilled(filled: [string, number][], target: string): void {
  if (!filled.length) return;
  const some = filled
    .slice(0, 3)
    .map(([table, n]) => `${table}: ${n}`)
    .join(', ');
  throw new BackupRefused(
    `${target} already has data (${some}${filled.length > 3 ? ', …' : ''}); ` +
      'restore into an empty database, or pass --replace to overwrite it.',
  );
}

async function restoreSqlite(file: string, path: string, replace: boolean) {
  if (existsSync(path)) {
    const current = openDatabase(path);
    try {
      // Counted even with replace: a connection that reads nothing leaves the WAL behind when it closes.
      const filled = await filledTables(current);
      if (!replace) refuseFilled(filled, path);
    } finally {
      await current.destroy();
    }
    // The last connection to close removes the WAL; one still there belongs to a running app,
    // and would be replayed into the restored file.
    if (existsSync(`${path}-wal`))
      throw new BackupRefused(`${path} is still open (${basename(path)}-wal remains): stop the app first.`);
  }
  await mkdir(dirname(resolve(path)), { recursive: true });
  // Built beside the target and renamed over it: the target is the old database or the new one, never half.
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.restore-${process.pid}`);
  const removeTemporary = () => ['', '-wal', '-shm'].forEach((end) => rmSync(temporary + end, { force: true }));
  try {
    copyFileSync(file, temporary);
    const check = new SQLite(temporary);
    try {
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new BackupRefused(`${file} fails integrity_check: ${String(result)}`);
      check.pragma('journal_mode = WAL');
    } finally {
      check.close();
    }
    const db = openDatabase(temporary);
    let migrated: string[];
    try {
      migrated = await migrations(db);
    } finally {
      await db.destroy();
    }
    rmSync(`${path}-shm`, { force: true });
    renameSync(temporary, path);
    return { migrated, counts: await countFile(path) };
  } finally {
    removeTemporary();
  }
}

async function migrations(db: Db): Promise<string[]> {
  const result = await migrateToLatest(db);
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function restorePostgres(file: string, url: string, replace: boolean) {
  const db = openDatabase(url, { poolSize: 1 });
  try {
    await checkConnection(db, url, 'the restore target');
    if (!replace) refuseFilled(await filledTables(db), describeLocation(url));
    const pgRestore = await postgresTool(db, 'pg_restore');
    // --clean --if-exists drops what the archive holds before making it again; one transaction, so a
    // failed restore leaves the target as it was; --no-owner/--no-privileges: the roles of the server
    // that was dumped need not exist here, and what is restored belongs to the URL's user.
    await runTool(pgRestore, url, [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      file,
    ]);
    const migrated = await migrations(db);
    return { migrated, counts: await rowCounts(db, MAIN_TABLES) };
  } finally {
    await db.destroy();
  }
}

const DEBIAN_POSTGRES = '/usr/lib/postgresql';

/** The major version of a pg tool (`pg_dump (PostgreSQL) 15.14 (Debian …)`), undefined when it does not run. */
function toolMajor(command: string): number | undefined {
  const run = spawnSync(command, ['--version'], { encoding: 'utf8' });
  const major = /\(PostgreSQL\)\s+(\d+)/.exec(run.stdout ?? '')?.[1];
  return run.status === 0 && major ? Number(major) : undefined;
}

/**
 * pg_dump or pg_restore, from PATH or Debian's versioned folders: the newest one, as long as it is
 * at least the server's major version (an older pg_dump refuses a newer server; a newer one reads
 * every older server).
 */
export async function postgresTool(
  db: Db,
  name: 'pg_dump' | 'pg_restore',
  debianFolders = DEBIAN_POSTGRES,
): Promise<string> {
  const { rows } = await sql<{ v: string }>`SELECT current_setting('server_version_num') AS v`.execute(db);
  const serverMajor = Math.floor(Number(rows[0]!.v) / 10_000);
  const versioned = existsSync(debianFolders)
    ? readdirSync(debianFolders).map((version) => join(debianFolders, version, 'bin', name))
    : [];
  // The versioned binaries first: on a tie, one of them rather than Debian's wrapper on PATH, which picks again.
  const found = [...versioned.filter((path) => existsSync(path)), name]
    .map((command) => ({ command, major: toolMajor(command) }))
    .filter((tool): tool is { command: string; major: number } => tool.major !== undefined)
    .sort((a, b) => b.major - a.major);
  if (!found.length)
    throw new BackupRefused(
      `${name} is not installed: install Debian's postgresql-client package (apt-get install postgresql-client-${serverMajor}).`,
    );
  if (found[0]!.major < serverMajor)
    throw new BackupRefused(
      `${name} ${found[0]!.major} is older than the server (${serverMajor}): ` +
        `install postgresql-client-${serverMajor} (Debian's postgresql-client package).`,
    );
  return found[0]!.command;
}

/**
 * Runs a pg tool against `url`. The password goes in the child's environment (PGPASSWORD), never on
 * its command line, where `ps` would show it; messages name the URL without it.
 */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.href, env: environmentWith(password ? { PGPASSWORD: password } : {}) };
}

async function runTool(command: string, url: string, args: string[]): Promise<void> {
  const { dbname, env } = toolConnection(url);
  const child = spawn(command, [`--dbname=${dbname}`, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2_000)));
  const status = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => done(code));
  });
  if (status !== 0)
    throw new Error(`${basename(command)} failed (exit ${status}): ${errors.trim().split('\n').slice(-3).join(' ')}`);
}

/** The counts as aligned lines, `  posts  1234`. */
export function formatCounts(counts: Map<string, number>): string {
  const width = Math.max(...[...counts.keys()].map((t) => t.length));
  return [...counts].map(([table, n]) => `  ${table.padEnd(width)}  ${String(n).padStart(9)}`).join('\n');
}

/** 1234567 bytes as `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
