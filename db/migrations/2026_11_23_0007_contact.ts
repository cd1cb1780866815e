// Frozen in time: never edit a migration that has shipped; add a new one.
// Contact support, the last step of the deflection funnel:
// - contact_flows: one visit to /{locale}/contact/ per visitor (a random first-party id, never
//   an address), how it ended (deflected by an article or a thread, submitted, abandoned);
// - contact_flow_suggestions: which articles and threads a flow was shown, so writers see the
//   subjects of requests grouped by the articles that failed to answer them;
// - contact_requests: what the customer sent, with a human-friendly reference and only the
//   SHA-256 of the receipt token that lets their own browser show the confirmation page;
// - contact_deliveries: the outbox, one row per request and receiver (webhook, support mail,
//   the customer's confirmation mail). A worker claims due rows with a lease (a crash mid-
//   delivery is retried once the lease runs out), marks them delivered in the same step as the
//   receiver's success, and otherwise backs off exponentially until it gives up (failed), when
//   an operator can retry. Times are Unix milliseconds.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_flows')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('visitor', 'text', (col) => col.notNull())
    .addColumn('user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('started_at', 'integer', (col) => col.notNull())
    .addColumn('updated_at', 'integer', (col) => col.notNull())
    // open | deflected | submitted | abandoned
    .addColumn('outcome', 'text', (col) => col.notNull().defaultTo('open'))
    // article | thread, with the article id (<locale>/<category>/<slug>) or the thread id
    .addColumn('deflected_kind', 'text')
    .addColumn('deflected_ref', 'text')
    .addColumn('request_id', 'integer')
    .addColumn('ended_at', 'integer')
    .execute();
  await db.schema.createIndex('contact_flows_started').on('contact_flows').columns(['started_at', 'locale']).execute();
  await db.schema
    .createIndex('contact_flows_visitor')
    .on('contact_flows')
    .columns(['visitor', 'locale', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('contact_flows_open')
    .on('contact_flows')
    .columns(['updated_at'])
    .where(sql.ref('outcome'), '=', 'open')
    .execute();

  await db.schema
    .createTable('contact_flow_suggestions')
    .addColumn('flow_id', 'text', (col) => col.notNull().references('contact_flows.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('ref', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('contact_flow_suggestions_key', ['flow_id', 'kind', 'ref'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema
    .createIndex('contact_flow_suggestions_ref')
    .on('contact_flow_suggestions')
    .columns(['kind', 'ref'])
    .execute();

  await db.schema
    .createTable('contact_requests')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('reference', 'text', (col) => col.notNull().unique())
    .addColumn('receipt_hash', 'text', (col) => col.notNull())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('visitor', 'text', (col) => col.notNull())
    .addColumn('flow_id', 'text', (col) => col.references('contact_flows.id').onDelete('set null'))
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('contact_requests_created')
    .on('contact_requests')
    .columns(['created_at', 'locale'])
    .execute();
  await db.schema.createIndex('contact_requests_flow').on('contact_requests').columns(['flow_id']).execute();

  await db.schema
    .createTable('contact_deliveries')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('request_id', 'integer', (col) => col.notNull().references('contact_requests.id').onDelete('cascade'))
    // webhook | support_mail | confirmation
    .addColumn('receiver', 'text', (col) => col.notNull())
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    // pending | delivering | delivered | failed
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('pending'))
    /** Every attempt ever made. */
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    /** Failures since the last success or operator retry: drives the back-off and the give-up. */
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (col) => col.notNull())
    .addColumn('lease_token', 'text')
    .addColumn('lease_until', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_attempt_at', 'integer')
    .addColumn('delivered_at', 'integer')
    .addColumn('retried_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('retried_at', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .addUniqueConstraint('contact_deliveries_one_per_receiver', ['request_id', 'receiver'])
    .execute();
  // The worker's query: due pending rows and expired leases, oldest first.
  await db.schema
    .createIndex('contact_deliveries_due')
    .on('contact_deliveries')
    .columns(['state', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_deliveries').execute();
  await db.schema.dropTable('contact_requests').execute();
  await db.schema.dropTable('contact_flow_suggestions').execute();
  await db.schema.dropTable('contact_flows').execute();
}
