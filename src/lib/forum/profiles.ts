// A member's public forum profile: the questions they asked and the answers of theirs that were
// accepted, newest first, each list paged by keyset. Hidden and deleted threads are left out.
// An account with no visible post has no public profile (null): its name and joined date are
// not published, and walking the ids does not list every account. Its owner and moderators
// still see it.
import { locales, type Locale, type useTranslations } from '../../i18n/index.ts';
import { can } from '../auth/authorize.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Db } from '../db/index.ts';
import { communityCrumbs } from './crumbs.ts';
import { profilePath } from './mentions.ts';
import { isModerator, timestampMs } from './policy.ts';
import { threadSummaries, type ThreadSummary } from './threads.ts';

export interface AcceptedAnswer {
  postId: number;
  number: number;
  acceptedAt: number;
  thread: ThreadSummary;
}

export interface UserProfile {
  user: { id: number; name: string; username: string; joinedAt: string };
  threads: ThreadSummary[];
  /** Pass as `threadsBefore` for the next page. */
  nextThreads: string | null;
  acceptedAnswers: AcceptedAnswer[];
  /** Pass as `answersBefore` for the next page. */
  nextAnswers: string | null;
}

const cursorOf = (at: number, id: number) => `${at}.${id}`;
function parseCursor(cursor: string | null | undefined): [number, number] | null {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor ?? '');
  return match ? [Number(match[1]), Number(match[2])] : null;
}

export async function userProfile(
  db: Db,
  userId: number,
  options: { threadsBefore?: string | null; answersBefore?: string | null; limit?: number } = {},
  viewer: SessionUser | null = null,
): Promise<UserProfile | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'username', 'created_at'])
    .where('id', '=', userId)
    // A deleted member has no profile, for anyone: their kept posts link nowhere.
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) return null;
  if (viewer?.id !== userId && !isModerator(viewer)) {
    // Held posts are hidden too (hidden_at), so a post waiting for approval does not count.
    const visiblePost = await db
      .selectFrom('posts')
      .innerJoin('threads', 'threads.id', 'posts.thread_id')
      .select('posts.id')
      .where('posts.author_id', '=', userId)
      .where('posts.hidden_at', 'is', null)
      .where('posts.deleted_at', 'is', null)
      .where('threads.hidden_at', 'is', null)
      .where('threads.deleted_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (!visiblePost) return null;
  }
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 50);

  let threadQuery = db
    .selectFrom('threads')
    .select(['id', 'created_at'])
    .where('author_id', '=', userId)
    .where('hidden_at', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  const threadCursor = parseCursor(options.threadsBefore);
  if (threadCursor)
    threadQuery = threadQuery.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(threadCursor[0], threadCursor[1])),
    );
  const threadRows = await threadQuery.execute();

  let answerQuery = db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select(['posts.id', 'posts.number', 'posts.accepted_at', 'posts.thread_id'])
    .where('posts.author_id', '=', userId)
    .where('posts.accepted_at', 'is not', null)
    .where('threads.hidden_at', 'is', null)
    .where('threads.deleted_at', 'is', null)
    .orderBy('posts.accepted_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit + 1);
  const answerCursor = parseCursor(options.answersBefore);
  if (answerCursor)
    answerQuery = answerQuery.where((eb) =>
      eb(eb.refTuple('posts.accepted_at', 'posts.id'), '<', eb.tuple(answerCursor[0], answerCursor[1])),
    );
  const answerRows = await answerQuery.execute();

  const shownThreads = threadRows.slice(0, limit);
  const shownAnswers = answerRows.slice(0, limit);
  const summaries = new Map(
    (await threadSummaries(db, [...shownThreads.map((t) => t.id), ...shownAnswers.map((a) => a.thread_id)])).map(
      (t) => [t.id, t],
    ),
  );
  const lastThread = shownThreads.at(-1);
  const lastAnswer = shownAnswers.at(-1);
  return {
    user: { id: user.id, name: user.display_name, username: user.username, joinedAt: user.created_at },
    threads: shownThreads.flatMap((t) => summaries.get(t.id) ?? []),
    nextThreads: threadRows.length > limit && lastThread ? cursorOf(lastThread.created_at, lastThread.id) : null,
    acceptedAnswers: shownAnswers.flatMap((a) => {
      const thread = summaries.get(a.thread_id);
      return thread ? [{ postId: a.id, number: a.number, acceptedAt: a.accepted_at!, thread }] : [];
    }),
    nextAnswers: answerRows.length > limit && lastAnswer ? cursorOf(lastAnswer.accepted_at!, lastAnswer.id) : null,
  };
}

/**
 * The profile page of `/u/<id>/` for this viewer: the profile with its own paged cursors, its
 * address in every locale and its breadcrumbs. Null (the page answers 404) for an id that is not
 * plain digits or an account without a public profile.
 */
export async function profilePage(
  db: Db,
  viewer: SessionUser | null,
  request: { id: string | undefined; threadsBefore: string | null; answersBefore: string | null },
  options: { locale: Locale; site: URL; t: ReturnType<typeof useTranslations>['t'] },
) {
  if (!/^\d{1,15}$/.test(request.id ?? '')) return null;
  const { threadsBefore, answersBefore } = request;
  const profile = await userProfile(db, Number(request.id), { threadsBefore, answersBefore }, viewer);
  if (!profile) return null;
  const { user } = profile;
  const path = profilePath(options.locale, user.id);
  return {
    profile,
    user,
    path,
    joined: timestampMs(user.joinedAt),
    crumbs: communityCrumbs(options.t, options.locale, options.site, [{ name: user.name, path }]),
    alternates: Object.fromEntries(locales.map((l) => [l, profilePath(l, user.id)])),
    // The link to the moderation record is for signed-in moderators only. Readers without a session
    // may be served a shared cached copy of this page, which therefore must never contain it.
    canModerate: can(viewer, 'moderation'),
  };
}
