// Usernames apart from display names. Until now the display name was unique (by its look-alike
// skeleton) and mentions found members by it; now a member has a unique username to be
// mentioned by, and a display name that two people may share (a second «علی رضایی» can join).
// SQLite cannot drop a column's UNIQUE constraint without rebuilding the table (which, with the
// foreign keys pointing at users, would cascade-delete sessions and posts), so the unique column
// is renamed instead: name_skeleton becomes username_skeleton, keeping its NOT NULL UNIQUE, and
// a new, non-unique name_skeleton (indexed, for finding members by name) takes the old name.
// Each existing member gets a username made from their display name (spaces become _, other
// characters that usernames do not allow go, letters of a second look-alike alphabet go,
// "member" when nothing is left); a username already taken gets 2, 3, … added. Frozen in time:
// the rules are spelled out here as they were on 2026-12-05 (src/lib/auth/usernames.ts).
import { sql, type Kysely } from 'kysely';
import unhomoglyph from 'unhomoglyph';

const MIN = 2;
const MAX = 24;
const SCRIPTS = [
  /\p{Script=Latin}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Armenian}/u,
  /\p{Script=Hebrew}/u,
];
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

const skeleton = (text: string) =>
  unhomoglyph(
    text
      .normalize('NFD')
      .toLowerCase()
      .replace(/\u200C/g, ''),
  ).normalize('NFC');

function valid(username: string): boolean {
  const chars = [...username];
  return (
    chars.length >= MIN &&
    chars.length <= MAX &&
    /^[\p{L}0-9][\p{L}\p{M}0-9_.-]*$/u.test(username) &&
    /[\p{L}\p{M}0-9]$/u.test(username) &&
    !/[_.-]{2}/.test(username) &&
    /\p{L}/u.test(username) &&
    SCRIPTS.filter((script) => script.test(username)).length <= 1
  );
}

function derive(name: string): string {
  let candidate = name
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .trim()
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\s+/gu, '_')
    .replace(/[^\p{L}\p{M}0-9_.-]/gu, '');
  const first = SCRIPTS.find((script) => script.test(candidate));
  for (const script of SCRIPTS)
    if (first && script !== first) candidate = candidate.replace(new RegExp(script.source, 'gu'), '');
  const tidy = (s: string) => s.replace(/([_.-])[_.-]+/g, '$1').replace(/^[^\p{L}0-9]+|[_.-]+$/gu, '');
  candidate = tidy(candidate);
  candidate = tidy([...candidate].slice(0, MAX).join(''));
  return valid(candidate) ? candidate : 'member';
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users RENAME COLUMN name_skeleton TO username_skeleton`.execute(db);
  await db.schema
    .alterTable('users')
    .addColumn('username', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('name_skeleton', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('users_name_skeleton').on('users').column('name_skeleton').execute();

  // Out of the way first ('#' is in no username), so no row meets another's old value midway.
  await sql`UPDATE users SET username_skeleton = '#' || id`.execute(db);
  const users = await db.selectFrom('users').select(['id', 'display_name']).orderBy('id').execute();
  const taken = new Set<string>();
  for (const user of users) {
    const base = derive(user.display_name);
    let username = base;
    for (let n = 2; taken.has(skeleton(username)); n++) {
      const suffix = String(n);
      username =
        [...base]
          .slice(0, MAX - suffix.length)
          .join('')
          .replace(/[_.-]+$/, '') + suffix;
    }
    taken.add(skeleton(username));
    await db
      .updateTable('users')
      .set({ username, username_skeleton: skeleton(username), name_skeleton: skeleton(user.display_name) })
      .where('id', '=', user.id)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Display names were unique before: two members sharing one cannot go back.
  const shared = await db
    .selectFrom('users')
    .select('name_skeleton')
    .groupBy('name_skeleton')
    .having(sql`count(*)`, '>', 1)
    .executeTakeFirst();
  if (shared) throw new Error('Two members share a display name; rename one before migrating down past usernames');
  await db.schema.dropIndex('users_name_skeleton').execute();
  await sql`UPDATE users SET username_skeleton = '#' || id`.execute(db);
  await sql`UPDATE users SET username_skeleton = name_skeleton`.execute(db);
  await db.schema.alterTable('users').dropColumn('name_skeleton').execute();
  await db.schema.alterTable('users').dropColumn('username').execute();
  await sql`ALTER TABLE users RENAME COLUMN username_skeleton TO name_skeleton`.execute(db);
}
