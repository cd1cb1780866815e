// The forum scene the tests of src/lib/forum share: two categories, an asker, a helper, a stranger
// and a moderator, with moderation's holds and limits off.
import type { SessionUser } from '../../../src/lib/auth/session.ts';
import { usernameFrom } from '../../../src/lib/auth/usernames.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { makeUser, ok, type UserOptions } from '../factories.ts';
import { testDb } from '../helpers.ts';

export const T0 = Date.parse('2026-11-20T10:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A brand-new member (trust level 0, Persian) whose username is made from the name alone, as mentions find it. */
export function member(
  db: Db,
  name: string,
  options: Pick<UserOptions, 'role' | 'trustLevel' | 'suspendedUntil' | 'silencedUntil'> = {},
): Promise<SessionUser> {
  return makeUser(db, name, {
    ...options,
    trustLevel: options.trustLevel ?? 0,
    locale: 'fa',
    username: usernameFrom(name),
    createdAt: 'now',
  });
}

export async function forum(db?: Db) {
  db ??= await testDb();
  // These tests are about the forum itself: moderation's holds for new members, duplicate
  // detection and daily limits are tested in tests/unit/moderation/, so they are off here.
  await setSetting(db, 'trust.holdFirstPosts', 0);
  await setSetting(db, 'spam.duplicateWindowMinutes', 0);
  await setSetting(db, 'trust.newUserPostsPerDay', 10_000);
  const category = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
    position: 1,
  });
  const other = await saveCategory(db, 'system', {
    slug: 'accounts',
    titles: { fa: 'حساب کاربری', en: 'Accounts' },
    position: 2,
  });
  const asker = await member(db, 'سارا');
  const helper = await member(db, 'Dmitry');
  const stranger = await member(db, 'Alex Stone');
  const moderator = await member(db, 'رضا ناظر', { role: 'moderator' });
  return { db, categoryId: category.id, otherCategoryId: other.id, asker, helper, stranger, moderator };
}

export async function ask(
  db: Db,
  user: SessionUser,
  categoryId: number,
  title: string,
  body = 'Some details about the problem.',
  now = T0,
  locale = 'en',
) {
  return ok(await createThread(db, user, { locale, categoryId, title, body }, now));
}
