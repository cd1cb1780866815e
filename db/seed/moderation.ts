// Demo moderation data, so the review queue, the watched-words screen and the audit log have
// something to show: watched words in every locale, a spam question hidden by three members'
// flags, a new member's question waiting for approval, and a watched-word hit held for review.
// Everything it adds is invisible to readers (hidden or held), so public pages look the same.
// Idempotent: it does nothing once the watched words exist.
import type { Db } from '../../src/lib/db/index.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { randomToken } from '../../src/lib/auth/crypto.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { flagPost } from '../../src/lib/moderation/flags.ts';
import { addWatchedWord } from '../../src/lib/moderation/words.ts';

const HOUR = 60 * 60 * 1000;

const watchedWords = [
  { locale: 'fa', word: 'کلاهبردار', action: 'hold' },
  { locale: 'fa', word: 'قمار*', action: 'block' },
  { locale: 'ru', word: 'казино', action: 'block' },
  { locale: 'ru', word: 'мошенник', action: 'hold' },
  { locale: 'ru', word: 'блин', action: 'censor' },
  { locale: 'en', word: 'casino', action: 'block' },
  { locale: 'en', word: 'crypto*', action: 'hold' },
  { locale: 'en', word: 'damn', action: 'censor' },
] as const;

async function sessionUser(db: Db, email: string): Promise<SessionUser | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    emailVerified: true,
    displayName: row.display_name,
    role: row.role,
    trustLevel: row.trust_level,
    locale: row.locale,
    suspendedUntil: row.suspended_until,
    silencedUntil: row.silenced_until,
  };
}

export async function seedModeration(db: Db, now = Date.now()): Promise<{ seeded: boolean }> {
  if (await db.selectFrom('watched_words').select('id').limit(1).executeTakeFirst()) return { seeded: false };
  const moderator = await sessionUser(db, 'moderator@pasokh.example');
  const category = await db.selectFrom('forum_categories').select('id').orderBy('position').limit(1).executeTakeFirst();
  if (!moderator || !category) return { seeded: false };
  for (const word of watchedWords) await addWatchedWord(db, moderator, word, now - 5 * HOUR);

  const forumMember = (handle: string) => sessionUser(db, `${handle}@forum.pasokh.example`);
  const [emma, tom, olga, igor] = await Promise.all(['emma', 'tom', 'olga', 'igor'].map(forumMember));

  // A new member (trust level 0): their first question waits for approval.
  await createOrPromoteUser(db, {
    email: 'newcomer@forum.pasokh.example',
    role: 'member',
    name: 'Newcomer Nick',
    password: randomToken(),
    locale: 'en',
  });
  const newcomer = await sessionUser(db, 'newcomer@forum.pasokh.example');
  if (newcomer) {
    await createThread(
      db,
      newcomer,
      {
        locale: 'en',
        categoryId: category.id,
        title: 'Can I get an invoice with my company name?',
        body: 'I bought a yearly plan yesterday and need an invoice for my company.',
      },
      now - 4 * HOUR,
    );
  }

  // A spam question, flagged by three members: hidden at the third flag, waiting for review.
  if (emma && tom && olga && igor) {
    const spam = await createThread(
      db,
      igor,
      {
        locale: 'en',
        categoryId: category.id,
        title: 'Cheap followers and likes, fast delivery',
        body: 'Best prices for followers, write to me on the messenger for a discount.',
      },
      now - 3 * HOUR,
    );
    if (spam.ok) {
      await flagPost(
        db,
        emma,
        spam.postId,
        { reason: 'spam', note: 'Advertising, nothing to do with support.' },
        now - 2 * HOUR,
      );
      await flagPost(db, tom, spam.postId, { reason: 'spam' }, now - 2 * HOUR + 60_000);
      await flagPost(db, olga, spam.postId, { reason: 'offTopic', note: 'Не по теме.' }, now - HOUR);
    }
    // A watched-word hit: held for review because of "crypto*".
    await createThread(
      db,
      tom,
      {
        locale: 'en',
        categoryId: category.id,
        title: 'Do you accept cryptocurrency payments?',
        body: 'I would like to pay for the yearly plan with crypto. Is that possible?',
      },
      now - 30 * 60_000,
    );
  }
  return { seeded: true };
}
