// Helpers for the moderators' admin screens (watched words, a user's record): pure shaping of
// what the pages show, and the one read of a user's moderation record. Pages stay
// thin: they read the form, call one of these or a write in this folder, and render.
import type { Db } from '../db/index.ts';
import type { Role } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';
import { timestampMs } from '../forum/policy.ts';
import { listSanctions } from './sanctions.ts';
import type { WordMatch } from './words.ts';

/** A piece of the tested text: plain, or covered by one or more matches (indexes into `matches`). */
export interface TextSegment {
  text: string;
  matches: number[];
}

/**
 * The tested text cut where matches start and end, so a page can wrap matched spans in <mark>
 * (the page escapes every segment). Overlapping matches (a joined Persian affix and its word)
 * make one segment per distinct overlap.
 */
export function highlightSegments(text: string, matches: readonly Pick<WordMatch, 'start' | 'end'>[]): TextSegment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const m of matches) {
    if (m.start >= 0 && m.end <= text.length && m.start < m.end) {
      cuts.add(m.start);
      cuts.add(m.end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covering = matches.flatMap((m, index) =>
      m.start <= start && m.end >= end && m.start < m.end ? [index] : [],
    );
    const last = segments.at(-1);
    // Neighbours with the same coverage are one segment.
    if (last && last.matches.join() === covering.join()) last.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), matches: covering });
  }
  return segments.filter((s) => s.text.length > 0);
}

export interface UserModerationRecord {
  id: number;
  name: string;
  role: Role;
  trustLevel: number;
  joinedAt: string;
  /** Every post written, published or not. */
  posts: number;
  /** Posts waiting for approval, hidden, deleted among them. */
  postsHeld: number;
  postsHidden: number;
  postsDeleted: number;
  flagsReceived: number;
  /** ISO timestamps while in force, else null. */
  silencedUntil: string | null;
  suspendedUntil: string | null;
}

/** What a moderator needs to know about a user, or null when there is no such user. */
export async function userModerationRecord(
  db: Db,
  viewer: SessionUser | null,
  userId: number,
  now = Date.now(),
): Promise<UserModerationRecord | null> {
  requirePermission(viewer, 'moderation');
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'trust_level', 'created_at', 'silenced_until', 'suspended_until'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return null;
  const [posts, flags] = await Promise.all([
    db
      .selectFrom('posts')
      .select((eb) => [
        eb.fn.countAll<number>().as('all'),
        eb.fn.count<number>('held_at').as('held'),
        eb.fn.count<number>('hidden_at').as('hidden'),
        eb.fn.count<number>('deleted_at').as('deleted'),
      ])
      .where('author_id', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('flags')
      .innerJoin('posts', 'posts.id', 'flags.post_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('posts.author_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  const inForce = (until: string | null) => (timestampMs(until) > now ? until : null);
  return {
    id: user.id,
    name: user.display_name,
    role: user.role,
    trustLevel: user.trust_level,
    joinedAt: user.created_at,
    posts: Number(posts.all),
    postsHeld: Number(posts.held),
    postsHidden: Number(posts.hidden),
    postsDeleted: Number(posts.deleted),
    flagsReceived: Number(flags.n),
    silencedUntil: inForce(user.silenced_until),
    suspendedUntil: inForce(user.suspended_until),
  };
}

export type SanctionHistory = Awaited<ReturnType<typeof listSanctions>> & { names: Map<number, string> };

/** One page of a user's sanctions (listSanctions) with the names of the moderators who gave them. */
export async function sanctionHistory(
  db: Db,
  viewer: SessionUser | null,
  userId: number,
  options: { before?: number | undefined; limit?: number },
): Promise<SanctionHistory> {
  const history = await listSanctions(db, viewer, userId, options);
  return {
    ...history,
    names: await userNames(
      db,
      history.sanctions.map((s) => s.by),
    ),
  };
}

/** Display names by user id (who imposed a sanction), for the ids given. */
export async function userNames(db: Db, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** One watched word by id (for the "added" notice after a redirect), or null. */
export async function getWatchedWord(
  db: Db,
  viewer: SessionUser | null,
  id: number,
): Promise<{ id: number; locale: string; word: string } | null> {
  requirePermission(viewer, 'moderation');
  const row = await db
    .selectFrom('watched_words')
    .select(['id', 'locale', 'word'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}
