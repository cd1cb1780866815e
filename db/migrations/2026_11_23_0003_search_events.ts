// Frozen in time: never edit a migration that has shipped; add a new one.
// Search analytics: one row per settled query or clicked result. No address, no cookie.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_events')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('query', 'text', (col) => col.notNull())
    .addColumn('normalized', 'text', (col) => col.notNull())
    .addColumn('result_count', 'integer', (col) => col.notNull())
    .addColumn('clicked_url', 'text')
    .addColumn('clicked_rank', 'integer')
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('search_events_locale_day')
    .on('search_events')
    .columns(['locale', 'day', 'result_count'])
    .execute();
  await db.schema
    .createIndex('search_events_normalized')
    .on('search_events')
    .columns(['locale', 'normalized'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_events').execute();
}
