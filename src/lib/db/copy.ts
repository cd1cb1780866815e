// `npm run db:copy`: a SQLite help center into PostgreSQL. Every table the migrations made is
// copied as it is (ids included), in foreign-key order, in batches, inside one target
// transaction; the forum's search index is rebuilt (FTS5 contentless rows cannot be read back);
// each identity moves past the copied ids; then the row counts of both sides are compared.
import { sql, type Kysely } from 'kysely';
import { migrations } from '../../../db/migrations/index.ts';
import { indexPost } from '../forum/search-index.ts';
import { dialectOf, migrateToLatest, type Db } from './index.ts';

/** The copy did not start: the source or the target is not in a state to copy (the message says what to do). */
export class CopyRefused extends Error {}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  /** Per table, in copy order, then forum_search (the rebuilt index against the source's). */
  tables: TableCount[];
  ms: number;
  /** Every count equal. */
  ok: boolean;
}

export interface CopyOptions {
  /** Empty a target that already has rows instead of refusing it. */
  replace?: boolean;
  /** Rows per read and per INSERT. */
  batchSize?: number;
  /** The source file, for messages. */
  sourceName?: string;
}

/** Filled by the target's own triggers from article_votes and article_views; copied last, see copyRollups. */
const ROLLUPS = ['article_daily'];
/** Postgres binds at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

type Row = Record<string, unknown>;
/** Tables named at run time, which the typed Database cannot list. */
type AnyDb = Kysely<Record<string, Row>>;

export async function copyDatabase(source: Db, target: Db, options: CopyOptions = {}): Promise<CopyReport> {
  const started = performance.now();
  const { replace = false, batchSize = 1_000, sourceName = 'the source' } = options;
  if (dialectOf(source) !== 'sqlite' || dialectOf(target) !== 'postgres')
    throw new CopyRefused('db:copy copies a SQLite database into PostgreSQL.');
  await checkSourceMigrations(source, sourceName);
  await migrateToLatest(target);

  // A read transaction on the source is one snapshot (WAL): the copy and its counts agree even if
  // something writes meanwhile (what it writes is not copied, hence "stop the app" in the README).
  const sourceCounts = await source
    .transaction()
    .setAccessMode('read only')
    .execute(async (snapshot) => {
      const tables = await tablesInCopyOrder(snapshot);
      await target.transaction().execute(async (trx) => {
        await emptyTarget(trx, tables, replace);
        for (const table of tables) {
          if (ROLLUPS.includes(table)) await copyRollups(snapshot, trx, table, batchSize);
          else await copyTable(snapshot, trx, table, batchSize);
        }
        await rebuildForumSearch(trx, batchSize);
        await resetIdentities(snapshot, trx, tables);
      });
      const counts = await rowCounts(snapshot, tables);
      counts.set('forum_search', await countRows(snapshot, 'forum_search'));
      return counts;
    });

  const targetCounts = await rowCounts(target, [...sourceCounts.keys()]);
  const tables = [...sourceCounts].map(([table, count]) => ({
    table,
    source: count,
    target: targetCounts.get(table)!,
  }));
  return { tables, ms: performance.now() - started, ok: tables.every((t) => t.source === t.target) };
}

/** The source must have run exactly the migrations this code knows: its tables are then the target's. */
async function checkSourceMigrations(source: Db, sourceName: string): Promise<void> {
  const known = Object.keys(migrations);
  const hasHistory = (await sqliteTables(source)).includes('kysely_migration');
  const applied = hasHistory
    ? (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(source)).rows.map(
        (r) => r.name,
      )
    : [];
  if (!applied.length) throw new CopyRefused(`${sourceName} is not a Pasokh database (it has no migrations).`);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length)
    throw new CopyRefused(
      `${sourceName} is ahead of this code (migration ${unknown.join(', ')} unknown here): ` +
        'run db:copy from the Pasokh version that wrote it.',
    );
  const missing = known.filter((name) => !applied.includes(name));
  if (missing.length)
    throw new CopyRefused(
      `${sourceName} is behind this code (${missing.length} migration(s) to run, from ${missing[0]}): ` +
        `run DATABASE_PATH=${sourceName} npm run db:migrate first.`,
    );
}

