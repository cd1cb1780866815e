// Frozen in time: never edit a migration that has shipped; add a new one.
// The community forum. Built to stay flat at 100,000 threads and 1,000,000 posts:
// - every list reads one partial index in order (keyset on (last_post_at, id)), never OFFSET;
// - counters a list shows (reply_count, vote_score, last_post_at) live on the thread row and are
//   kept in the same transaction as the write that changes them, so nothing counts per request;
// - posts carry their number within the thread, so page n is `number BETWEEN 50n-49 AND 50n`
//   on the (thread_id, number) key.
// Moderation comes later but fits now: threads and posts can be hidden (who, when, why),
// soft-deleted and flagged (flag_count), posts keep revisions, and forum_events records every
// state change. Times are Unix milliseconds.
// Full-text search (forum_search) is SQLite's FTS5 on SQLite and a tsvector column with a GIN
// index on Postgres; src/lib/forum/search-index.ts is the one module that reads and writes it.
import { sql, SqliteAdapter, type Kysely } from 'kysely';

const visible = sql<boolean>`hidden_at IS NULL AND deleted_at IS NULL`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forum_categories')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    // JSON objects keyed by locale ({"fa": …, "ru": …, "en": …}): a new locale needs no migration.
    .addColumn('titles', 'text', (col) => col.notNull())
    .addColumn('descriptions', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('position', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('category_id', 'integer', (col) => col.notNull().references('forum_categories.id'))
    .addColumn('author_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('open'))
    .addColumn('pinned', 'integer', (col) => col.notNull().defaultTo(0))
    // No foreign key: posts reference threads, and a cycle would need a deferred constraint.
    .addColumn('accepted_post_id', 'integer')
    /** Visible replies (the question is not a reply). */
    .addColumn('reply_count', 'integer', (col) => col.notNull().defaultTo(0))
    /** Highest post number handed out, hidden and deleted posts included: numbers never move. */
    .addColumn('last_post_number', 'integer', (col) => col.notNull().defaultTo(0))
    /** The question's score, copied here so lists need no join. */
    .addColumn('vote_score', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('view_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('flag_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_post_at', 'integer', (col) => col.notNull())
    .addColumn('last_poster_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('hidden_at', 'integer')
    .addColumn('hidden_by', 'integer', (col) => col.references('users.id'))
    .addColumn('hidden_reason', 'text')
    .addColumn('deleted_at', 'integer')
    .addColumn('deleted_by', 'integer', (col) => col.references('users.id'))
    .execute();
  // One partial index per list the forum shows, each in the order the list reads.
  const lists = [
    ['latest', visible],
    ['unanswered', sql<boolean>`${visible} AND reply_count = 0`],
    ['solved', sql<boolean>`${visible} AND state = 'solved'`],
  ] as const;
  for (const [name, where] of lists) {
    await db.schema
      .createIndex(`threads_${name}`)
      .on('threads')
      .columns(['locale', 'last_post_at', 'id'])
      .where(where)
      .execute();
    await db.schema
      .createIndex(`threads_category_${name}`)
      .on('threads')
      .columns(['locale', 'category_id', 'last_post_at', 'id'])
      .where(where)
      .execute();
  }
  await db.schema
    .createIndex('threads_pinned')
    .on('threads')
    .columns(['locale', 'category_id'])
    .where(sql<boolean>`${visible} AND pinned = 1`)
    .execute();
  await db.schema.createIndex('threads_author').on('threads').columns(['author_id', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('threads_hidden')
    .on('threads')
    .columns(['hidden_at'])
    .where(sql.ref('hidden_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('thread_id', 'integer', (col) => col.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (col) => col.notNull().references('users.id'))
    /** 1 is the question; page = ceil(number / 50). */
    .addColumn('number', 'integer', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    /** Sanitized HTML, rendered once on write. */
    .addColumn('html', 'text', (col) => col.notNull())
    .addColumn('vote_score', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('flag_count', 'integer', (col) => col.notNull().defaultTo(0))
    /** Set while this post is its thread's accepted answer (for the author's profile). */
    .addColumn('accepted_at', 'integer')
    .addColumn('revision_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('edited_at', 'integer')
    .addColumn('edited_by', 'integer', (col) => col.references('users.id'))
    .addColumn('hidden_at', 'integer')
    .addColumn('hidden_by', 'integer', (col) => col.references('users.id'))
    .addColumn('hidden_reason', 'text')
    .addColumn('deleted_at', 'integer')
    .addColumn('deleted_by', 'integer', (col) => col.references('users.id'))
    .addUniqueConstraint('posts_thread_number', ['thread_id', 'number'])
    .execute();
  await db.schema.createIndex('posts_author').on('posts').columns(['author_id', 'created_at']).execute();
  await db.schema
    .createIndex('posts_accepted')
    .on('posts')
    .columns(['author_id', 'accepted_at', 'id'])
    .where(sql.ref('accepted_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('posts_hidden')
    .on('posts')
    .columns(['hidden_at'])
    .where(sql.ref('hidden_at'), 'is not', null)
    .execute();

  /** The text a post had before each edit; revision n is what edit n replaced. */
  await db.schema
    .createTable('post_revisions')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('post_id', 'integer', (col) => col.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    /** The thread title before the edit, when the edit changed it (question posts only). */
    .addColumn('title', 'text')
    .addColumn('edited_by', 'integer', (col) => col.references('users.id'))
    .addColumn('edited_at', 'integer', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addUniqueConstraint('post_revisions_number', ['post_id', 'revision'])
    .execute();

  await db.schema
    .createTable('post_votes')
    .addColumn('post_id', 'integer', (col) => col.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('post_votes_once', ['post_id', 'user_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex('post_votes_user').on('post_votes').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('thread_watches')
    .addColumn('thread_id', 'integer', (col) => col.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('thread_watches_once', ['thread_id', 'user_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex('thread_watches_user').on('thread_watches').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('thread_id', 'integer', (col) => col.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('post_id', 'integer', (col) => col.references('posts.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('read_at', 'integer')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema
    .createIndex('notifications_unread')
    .on('notifications')
    .columns(['user_id', 'thread_id'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();

  /** One row per visit to the question composer: the "already answered?" deflection funnel. */
  await db.schema
    .createTable('composer_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('started_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addColumn('suggestions_shown', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('suggestions_clicked', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_clicked_thread_id', 'integer')
    .addColumn('outcome', 'text', (col) => col.notNull().defaultTo('open'))
    .addColumn('thread_id', 'integer')
    .addColumn('ended_at', 'integer')
    .execute();
  await db.schema
    .createIndex('composer_sessions_locale_started')
    .on('composer_sessions')
    .columns(['locale', 'started_at'])
    .execute();
  await db.schema
    .createIndex('composer_sessions_open')
    .on('composer_sessions')
    .columns(['updated_at'])
    .where(sql.ref('outcome'), '=', 'open')
    .execute();

  /** Who did what, when and why, for every state change. No foreign keys: the record outlives its subject. */
  await db.schema
    .createTable('forum_events')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('thread_id', 'integer')
    .addColumn('post_id', 'integer')
    .addColumn('subject_user_id', 'integer')
    .addColumn('reason', 'text')
    /** JSON: what changed (before/after), when a reason alone does not say. */
    .addColumn('data', 'text')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('forum_events_created').on('forum_events').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('forum_events_thread').on('forum_events').columns(['thread_id', 'id']).execute();
  await db.schema.createIndex('forum_events_actor').on('forum_events').columns(['actor_id', 'id']).execute();

  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // Rows are keyed by post id and hold normalized text only (contentless: excerpts come from
    // posts). The question post also carries the thread title, weighted 4:1 over body text;
    // locale is a column of its own so a query intersects it inside the index (weight 0).
    await sql
      .raw(
        `CREATE VIRTUAL TABLE forum_search USING fts5(title, body, locale, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3')`,
      )
      .execute(db);
    await sql.raw(`INSERT INTO forum_search (forum_search, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.0)')`).execute(db);
  } else {
    // The same normalized text, as one tsvector: the title weighted A, the body D.
    await sql
      .raw(`CREATE TABLE forum_search (post_id bigint PRIMARY KEY, locale text NOT NULL, document tsvector NOT NULL)`)
      .execute(db);
    await sql.raw(`CREATE INDEX forum_search_document ON forum_search USING gin (document)`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP TABLE forum_search').execute(db);
  for (const table of [
    'forum_events',
    'composer_sessions',
    'notifications',
    'thread_watches',
    'post_votes',
    'post_revisions',
    'posts',
    'threads',
    'forum_categories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
