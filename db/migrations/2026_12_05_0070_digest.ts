// Frozen in time: never edit a migration that has shipped; add a new one.
// The weekly digest (src/lib/digest/): members follow article categories (from the content
// collection, keyed by the category id) and community categories (keyed by the forum category's
// slug), opt in to one mail a week, and the worker plans that mail once per member and ISO week.
// - category_follows: one row per member, kind (articles | community) and category.
// - digest_subscribers: a row means the member turned the digest on (it is off by default).
// - digest_mails: the week's decision and outbox, as review_reminders: the UNIQUE (user_id, week)
//   lets exactly one of several planning processes win; `items` is the JSON the mail shows,
//   fixed when planned; a week with nothing to report is stored as `empty` and sends nothing.
// Times are Unix milliseconds.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('category_follows')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // articles | community
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('category_follows_once', ['user_id', 'kind', 'category'])
    .modifyEnd(sql`without rowid`)
    .execute();

  await db.schema
    .createTable('digest_subscribers')
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('digest_mails')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // ISO 8601 week, e.g. 2026-W49
    .addColumn('week', 'text', (col) => col.notNull())
    .addColumn('items', 'text', (col) => col.notNull())
    // pending | sent | failed | empty (nothing to report: no mail) | skipped (turned off before sending)
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addUniqueConstraint('digest_mails_user_week', ['user_id', 'week'])
    .execute();
  await db.schema.createIndex('digest_mails_due').on('digest_mails').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('digest_mails_created').on('digest_mails').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digest_mails').execute();
  await db.schema.dropTable('digest_subscribers').execute();
  await db.schema.dropTable('category_follows').execute();
}
