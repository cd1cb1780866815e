// Frozen in time: never edit a migration that has shipped; add a new one.
// Account deletion (issue 20). A member who deletes their account keeps their users row as a
// tombstone: posts, votes and the moderation record point at it by id, and its username_skeleton
// stays so nobody can sign up as a look-alike of the departed member. deleted_at says the row is
// a tombstone (its e-mail, names and password are erased); posts by it show "deleted member".
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deleted_at', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
}
