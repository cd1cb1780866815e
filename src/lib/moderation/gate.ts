// What every forum write goes through before it is stored (createThread, reply, editPost call
// `screenWrite`): link limit and daily limit for new members, watched words (block refuses,
// censor rewrites, hold queues), duplicate detection, slow mode, and whether a new member's post
// waits for approval. Moderators and admins pass untouched. Silenced/suspended users and locked
// threads are refused earlier by the forum itself (policy.ts writeRestriction, state 'locked').
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { isModerator } from '../forum/policy.ts';
import { refuse, type Refusal } from '../outcome.ts';
import { getSettings } from '../settings.ts';
import { countLinks, isDuplicatePost } from './spam.ts';
import { dailyLimitRefusal, holdsNewPost } from './trust.ts';
import { testText, type WordMatch } from './words.ts';

export type HoldReason = 'newUser' | 'watchedWord';

export interface ScreenedWrite {
  /** The source to store (watched words with the censor action blotted out). */
  source: string;
  /** Why the post waits for approval, or null when it is published at once. */
  hold: HoldReason | null;
  /** Watched words that matched (for the review item). */
  matches: WordMatch[];
}

export interface WriteToScreen {
  kind: 'thread' | 'reply' | 'edit';
  locale: string;
  /** The cleaned Markdown source (policy.cleanBody). */
  source: string;
  /** Title of a new or edited question, screened for watched words too. */
  title?: string | null;
  /** Reply: the thread, for slow mode. */
  thread?: { id: number; slowModeMinutes: number };
  /** Edit: the post being edited (not a duplicate of itself). */
  postId?: number;
}

/** Screens a write; a refusal the writer can act on, or what to store and whether to hold it. */
export async function screenWrite(
  db: Db,
  user: SessionUser,
  write: WriteToScreen,
  now = Date.now(),
): Promise<Refusal | ScreenedWrite> {
  if (isModerator(user)) return { source: write.source, hold: null, matches: [] };
  const settings = await getSettings(db);
  if (user.trustLevel === 0 && countLinks(write.source) > settings['trust.newUserMaxLinks'])
    return refuse('tooManyLinks');

  const screen = await testText(db, write.locale, write.title ? `${write.title}\n${write.source}` : write.source);
  if (screen.action === 'block') return refuse('watchedWord');
  const source = screen.matches.some((m) => m.action === 'censor')
    ? (await testText(db, write.locale, write.source)).censored
    : write.source;

  if (write.kind !== 'edit') {
    if (write.thread && write.thread.slowModeMinutes > 0) {
      const last = await db
        .selectFrom('posts')
        .select('created_at')
        .where('thread_id', '=', write.thread.id)
        .where('author_id', '=', user.id)
        .orderBy('number', 'desc')
        .limit(1)
        .executeTakeFirst();
      const wait = last ? last.created_at + write.thread.slowModeMinutes * 60_000 - now : 0;
      if (wait > 0) return refuse('slowMode', wait);
    }
    const daily = await dailyLimitRefusal(db, user, settings, now);
    if (daily) return daily;
    if (await isDuplicatePost(db, user.id, write.locale, source, settings['spam.duplicateWindowMinutes'] * 60_000, now))
      return refuse('duplicate');
  }
  const hold: HoldReason | null =
    screen.action === 'hold'
      ? 'watchedWord'
      : write.kind !== 'edit' && (await holdsNewPost(db, user, settings))
        ? 'newUser'
        : null;
  return { source, hold, matches: screen.matches };
}

export function isRefusal(value: Refusal | ScreenedWrite): value is Refusal {
  return 'ok' in value && value.ok === false;
}
