// db:copy (src/lib/db/copy.ts, src/cli/db-copy.ts): the demo help center, seeded into a SQLite
// file, moved into PostgreSQL databases on the test server. Postgres pass only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/seed/demo.ts';
import { checkConnection, migrateToLatest, openDatabase, type Db } from '../../../src/lib/db/index.ts';
import { copyDatabase, CopyRefused, formatCopyReport, tablesInCopyOrder } from '../../../src/lib/db/copy.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { makeUser, ok } from '../factories.ts';
import { emptyPostgresUrl, onPostgres } from '../helpers.ts';

const cli = join(import.meta.dirname, '../../../src/cli/db-copy.ts');
const WRONG_URL = 'postgres://pasokh:s3cret-pw@127.0.0.1:1/nowhere';

let dir: string;
let sourcePath: string;
let source: Db;
const opened: Db[] = [];

function open(location: string): Db {
  const db = openDatabase(location, { poolSize: 2 });
  opened.push(db);
  return db;
}

async function count(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

const dailyRows = (db: Db) => db.selectFrom('article_daily').selectAll().orderBy('day').orderBy('article').execute();

function runCli(...args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!onPostgres)('db:copy from SQLite into PostgreSQL', () => {
  let target: Db;
  let tables: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pasokh-copy-'));
    sourcePath = join(dir, 'site.db');
    source = openDatabase(sourcePath);
    await migrateToLatest(source);
    await seedDemo(source);
    tables = await tablesInCopyOrder(source);
    target = open(await emptyPostgresUrl());
  });

  afterAll(async () => {
    await Promise.all([source, ...opened.splice(0)].map((db) => db.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates an empty target and copies every table, each count equal', async () => {
    const report = await copyDatabase(source, target);
    expect(report.ok).toBe(true);
    expect(report.tables.map((t) => t.table)).toEqual([...tables, 'forum_search']);
    // Counted here again, on both sides, rather than trusting the report.
    for (const table of [...tables, 'forum_search']) {
      expect({ table, rows: await count(target, table) }).toEqual({ table, rows: await count(source, table) });
    }
    expect(tables).toEqual(expect.arrayContaining(['users', 'posts', 'moderation_audit', 'article_votes']));
    expect(tables).not.toContain('kysely_migration');
    expect(tables.indexOf('users')).toBeLessThan(tables.indexOf('threads'));
    expect(tables.indexOf('threads')).toBeLessThan(tables.indexOf('posts'));
    expect(await count(target, 'posts')).toBeGreaterThan(0);
  });

  it('leaves article_daily exactly as the source has it, though the vote and view triggers fired', async () => {
    const daily = await dailyRows(source);
    expect(daily.length).toBeGreaterThan(0);
    expect(await dailyRows(target)).toEqual(daily);
  });

  it('rebuilds forum search: the same threads match on both sides', async () => {
    const thread = await source
      .selectFrom('threads')
      .select('id')
      .where('title', '=', 'Charged twice for the same order')
      .executeTakeFirstOrThrow();
    const found = await searchThreads(target, 'en', 'charged twice');
    expect(found.hits.map((h) => h.id)).toContain(thread.id);
    for (const [locale, query] of [
      ['fa', 'پیامکی'],
      ['ru', 'пароль'],
      ['en', 'order'],
    ] as const) {
      const ids = async (db: Db) => (await searchThreads(db, locale, query)).hits.map((h) => h.id).sort();
      expect(await ids(target)).toEqual(await ids(source));
    }
  });

  it('hands out new ids after the copied ones (identities reset)', async () => {
    const maxId = async (table: 'users' | 'threads' | 'posts') =>
      (
        await source
          .selectFrom(table)
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id!;
    const user = await makeUser(target, 'Newcomer', { email: 'newcomer@example.com' });
    expect(user.id).toBeGreaterThan(await maxId('users'));
    const category = await target.selectFrom('forum_categories').select('id').executeTakeFirstOrThrow();
    const thread = ok(
      await createThread(target, user, {
        locale: 'en',
        categoryId: category.id,
        title: 'Moved to Postgres',
        body: 'Hi',
      }),
    );
    expect(thread.threadId).toBeGreaterThan(await maxId('threads'));
    expect(thread.postId).toBeGreaterThan(await maxId('posts'));
    const answer = ok(await reply(target, user, thread.threadId, 'Still works.'));
    expect(answer.postId).toBe(thread.postId + 1);
  });

  it('refuses a target that already has data, and leaves it as it was', async () => {
    const before = await count(target, 'users');
    await expect(copyDatabase(source, target)).rejects.toThrow(CopyRefused);
    await expect(copyDatabase(source, target)).rejects.toThrow(/^The target already has data \(article_views: \d+, /);
    expect(await count(target, 'users')).toBe(before);
  });

  it('with replace, empties the target first (the append-only audit log included) and copies again', async () => {
    const report = await copyDatabase(source, target, { replace: true });
    expect(report.ok).toBe(true);
    expect(await count(target, 'users')).toBe(await count(source, 'users'));
    expect(await count(target, 'moderation_audit')).toBeGreaterThan(0);
    // The guard is back after the copy.
    await expect(sql`TRUNCATE moderation_audit`.execute(target)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM moderation_audit`.execute(target)).rejects.toThrow(/append-only/);
  });

  it('refuses a source whose migrations are behind or ahead of the code, saying what to run', async () => {
    const other = open(join(dir, 'other.db'));
    await migrateToLatest(other);
    // The migration history is not in the typed schema.
    const { rows } = await sql<{ name: string }>`SELECT max(name) AS name FROM kysely_migration`.execute(other);
    const last = rows[0]!;
    await sql`DELETE FROM kysely_migration WHERE name = ${last.name}`.execute(other);
    await expect(copyDatabase(other, target, { sourceName: 'other.db' })).rejects.toThrow(
      `other.db is behind this code (1 migration(s) to run, from ${last.name}): run DATABASE_PATH=other.db npm run db:migrate first.`,
    );
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${last.name}, ''), ('2099_01_01_0001_future', '')`.execute(
      other,
    );
    await expect(copyDatabase(other, target, { sourceName: 'other.db' })).rejects.toThrow(
      /other.db is ahead of this code \(migration 2099_01_01_0001_future unknown here\)/,
    );
  });

  it('names the table a failed copy stopped at, and leaves the target as it was (one transaction)', async () => {
    const broken = open(join(dir, 'broken.db'));
    await migrateToLatest(broken);
    await broken.insertInto('moderation_audit').values({ action: 'user.warn', created_at: 1 }).execute();
    // SQLite keeps text in an integer column (a repair script's slip); PostgreSQL refuses it.
    await sql`INSERT INTO search_events (locale, query, normalized, result_count, day, created_at)
      VALUES ('en', 'q', 'q', 0, '2026-12-05', 'yesterday')`.execute(broken);
    const empty = open(await emptyPostgresUrl());
    await expect(copyDatabase(broken, empty)).rejects.toThrow(
      /^Copying search_events: invalid input syntax for type bigint/,
    );
    expect(await count(empty, 'moderation_audit')).toBe(0);
  });

  it('stops at a wrong URL with one line that names the option and keeps the password out', async () => {
    await expect(checkConnection(open(WRONG_URL), WRONG_URL, '--to')).rejects.toThrow(
      '--to: cannot use the database at postgres://pasokh@127.0.0.1:1/nowhere: connection refused',
    );
    const run = runCli('--from', sourcePath, '--to', WRONG_URL);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      '--to: cannot use the database at postgres://pasokh@127.0.0.1:1/nowhere: connection refused (is the server running, and on that port?)',
    ]);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
  });

  it('the command prints the counts as a table with a total and the time, and exits 0; non-zero when refused', async () => {
    const url = await emptyPostgresUrl();
    const run = runCli('--from', sourcePath, '--to', url);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^table +source +target$/));
    const users = await count(source, 'users');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^users +${users} +${users}$`)));
    let total = 0;
    for (const table of [...tables, 'forum_search']) total += await count(source, table);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^total +${total} +${total}$`)));
    expect(run.stdout).toMatch(/Copied \d+ tables in \d+\.\d s; every count matches\./);

    const again = runCli('--from', sourcePath, '--to', url);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^The target already has data .*pass --replace to empty it first\.\n$/);
    expect(runCli('--from', sourcePath, '--to', url, '--replace').status).toBe(0);
  });
});

describe('formatCopyReport', () => {
  it('marks a table whose counts differ and says so at the end', () => {
    const text = formatCopyReport({
      tables: [
        { table: 'users', source: 3, target: 3 },
        { table: 'posts', source: 10, target: 9 },
      ],
      ms: 1234,
      ok: false,
    });
    expect(text.split('\n')).toEqual([
      'table  source  target',
      '---------------------',
      'users       3       3',
      'posts      10       9  MISMATCH',
      '---------------------',
      'total      13      12',
      '',
      'Copied in 1.2 s, but the counts of 1 table(s) differ.',
    ]);
  });
});
