import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Db } from '../../src/lib/db/index.ts';
import type { MailMessage, Mailer } from '../../src/lib/mail/index.ts';
import type { OutboxConfig } from '../../src/lib/contact/outbox.ts';
import { expandNotificationFanouts } from '../../src/lib/forum/fanout.ts';

/**
 * The throwaway PostgreSQL server's superuser URL while the suite runs on Postgres
 * (`npm run test:unit:postgres`, tests/postgres/run.ts); undefined on SQLite.
 */
export const postgresUrl = process.env.PASOKH_TEST_POSTGRES_URL;
export const onPostgres = Boolean(postgresUrl);
/** The migrated database every Postgres test database is copied from (tests/unit/global-setup.ts). */
export const POSTGRES_TEMPLATE = 'pasokh_template';

let admin: pg.Pool | undefined;
let created = 0;
const opened: Db[] = [];

/** The URL of a new database on the test server, a copy of the migrated template. */
export function freshPostgresUrl(): Promise<string> {
  return newPostgresDatabase(`TEMPLATE ${POSTGRES_TEMPLATE}`);
}

/** The URL of a new database on the test server with no tables at all (for what migrates or restores itself). */
export function emptyPostgresUrl(): Promise<string> {
  return newPostgresDatabase('');
}

async function newPostgresDatabase(options: string): Promise<string> {
  admin ??= new pg.Pool({ connectionString: postgresUrl, max: 2, allowExitOnIdle: true });
  const name = `test_${process.pid}_${++created}`;
  await admin.query(`CREATE DATABASE ${name} ${options}`);
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return url.href;
}

/** A fresh, migrated database: private in-memory SQLite, or a new Postgres database when the suite runs on Postgres. */
export async function testDb(): Promise<Db> {
  if (onPostgres) {
    const db = openDatabase(await freshPostgresUrl(), { poolSize: 4 });
    opened.push(db);
    return db;
  }
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  return db;
}

/** Closes what testDb opened on Postgres (tests/unit/setup.ts runs it after each file). */
export async function closeTestDatabases(): Promise<void> {
  await Promise.all(opened.splice(0).map((db) => db.destroy().catch(() => {})));
}

/** A Mailer that keeps messages in memory, for reading links out of them. */
export function memoryMailer(): Mailer & { sent: MailMessage[]; lastLink(): string } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
    lastLink() {
      const text = sent.at(-1)?.text ?? '';
      return text.match(/https?:\/\/\S+/)?.[0] ?? '';
    },
  };
}

/** A verified user as the session would see them (the factory lives in factories.ts). */
export { makeUser as testUser } from './factories.ts';

/** Outbox settings for tests: a webhook that is never reached unless a test fetches it, short back-offs. */
export function testOutboxConfig(over: Partial<OutboxConfig> = {}): OutboxConfig {
  return {
    webhookUrl: 'http://127.0.0.1:9/hook',
    webhookSecret: 'test-secret',
    supportEmail: 'support@pasokh.example',
    baseDelayMs: 1_000,
    maxDelayMs: 60_000,
    maxFailures: 5,
    leaseMs: 30_000,
    timeoutMs: 5_000,
    origin: 'https://help.example',
    ...over,
  };
}

/**
 * A migrated database (a SQLite file in a temporary folder, or a new Postgres database), next to a built site's client folder whose pages
 * publish `articles` (the vote intake reads the build to know them). `remove()` closes and deletes.
 */
export async function tempSite(articles: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-site-'));
  const database = onPostgres ? await freshPostgresUrl() : join(dir, 'site.db');
  const clientDir = join(dir, 'client');
  const db = openDatabase(database, { poolSize: 4 });
  if (!onPostgres) await migrateToLatest(db);
  for (const article of articles) {
    mkdirSync(join(clientDir, article), { recursive: true });
    writeFileSync(join(clientDir, article, 'index.html'), `<section data-article="${article}"></section>`);
  }
  return {
    dir,
    /** The SQLite file, or the Postgres URL when the suite runs on Postgres. */
    database,
    clientDir,
    db,
    async remove() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What the worker of `npm start` does after a reply (src/lib/forum/fanout.ts): tells the watchers
 * of every reply queued so far. Tests that expect watchers' notifications run it first.
 */
export async function fanOut(db: Db): Promise<number> {
  let replies = 0;
  for (let n; (n = await expandNotificationFanouts(db)) > 0;) replies += n;
  return replies;
}
