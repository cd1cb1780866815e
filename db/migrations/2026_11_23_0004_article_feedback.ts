// Frozen in time: never edit a migration that has shipped; add a new one.
// "Was this helpful?" votes and article views. A visitor is a random first-party id, never an
// address. article_daily rolls both up per article and UTC day so that reports over millions
// of rows read thousands; the raw rows answer the partial days at a period's edges.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_votes')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('article', 'text', (col) => col.notNull())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('visitor', 'text', (col) => col.notNull())
    .addColumn('helpful', 'integer', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('comment', 'text')
    .addColumn('comment_status', 'text')
    .addColumn('status_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('status_at', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addUniqueConstraint('article_votes_one_per_visitor', ['article', 'visitor'])
    .execute();
  await db.schema.createIndex('article_votes_updated').on('article_votes').columns(['updated_at', 'article']).execute();
  await db.schema
    .createIndex('article_votes_comments')
    .on('article_votes')
    .columns(['updated_at', 'id'])
    .where(sql.ref('comment'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('article_votes_article_comments')
    .on('article_votes')
    .columns(['article', 'updated_at'])
    .where(sql.ref('comment'), 'is not', null)
    .execute();

  await db.schema
    .createTable('article_views')
    .addColumn('article', 'text', (col) => col.notNull())
    .addColumn('visitor', 'text', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('article_views_once_a_day', ['article', 'visitor', 'day'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex('article_views_at').on('article_views').columns(['at', 'article']).execute();

  await db.schema
    .createTable('article_daily')
    .addColumn('article', 'text', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('views', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('helpful', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('unhelpful', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('reason_inaccurate', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('reason_unclear', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('reason_missing', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('reason_irrelevant', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('reason_other', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_daily_key', ['day', 'article'])
    .modifyEnd(sql`without rowid`)
    .execute();

  // The search report reads periods that start and end at any minute of a viewer's day.
  await db.schema
    .createIndex('search_events_locale_created')
    .on('search_events')
    .columns(['locale', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_events_locale_created').execute();
  await db.schema.dropTable('article_daily').execute();
  await db.schema.dropTable('article_views').execute();
  await db.schema.dropTable('article_votes').execute();
}
