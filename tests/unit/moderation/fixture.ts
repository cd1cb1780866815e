// The moderation scene the tests of src/lib/moderation share: a thread with an answer and a spam
// reply, members, a trusted member, two moderators and an admin.
import { readFileSync } from 'node:fs';
import type { SessionUser } from '../../../src/lib/auth/session.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { makeUser, ok } from '../factories.ts';
import { testDb } from '../helpers.ts';

export const T0 = Date.parse('2026-11-20T10:00:00Z');
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
export const blns = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8')) as string[];

export const person = makeUser;

/** The user as the next request's session would see them. */
export async function reload(db: Db, user: SessionUser): Promise<SessionUser> {
  const row = await db
    .selectFrom('users')
    .select(['trust_level', 'suspended_until', 'silenced_until'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  return {
    ...user,
    trustLevel: row.trust_level,
    suspendedUntil: row.suspended_until,
    silencedUntil: row.silenced_until,
  };
}

export async function setup() {
  const db = await testDb();
  const { id: categoryId } = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
  });
  const { id: otherCategoryId } = await saveCategory(db, 'system', {
    slug: 'accounts',
    titles: { fa: 'حساب', ru: 'Аккаунт', en: 'Accounts' },
  });
  const author = await person(db, 'Author');
  const members = [await person(db, 'Ann'), await person(db, 'Ben'), await person(db, 'Cai')];
  const trusted = await person(db, 'Tess', { trustLevel: 3 });
  const moderator = await person(db, 'Mod One', { role: 'moderator' });
  const moderator2 = await person(db, 'Mod Two', { role: 'moderator' });
  const admin = await person(db, 'Admin', { role: 'admin' });
  const thread = ok(
    await createThread(
      db,
      author,
      {
        locale: 'en',
        categoryId,
        title: 'Refund for a cancelled order',
        body: 'I cancelled order 42, where is my refund?',
      },
      T0,
    ),
  );
  const answer = ok(
    await reply(db, members[0]!, thread.threadId, 'Refunds take five working days to arrive.', T0 + MINUTE),
  );
  const spam = ok(await reply(db, author, thread.threadId, 'Buy cheap watches at my shop today', T0 + 2 * MINUTE));
  return {
    db,
    categoryId,
    otherCategoryId,
    author,
    members,
    trusted,
    moderator,
    moderator2,
    admin,
    thread,
    answer,
    spam,
  };
}

export async function auditRows(db: Db) {
  return db.selectFrom('moderation_audit').selectAll().orderBy('id').execute();
}