/** Ordinary tables of the SQLite database: no virtual tables (forum_search) or their shadow tables, no sqlite_*. */
async function sqliteTables(source: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
    ORDER BY name`.execute(source);
  return rows.map((r) => r.name);
}

/**
 * The tables to copy, every one after those its foreign keys point to (ties by name, so the
 * order is stable), the rollups last; the migration history is the target's own.
 */
export async function tablesInCopyOrder(source: Db): Promise<string[]> {
  const tables = (await sqliteTables(source)).filter((t) => !t.startsWith('kysely_migration'));
  const dependsOn = new Map<string, Set<string>>();
  for (const table of tables) {
    const { rows } = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${table})`.execute(
      source,
    );
    dependsOn.set(table, new Set(rows.map((r) => r.table).filter((t) => t !== table && tables.includes(t))));
  }
  const ordered: string[] = [];
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !ordered.includes(t) && [...dependsOn.get(t)!].every((d) => ordered.includes(d)),
    );
    if (!ready.length) throw new Error(`Foreign keys form a cycle among ${tables.filter((t) => !ordered.includes(t))}`);
    ordered.push(ready[0]!);
  }
  return [...ordered.filter((t) => !ROLLUPS.includes(t)), ...ordered.filter((t) => ROLLUPS.includes(t))];
}

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** Rows per table, in the order given. */
export async function rowCounts(db: Db, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) counts.set(table, await countRows(db, table));
  return counts;
}

/**
 * Refuses a target with rows, or with `replace` empties it. moderation_audit refuses TRUNCATE by
 * trigger (append-only); the trigger is switched off for this one statement only, inside the
 * copy's transaction, so a failed copy brings back the old rows and the guard together.
 */
async function emptyTarget(trx: Db, tables: readonly string[], replace: boolean): Promise<void> {
  const all = [...tables, 'forum_search'];
  const filled = [...(await rowCounts(trx, all))].filter(([, n]) => n > 0);
  if (!filled.length) return;
  if (!replace) {
    const some = filled
      .slice(0, 3)
      .map(([table, n]) => `${table}: ${n}`)
      .join(', ');
    throw new CopyRefused(
      `The target already has data (${some}${filled.length > 3 ? ', …' : ''}); ` +
        'copy into an empty database, or pass --replace to empty it first.',
    );
  }
  await sql`ALTER TABLE moderation_audit DISABLE TRIGGER moderation_audit_no_truncate`.execute(trx);
  await sql`TRUNCATE ${sql.join(all.map((t) => sql.table(t)))}`.execute(trx);
  await sql`ALTER TABLE moderation_audit ENABLE TRIGGER moderation_audit_no_truncate`.execute(trx);
}

/** The table's rows in primary-key order, `size` at a time (keyset: each read starts after the last key). */
async function* batches(source: Db, table: string, key: readonly string[], size: number): AsyncGenerator<Row[]> {
  const keyList = sql.join(key.map((k) => sql.ref(k)));
  let last: unknown[] | undefined;
  for (;;) {
    const after = last ? sql`WHERE (${keyList}) > (${sql.join(last)})` : sql``;
    const { rows } = await sql<Row>`SELECT * FROM ${sql.table(table)} ${after}
      ORDER BY ${keyList} LIMIT ${size}`.execute(source);
    if (rows.length) yield rows;
    if (rows.length < size) return;
    last = key.map((k) => rows.at(-1)![k]);
  }
}

