// Frozen in time: never edit a migration that has shipped; add a new one.
// Review reminders (src/lib/content/reminders.ts): each owner of articles gets at most one mail
// per ISO week listing their articles past their review date or with a low helpful share. The
// row is the decision: every serving process (on every host) may plan the week's reminders, and
// the UNIQUE (user_id, week) lets exactly one insert win; the delivery worker then claims the
// row, sends it and marks it sent, so the row also holds the outbox state (attempts, next try,
// the last error). `items` is the JSON list the mail shows, fixed when the row was planned.
// Times are Unix milliseconds.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_reminders')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // ISO 8601 week, e.g. 2026-W49
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('items', 'text', (col) => col.notNull())
    // pending | sent | failed
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addUniqueConstraint('review_reminders_user_week', ['user_id', 'week'])
    .execute();
  await db.schema
    .createIndex('review_reminders_due')
    .on('review_reminders')
    .columns(['state', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_reminders').execute();
}
