import { migrateToLatest, openDatabase, type Db } from '../../src/lib/db/index.ts';
import type { MailMessage, Mailer } from '../../src/lib/mail/index.ts';
import { nameSkeleton } from '../../src/lib/auth/names.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import type { Role } from '../../src/lib/db/schema.ts';

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

let madeUsers = 0;
/** A verified user with the given role and trust level, as the session would see them. */
export async function testUser(db: Db, name: string, options: { role?: Role; trustLevel?: number; email?: string } = {}): Promise<SessionUser> {
  const n = ++madeUsers;
  const email = options.email ?? `user${n}@example.com`;
  const role = options.role ?? 'member';
  const trustLevel = options.trustLevel ?? 1;
  const row = await db
    .insertInto('users')
    .values({
      email,
      email_verified_at: '2026-11-01T00:00:00Z',
      password_hash: 'x',
      display_name: name,
      name_skeleton: nameSkeleton(`${name}${n}`),
      role,
      trust_level: trustLevel,
      created_at: '2026-11-01 00:00:00',
      suspended_until: null,
      silenced_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, emailVerified: true, displayName: name, role, trustLevel, locale: 'en', suspendedUntil: null, silencedUntil: null };
}