async function copyTable(source: Db, trx: Db, table: string, batchSize: number): Promise<void> {
  const { rows: columns } = await sql<{ name: string; pk: number }>`
    SELECT name, pk FROM pragma_table_info(${table})`.execute(source);
  const key = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  // Every table the migrations make has one.
  if (!key.length) throw new Error(`${table} has no primary key to copy it by.`);
  // Fewer rows at a time for a table with so many columns that a batch would pass the parameter limit.
  const size = Math.min(batchSize, Math.floor(MAX_PARAMETERS / columns.length));
  try {
    for await (const rows of batches(source, table, key, size))
      await (trx as unknown as AnyDb).insertInto(table).values(rows).execute();
  } catch (error) {
    throw new Error(`Copying ${table}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Copying article_votes and article_views fired the target's rollup triggers, which added their
 * own article_daily rows. The source's rollups are the truth (they may keep days whose votes and
 * views were pruned since), so what the triggers wrote is deleted and the source's rows copied
 * as they are: article_daily ends exactly equal to the source's. No trigger watches article_daily.
 */
async function copyRollups(source: Db, trx: Db, table: string, batchSize: number): Promise<void> {
  await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
  await copyTable(source, trx, table, batchSize);
}

/**
 * The search index as the app keeps it: one entry per post that is neither hidden, held nor
 * deleted (lib/forum: threads.ts, posts.ts, visibility.ts, revisions.ts), the question post with
 * its thread's title, in its thread's locale. Hidden threads keep their posts' entries; search
 * filters them out when reading.
 */
async function rebuildForumSearch(trx: Db, batchSize: number): Promise<void> {
  let lastId = 0;
  for (;;) {
    const posts = await trx
      .selectFrom('posts')
      .innerJoin('threads', 'threads.id', 'posts.thread_id')
      .select(['posts.id', 'posts.number', 'posts.html', 'threads.locale', 'threads.title'])
      .where('posts.id', '>', lastId)
      .where('posts.hidden_at', 'is', null)
      .where('posts.held_at', 'is', null)
      .where('posts.deleted_at', 'is', null)
      .orderBy('posts.id')
      .limit(batchSize)
      .execute();
    for (const post of posts)
      await indexPost(trx, {
        id: post.id,
        locale: post.locale,
        title: post.number === 1 ? post.title : null,
        html: post.html,
      });
    if (posts.length < batchSize) return;
    lastId = posts.at(-1)!.id;
  }
}

/**
 * Moves every identity past the copied ids, so the next row gets a new one. SQLite's AUTOINCREMENT
 * never reuses the id of a deleted last row (sqlite_sequence remembers it); neither does the target.
 */
async function resetIdentities(source: Db, trx: Db, tables: readonly string[]): Promise<void> {
  const { rows: used } = await sql<{ name: string; seq: number }>`SELECT name, seq FROM sqlite_sequence`.execute(
    source,
  );
  const { rows: identities } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_identity = 'YES'`.execute(trx);
  for (const { table_name: table, column_name: column } of identities) {
    if (!tables.includes(table)) continue;
    const handedOut = used.find((u) => u.name === table)?.seq ?? 0;
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}),
      greatest(coalesce(max(${sql.ref(column)}), 0), ${handedOut}) + 1, false) FROM ${sql.table(table)}`.execute(trx);
  }
}

/** The report as a table: per table source and target rows, a total, the time taken. */
export function formatCopyReport(report: CopyReport): string {
  const rows = [
    ...report.tables.map((t) => [t.table, t.source, t.target, t.source === t.target ? '' : 'MISMATCH'] as const),
    [
      'total',
      report.tables.reduce((n, t) => n + t.source, 0),
      report.tables.reduce((n, t) => n + t.target, 0),
      '',
    ] as const,
  ];
  const nameWidth = Math.max(...rows.map(([name]) => name.length));
  const numberWidth = Math.max(6, ...rows.map(([, s, t]) => Math.max(String(s).length, String(t).length)));
  const line = (name: string, source: string, target: string, note: string) =>
    `${name.padEnd(nameWidth)}  ${source.padStart(numberWidth)}  ${target.padStart(numberWidth)}${note ? `  ${note}` : ''}`;
  const rule = '-'.repeat(nameWidth + 2 * (numberWidth + 2));
  const seconds = (report.ms / 1000).toFixed(1);
  return [
    line('table', 'source', 'target', ''),
    rule,
    ...rows.slice(0, -1).map(([name, s, t, note]) => line(name, String(s), String(t), note)),
    rule,
    line(...(rows.at(-1)!.map(String) as [string, string, string, string])),
    '',
    report.ok
      ? `Copied ${report.tables.length} tables in ${seconds} s; every count matches.`
      : `Copied in ${seconds} s, but the counts of ${report.tables.filter((t) => t.source !== t.target).length} table(s) differ.`,
  ].join('\n');
}
