// npm run backup / npm run restore (src/lib/db/backup.ts, src/cli/backup.ts, src/cli/restore.ts),
// through the commands themselves, on a SQLite file and on the test server's PostgreSQL (its own
// pg_dump and pg_restore): a backup taken while votes and replies are written restores into a new
// database as one consistent snapshot.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../db/migrations/index.ts';
import { seedDemo } from '../../../db/seed/demo.ts';
import { recordVote } from '../../../src/lib/analytics/feedback.ts';
import {
  BackupRefused,
  backupFileName,
  MAIN_TABLES,
  postgresTool,
  toolConnection,
} from '../../../src/lib/db/backup.ts';
import { migrateToLatest, openDatabase, type Db } from '../../../src/lib/db/index.ts';
import { PostgresSchemaPlugin } from '../../../src/lib/db/portable-schema.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { makeUser, ok } from '../factories.ts';
import { emptyPostgresUrl, freshPostgresUrl, onPostgres } from '../helpers.ts';

const cliDir = join(import.meta.dirname, '../../../src/cli');
const RACE_ARTICLE = 'en/backup/race';

let dir: string;
let databases = 0;
const opened: Db[] = [];

/** A new, empty database: a file name in the test folder, or a database on the test server (not the migrated template). */
async function emptyLocation(): Promise<string> {
  if (!onPostgres) return join(dir, `restored-${++databases}.db`);
  return emptyPostgresUrl();
}

function open(location: string): Db {
  const db = openDatabase(location, { poolSize: 4 });
  opened.push(db);
  return db;
}

