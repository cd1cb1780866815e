// Frozen in time: never edit a migration that has shipped; add a new one.
// Moderation and anti-spam (issue 7). Discourse's model: every flag, every post held for
// approval and every watched-word hit is one reviewable item with a status; every staff action
// is one row of an append-only audit log written in the transaction of the action.
// - flags: one per member and post (unique), with reason and note;
// - review_items: the queue; at most one pending item per post and kind (partial unique index);
//   claimed_by/claimed_until keep two moderators off the same item;
// - moderation_audit: who, what, on what, when, why; SQLite triggers refuse UPDATE and DELETE;
// - user_sanctions: warnings, silences and suspensions (users.*_until carry the effect);
// - watched_words: per locale, matched on normalize()d text, action block | hold | censor;
// - posts.held_at / threads.held_at: waiting for approval. A held post is also hidden
//   (hidden_at set), so every existing visibility filter (lists, counts, search, JSON-LD) leaves
//   it out without knowing about holds;
// - threads.slow_mode_minutes, threads.duplicate_of;
// - notifications: thread_id becomes optional (a warning is about a user, not a thread) and a
//   notice carries the reason the moderator gave.
// Times are Unix milliseconds.
import { sql, SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  await db.schema.alterTable('posts').addColumn('held_at', 'integer').execute();
  await db.schema.alterTable('threads').addColumn('held_at', 'integer').execute();
  await db.schema
    .alterTable('threads')
    .addColumn('slow_mode_minutes', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('threads').addColumn('duplicate_of', 'integer').execute();
  // Duplicate detection and per-day limits read a user's recent posts in time order.
  await db.schema
    .createIndex('posts_held')
    .on('posts')
    .columns(['author_id', 'held_at'])
    .where(sql.ref('held_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('flags')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('post_id', 'integer', (col) => col.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    /** 1 when the flagger was a moderator or a trusted user at the time. */
    .addColumn('trusted', 'integer', (col) => col.notNull().defaultTo(0))
    /** pending | agreed | dismissed */
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('item_id', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addUniqueConstraint('flags_once', ['post_id', 'user_id'])
    .execute();
  await db.schema.createIndex('flags_user').on('flags').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('flags_item').on('flags').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('review_items')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    /** flag | held | watched_word */
    .addColumn('kind', 'text', (col) => col.notNull())
    /** pending | approved | rejected | dismissed */
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('post_id', 'integer', (col) => col.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('thread_id', 'integer', (col) => col.notNull())
    .addColumn('author_id', 'integer', (col) => col.notNull())
    /** JSON: matched watched words, flag reasons… */
    .addColumn('data', 'text')
    .addColumn('claimed_by', 'integer')
    .addColumn('claimed_until', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addColumn('resolved_at', 'integer')
    .addColumn('resolved_by', 'integer')
    .execute();
  await db.schema
    .createIndex('review_items_pending_post')
    .on('review_items')
    .columns(['post_id', 'kind'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('review_items_status').on('review_items').columns(['status', 'id']).execute();
  await db.schema.createIndex('review_items_kind').on('review_items').columns(['status', 'kind', 'id']).execute();
  await db.schema.createIndex('review_items_author').on('review_items').columns(['author_id', 'id']).execute();

  await db.schema
    .createTable('user_sanctions')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    /** warn | silence | suspend */
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    /** ISO timestamp; null for a warning; far future for "permanently". */
    .addColumn('until', 'text')
    .addColumn('item_id', 'integer')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('user_sanctions_user').on('user_sanctions').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('watched_words')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('locale', 'text', (col) => col.notNull())
    /** As the moderator typed it. */
    .addColumn('word', 'text', (col) => col.notNull())
    /** normalize(locale, word) folded for look-alikes: what matching compares. */
    .addColumn('normalized', 'text', (col) => col.notNull())
    /** block | hold | censor */
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addUniqueConstraint('watched_words_once', ['locale', 'normalized'])
    .execute();

  /** Append-only. No foreign keys: the record outlives what it is about. */
  await db.schema
    .createTable('moderation_audit')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    /** Null when the system acted (flags reached the threshold, automatic promotion). */
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('target_user_id', 'integer')
    .addColumn('thread_id', 'integer')
    .addColumn('post_id', 'integer')
    .addColumn('item_id', 'integer')
    .addColumn('reason', 'text')
    .addColumn('data', 'text')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
  for (const column of ['actor_id', 'action', 'target_user_id', 'item_id']) {
    await db.schema.createIndex(`moderation_audit_${column}`).on('moderation_audit').columns([column, 'id']).execute();
  }
  if (sqlite) {
    await sql
      .raw(
        `CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER moderation_audit_no_delete BEFORE DELETE ON moderation_audit BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `CREATE FUNCTION moderation_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'moderation_audit is append-only'; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER moderation_audit_no_change BEFORE UPDATE OR DELETE ON moderation_audit
         FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER moderation_audit_no_truncate BEFORE TRUNCATE ON moderation_audit
         FOR EACH STATEMENT EXECUTE FUNCTION moderation_audit_append_only()`,
      )
      .execute(db);
  }

  // notifications: thread_id optional, plus the moderator's reason. SQLite cannot drop NOT NULL,
  // so the table is rebuilt with the same rows and indexes.
  if (sqlite) {
    await db.schema
      .createTable('notifications_new')
      .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
      .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('thread_id', 'integer', (col) => col.references('threads.id').onDelete('cascade'))
      .addColumn('post_id', 'integer', (col) => col.references('posts.id').onDelete('cascade'))
      .addColumn('actor_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'integer', (col) => col.notNull())
      .addColumn('read_at', 'integer')
      .addColumn('reason', 'text')
      .execute();
    await sql
      .raw(
        `INSERT INTO notifications_new (id, user_id, kind, thread_id, post_id, actor_id, created_at, read_at) SELECT id, user_id, kind, thread_id, post_id, actor_id, created_at, read_at FROM notifications`,
      )
      .execute(db);
    await db.schema.dropTable('notifications').execute();
    await db.schema.alterTable('notifications_new').renameTo('notifications').execute();
    await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
    await db.schema
      .createIndex('notifications_unread')
      .on('notifications')
      .columns(['user_id', 'thread_id'])
      .where(sql.ref('read_at'), 'is', null)
      .execute();
  } else {
    await db.schema
      .alterTable('notifications')
      .alterColumn('thread_id', (col) => col.dropNotNull())
      .execute();
    await db.schema.alterTable('notifications').addColumn('reason', 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['moderation_audit', 'watched_words', 'user_sanctions', 'review_items', 'flags'])
    await db.schema.dropTable(table).execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter))
    await sql.raw('DROP FUNCTION moderation_audit_append_only').execute(db);
  await db.schema.dropIndex('posts_held').execute();
  for (const column of ['held_at', 'slow_mode_minutes', 'duplicate_of'])
    await db.schema.alterTable('threads').dropColumn(column).execute();
  await db.schema.alterTable('posts').dropColumn('held_at').execute();
}
