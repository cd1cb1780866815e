// Frozen in time: never edit a migration that has shipped; add a new one.
// Two-factor sign-in (issue 20): a TOTP secret per account (encrypted; enabled once a code from
// the app confirmed it), single-use recovery codes (only their SHA-256 kept), and the pending
// sign-ins between a correct password and the second factor (Lucia's token design: the id and
// the SHA-256 of a secret, single use, short-lived). Times are Unix milliseconds.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_two_factor')
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    // AES-256-GCM of the secret under an installation key (src/lib/auth/two-factor.ts)
    .addColumn('secret_enc', 'text', (col) => col.notNull())
    // null while enrolment waits for the first code
    .addColumn('enabled_at', 'integer')
    // the last 30-second step a code was accepted for: no step is accepted twice
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('two_factor_recovery_codes')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('used_at', 'integer')
    .addColumn('created_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('two_factor_recovery_codes_user')
    .on('two_factor_recovery_codes')
    .columns(['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('two_factor_challenges')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('expires_at', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('two_factor_challenges_user').on('two_factor_challenges').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('two_factor_challenges').execute();
  await db.schema.dropTable('two_factor_recovery_codes').execute();
  await db.schema.dropTable('user_two_factor').execute();
}
