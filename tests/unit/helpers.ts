import { migrateToLatest, openDatabase, type Db } from '../../src/lib/db/index.ts';
import type { MailMessage, Mailer } from '../../src/lib/mail/index.ts';

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
