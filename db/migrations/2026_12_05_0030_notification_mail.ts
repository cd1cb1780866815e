// Notifications by e-mail. The post's transaction writes in-app notifications as before; the
// worker of `npm start` later looks at each new notification once (notifications.mail_batch_id,
// NULL until then), and puts those the member wants mailed into a batch: one per member and
// thread (or the member's daily summary) that stays open for a few minutes, so a busy thread
// makes one mail, not one per reply. Preferences are stored only where a member changed a default.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_mail_prefs')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // replyMine | replyWatched | mention | accepted | moderation
    .addColumn('kind', 'text', (col) => col.notNull())
    // immediately | daily | off
    .addColumn('mode', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('notification_mail_prefs_once', ['user_id', 'kind'])
    .modifyEnd(sql`without rowid`)
    .execute();

  await db.schema
    .createTable('notification_mail_batches')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // t:<thread id> | notices (moderation notices about the member, no thread) | daily
    .addColumn('batch_key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'integer', (col) => col.notNull())
    // Open (new notifications join it) until a sender claims it; then closed for good.
    .addColumn('closed_at', 'integer')
    // Open: when its window ends. Closed: when its lease ends or its next attempt is due.
    .addColumn('next_at', 'integer', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('notification_mail_batches_open')
    .on('notification_mail_batches')
    .columns(['user_id', 'batch_key'])
    .unique()
    .where(sql.ref('closed_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('notification_mail_batches_due')
    .on('notification_mail_batches')
    .column('next_at')
    .execute();

  // NULL: not looked at yet; 0: looked at, nothing to mail; otherwise the batch it went into.
  await db.schema.alterTable('notifications').addColumn('mail_batch_id', 'integer').execute();
  // What was there before is not mailed (it is old news, and members never asked for it).
  await db.updateTable('notifications').set({ mail_batch_id: 0 }).execute();
  await db.schema
    .createIndex('notifications_mail_pending')
    .on('notifications')
    .column('id')
    .where(sql.ref('mail_batch_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('notifications_mail_batch')
    .on('notifications')
    .column('mail_batch_id')
    .where(sql.ref('mail_batch_id'), '>', 0)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_mail_batch').execute();
  await db.schema.dropIndex('notifications_mail_pending').execute();
  await db.schema.alterTable('notifications').dropColumn('mail_batch_id').execute();
  await db.schema.dropTable('notification_mail_batches').execute();
  await db.schema.dropTable('notification_mail_prefs').execute();
}
