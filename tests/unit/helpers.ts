import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../../src/lib/db/index.ts';
import type { MailMessage, Mailer } from '../../src/lib/mail/index.ts';
import type { OutboxConfig } from '../../src/lib/contact/outbox.ts';

/** A fresh, migrated in-memory database. */
export async function testDb(): Promise<Db> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  return db;
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
 * A migrated SQLite file in a temporary folder, next to a built site's client folder whose pages
 * publish `articles` (the vote intake reads the build to know them). `remove()` closes and deletes.
 */
export async function tempSite(articles: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-site-'));
  const databasePath = join(dir, 'site.db');
  const clientDir = join(dir, 'client');
  const db = openDatabase(databasePath);
  await migrateToLatest(db);
  for (const article of articles) {
    mkdirSync(join(clientDir, article), { recursive: true });
    writeFileSync(join(clientDir, article, 'index.html'), `<section data-article="${article}"></section>`);
  }
  return {
    dir,
    databasePath,
    clientDir,
    db,
    async remove() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