/** A command of src/cli, asynchronously (the test writes meanwhile), on `location` as DATABASE_URL or DATABASE_PATH. */
async function run(command: 'backup' | 'restore', location: string, ...args: string[]) {
  const { DATABASE_URL: _, DATABASE_PATH: __, ...env } = process.env;
  const child = spawn(process.execPath, [join(cliDir, `${command}.ts`), ...args], {
    env: { ...env, ...(onPostgres ? { DATABASE_URL: location } : { DATABASE_PATH: location }) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { status, stdout, stderr };
}

/** The row counts a command printed (`  posts   35`). */
function printedCounts(stdout: string): Map<string, number> {
  return new Map([...stdout.matchAll(/^ {2}(\w+) +(\d+)$/gm)].map(([, table, n]) => [table!, Number(n)]));
}

const backupFile = (stdout: string) => /^(\S+\.(?:db|dump)) /m.exec(stdout)![1]!;

async function count(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** The race's rows, and whether the tables agree with each other as they do after every committed write. */
async function raceState(db: Db, threadId: number) {
  const votes = await db
    .selectFrom('article_votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article', '=', RACE_ARTICLE)
    .executeTakeFirstOrThrow();
  const rollup = await db
    .selectFrom('article_daily')
    .select((eb) => eb.fn.sum<number>(eb('helpful', '+', eb.ref('unhelpful'))).as('n'))
    .where('article', '=', RACE_ARTICLE)
    .executeTakeFirstOrThrow();
  const posts = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('thread_id', '=', threadId)
    .executeTakeFirstOrThrow();
  const thread = await db
    .selectFrom('threads')
    .select('last_post_number')
    .where('id', '=', threadId)
    .executeTakeFirstOrThrow();
  return {
    votes: Number(votes.n),
    rollupVotes: Number(rollup.n ?? 0),
    posts: Number(posts.n),
    lastPostNumber: thread.last_post_number,
  };
}

// Each command is a Node process of its own (a few seconds on a busy machine).
describe(`backup and restore (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, { timeout: 60_000 }, () => {
  let source: string;
  let db: Db;
  let threadId: number;
  let writer: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pasokh-backup-'));
    source = onPostgres ? await freshPostgresUrl() : await emptyLocation();
    db = open(source);
    if (!onPostgres) await migrateToLatest(db);
    await seedDemo(db);
    writer = await makeUser(db, 'Writer', { role: 'moderator' });
    const category = await db.selectFrom('forum_categories').select('id').executeTakeFirstOrThrow();
    threadId = ok(
      await createThread(db, writer, { locale: 'en', categoryId: category.id, title: 'Backup race', body: 'Go' }),
    ).threadId;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(opened.splice(0).map((handle) => handle.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while votes and replies are written; the restore is one snapshot, between before and after', async () => {
    const before = await raceState(db, threadId);
    let writing = true;
    let writes = 0;
    const writes$ = (async () => {
      while (writing) {
        writes++;
        await recordVote(db, { article: RACE_ARTICLE, visitor: `v${writes}`, helpful: writes % 2 ? 'yes' : 'no' });
        ok(await reply(db, writer, threadId, `Reply ${writes} during the backup`));
        // better-sqlite3 answers synchronously: without a turn of the event loop, the backup's exit would never be seen.
        await new Promise((turn) => setImmediate(turn));
      }
    })();
    const backup = await run('backup', source, '--to', join(dir, 'backups'));
    writing = false;
    await writes$;
    const after = await raceState(db, threadId);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(after.votes - before.votes).toBeGreaterThan(5);

    const file = backupFile(backup.stdout);
    expect(file).toMatch(onPostgres ? /pasokh-\d{8}-\d{6}\.dump$/ : /pasokh-\d{8}-\d{6}\.db$/);
    const target = await emptyLocation();
    const restore = await run('restore', target, file);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain('Stop the app first');

    const restored = open(target);
    const state = await raceState(restored, threadId);
    // Between the two ends of the backup, and consistent: every vote in its rollup, every post counted by its thread.
    expect(state.votes).toBeGreaterThanOrEqual(before.votes);
    expect(state.votes).toBeLessThanOrEqual(after.votes);
    expect(state.posts).toBeGreaterThanOrEqual(before.posts);
    expect(state.posts).toBeLessThanOrEqual(after.posts);
    expect(state.rollupVotes).toBe(state.votes);
    expect(state.lastPostNumber).toBe(state.posts);
    // A vote and then a reply, in turn: the snapshot fell between two writes, never inside one.
    expect(state.posts - 1 - state.votes).toBeGreaterThanOrEqual(-1);
    expect(state.posts - 1 - state.votes).toBeLessThanOrEqual(0);

    // What the backup counted (its snapshot) is what was restored, table by table.
    const counted = printedCounts(backup.stdout);
    expect([...counted.keys()]).toEqual(MAIN_TABLES);
    expect(printedCounts(restore.stdout)).toEqual(counted);
    for (const table of MAIN_TABLES)
      expect({ table, n: await count(restored, table) }).toEqual({ table, n: counted.get(table) });

    if (!onPostgres) {
      const check = new SQLite(target, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
    }

    // Ids go on after the restored ones (sequences on Postgres, AUTOINCREMENT on SQLite).
    const maxPost = await restored
      .selectFrom('posts')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    const newcomer = await makeUser(restored, 'Newcomer', { role: 'moderator' });
    expect(newcomer.id).toBeGreaterThan(counted.get('users')!);
    const next = ok(await reply(restored, newcomer, threadId, 'After the restore'));
    expect(next.postId).toBeGreaterThan(maxPost.id!);
    expect(next.number).toBe(state.posts + 1);
  });

  it('refuses a target with data unless --replace, and restores over it with --replace', async () => {
    const backup = await run('backup', source, '--to', join(dir, 'again'));
    expect(backup.status).toBe(0);
    const target = await emptyLocation();
    const filled = open(target);
    await migrateToLatest(filled);
    await makeUser(filled, 'Someone');
    await filled.destroy();
    opened.splice(opened.indexOf(filled), 1);

    const refused = await run('restore', target, backupFile(backup.stdout));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already has data \(users: 1\); restore into an empty database, or pass --replace/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const replaced = await run('restore', target, backupFile(backup.stdout), '--replace');
    expect(replaced.stderr).toBe('');
    expect(printedCounts(replaced.stdout)).toEqual(printedCounts(backup.stdout));
  });

  it.skipIf(onPostgres)('refuses to restore over a SQLite file the app still has open', async () => {
    const backup = await run('backup', source, '--to', join(dir, 'open'));
    const refused = await run('restore', source, backupFile(backup.stdout), '--replace');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is still open \(.*-wal remains\): stop the app first\.\n$/);
    expect(await count(db, 'users')).toBeGreaterThan(0);
  });

  it.skipIf(onPostgres)('refuses to back up a SQLite file that is not there, and makes none', async () => {
    const missing = join(dir, 'nowhere', 'missing.db');
    const refused = await run('backup', missing, '--to', join(dir, 'none'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `No SQLite database at ${missing} (set DATABASE_PATH, or DATABASE_URL for PostgreSQL).\n`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a file of the other kind, or of no kind, with one line', async () => {
    const wrong = join(dir, onPostgres ? 'site.db' : 'site.dump');
    // The first bytes are what the restore reads to tell the kinds apart.
    writeFileSync(wrong, onPostgres ? 'SQLite format 3\0 and more' : 'PGDMP and more');
    const other = await run('restore', await emptyLocation(), wrong);
    expect(other.status).toBe(1);
    expect(other.stderr).toBe(
      onPostgres
        ? `${wrong} is a SQLite backup: restore it into a SQLite file (--to path), then move it with db:copy.\n`
        : `${wrong} is a PostgreSQL dump: it restores into PostgreSQL only (--to postgres://…).\n`,
    );
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const none = await run('restore', await emptyLocation(), join(dir, 'notes.txt'));
    expect(none.stderr).toBe(`${join(dir, 'notes.txt')} is neither a SQLite backup nor a pg_dump archive.\n`);
  });

  it('with --keep options removes the older backups the policy does not keep, and only after a backup', async () => {
    const kept = join(dir, 'rotated');
    mkdirSync(kept);
    const kind = onPostgres ? 'dump' : 'db';
    // Nightly backups of the past 10 days (this test's clock is the real one), a foreign file, and one of the other kind.
    const nights = Array.from({ length: 10 }, (_, i) =>
      backupFileName(source, new Date(Date.now() - (i + 1) * 86_400_000)),
    );
    const other = `pasokh-20250101-000000.${onPostgres ? 'db' : 'dump'}`;
    for (const name of [...nights, 'notes.txt', other]) writeFileSync(join(kept, name), '');

    const refused = await run('backup', source, '--to', kept, '--keep-daily', 'seven');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('--keep-daily must be a whole number of backups from 0 to 9999, not "seven".\n');
    expect(readdirSync(kept)).toHaveLength(12);

    const { status, stdout, stderr } = await run('backup', source, '--to', kept, '--keep-daily', '3');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const written = basename(backupFile(stdout));
    expect(written.endsWith(`.${kind}`)).toBe(true);
    // The new one and the two nights before it stay; so do the foreign file and the other kind.
    expect(readdirSync(kept).sort()).toEqual([written, nights[0], nights[1], 'notes.txt', other].sort());
    expect(stdout).toContain(`Removed 8 older backups (keeping 3 daily, 0 weekly, 0 monthly): `);
  });

  it('brings a backup from an older version up to the latest migration', async () => {
    const oldLocation = await emptyLocation();
    const old = open(oldLocation);
    const names = Object.keys(migrations);
    const portable = onPostgres ? old.withPlugin(new PostgresSchemaPlugin()) : old;
    const migrator = new Migrator({ db: portable, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(names.at(-2)!)).error).toBeUndefined();
    const backup = await run('backup', oldLocation, '--to', join(dir, 'old'));
    expect(backup.status).toBe(0);
    const restore = await run('restore', await emptyLocation(), backupFile(backup.stdout));
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toContain(`Migrated to this version: ${names.at(-1)}`);
  });

  it.skipIf(!onPostgres)(
    'finds pg_dump, and names the package when it is missing or older than the server',
    async () => {
      expect(await postgresTool(db, 'pg_dump')).toMatch(/pg_dump$/);
      const path = process.env.PATH;
      const folders = join(dir, 'postgresql');
      try {
        process.env.PATH = join(dir, 'nothing-here');
        await expect(postgresTool(db, 'pg_dump', folders)).rejects.toThrow(
          new BackupRefused(
            "pg_dump is not installed: install Debian's postgresql-client package (apt-get install postgresql-client-15).",
          ),
        );
        // An old client, as Debian lays them out: /usr/lib/postgresql/<major>/bin.
        mkdirSync(join(folders, '12', 'bin'), { recursive: true });
        const old = join(folders, '12', 'bin', 'pg_dump');
        writeFileSync(old, '#!/bin/sh\necho "pg_dump (PostgreSQL) 12.22"\n');
        chmodSync(old, 0o755);
        await expect(postgresTool(db, 'pg_dump', folders)).rejects.toThrow(
          new BackupRefused(
            "pg_dump 12 is older than the server (15): install postgresql-client-15 (Debian's postgresql-client package).",
          ),
        );
      } finally {
        process.env.PATH = path;
      }
    },
  );

  it.skipIf(!onPostgres)("keeps the password out of the output and out of pg_dump's command line", async () => {
    // The test server trusts every connection, so any password gets in.
    const url = new URL(source);
    url.password = 's3cret-pw';
    const { dbname, env } = toolConnection(url.href);
    expect(dbname).not.toContain('s3cret');
    expect(env.PGPASSWORD).toBe('s3cret-pw');
    const backup = await run('backup', url.href, '--to', join(dir, 'secret'));
    expect(backup.status).toBe(0);
    expect(backup.stdout + backup.stderr).not.toContain('s3cret');
  });
});
