// Frozen in time: never edit a migration that has shipped; add a new one.
// Notification fan-out in the background (issue 20). A reply's transaction no longer writes one
// notification per watcher (10,000 watchers made the reply 14× slower): it writes one row here,
// and the worker of `npm start` expands it into the watchers' notifications and deletes it, in
// one transaction (src/lib/forum/fanout.ts). The row being in the reply's transaction is what
// keeps a notification from being lost; the delete in the expansion's, from being made twice.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_fanouts')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('thread_id', 'integer', (col) => col.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('post_id', 'integer', (col) => col.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // A JSON array of the user ids told already in the reply's transaction (those it @mentions).
    .addColumn('skip_user_ids', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_fanouts').execute();
}
