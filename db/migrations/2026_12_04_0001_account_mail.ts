// Frozen in time: never edit a migration that has shipped; add a new one.
// Account mail that leaves after the answer: a "forgot password" request is stored as it was
// typed, whether or not the address has an account, and the delivery worker looks it up and
// mails the link. The page does the same work for every address, so its timing tells nothing.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_mail_jobs')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    // reset
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('account_mail_jobs_due').on('account_mail_jobs').column('next_attempt_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_mail_jobs').execute();
}
