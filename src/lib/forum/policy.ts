// The forum's rules in one place: who may write, how much, how long a title or post may be.
// Authorization failures (nobody signed in, not your post, not a moderator) throw
// AuthorizationError like every other lib/ check; refusals a writer can act on (too long, too
// fast, silenced, thread locked) come back as `{ ok: false, problem }` (../outcome.ts).
import type { Db } from '../db/index.ts';
import { can, requirePermission } from '../auth/authorize.ts';
import type { SessionUser } from '../auth/session.ts';
import { graphemeCount, stripInvisible } from '../auth/names.ts';
import { cleanUserText } from '../text.ts';
import { hitRateLimit, type Limit } from '../rate-limit.ts';
import { refuse, type Refusal } from '../outcome.ts';

export const TITLE_MIN = 10;
export const TITLE_MAX = 150;
export const BODY_MIN = 2;
/** Long enough for a log excerpt or a table, short enough to render and index in a few ms. */
export const BODY_MAX = 20_000;
export const REASON_MAX = 500;

export function isModerator(user: SessionUser | null | undefined): boolean {
  return can(user, 'moderation');
}

/** A signed-in user or AuthorizationError(401). */
export function requireMember(user: SessionUser | null | undefined): SessionUser {
  return requirePermission(user, 'account');
}

/** users.*_until are ISO timestamps; SQLite's CURRENT_TIMESTAMP form (no zone) is UTC too. */
export function timestampMs(text: string | null): number {
  if (!text) return Number.NaN;
  return Date.parse(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text);
}

/** Why this user may not write right now, if they may not. Staff are never restricted here. */
export function postingRestriction(user: SessionUser, now = Date.now()): 'suspended' | 'silenced' | null {
  if (timestampMs(user.suspendedUntil) > now) return 'suspended';
  if (timestampMs(user.silencedUntil) > now) return 'silenced';
  return null;
}

export type ForumWrite = 'thread' | 'reply' | 'edit' | 'vote';

const HOUR = 60 * 60 * 1000;
/**
 * Per user and hour. Trust level 0 is every new account: enough to ask a few questions and take
 * part in a conversation, too little to flood the forum before a moderator notices. Trust level
 * 1 and up (granted later by activity or by staff) get four to five times more. Moderators and
 * admins are not limited. Numbers are a starting point; watch the refusals and tune.
 * Editing one's own posts is what careful writers do (a typo, a missing detail, a screenshot
 * link), so its limit is far above anything a person reaches: it only stops a script that
 * rewrites posts in a loop (each edit keeps a revision and may notify newly mentioned members).
 */
export const FORUM_RATE_LIMITS: Record<ForumWrite, { newUser: Limit; member: Limit }> = {
  thread: { newUser: { max: 5, windowMs: HOUR }, member: { max: 20, windowMs: HOUR } },
  reply: { newUser: { max: 30, windowMs: HOUR }, member: { max: 120, windowMs: HOUR } },
  edit: { newUser: { max: 200, windowMs: HOUR }, member: { max: 600, windowMs: HOUR } },
  vote: { newUser: { max: 60, windowMs: HOUR }, member: { max: 300, windowMs: HOUR } },
};

/** Counts one write against the user's limit; a refusal when it is over. */
export async function spendRateLimit(
  db: Db,
  user: SessionUser,
  write: ForumWrite,
  now = Date.now(),
): Promise<Refusal | null> {
  if (isModerator(user)) return null;
  const limits = FORUM_RATE_LIMITS[write];
  const limit = user.trustLevel > 0 ? limits.member : limits.newUser;
  const hit = await hitRateLimit(db, `forum:${write}:user:${user.id}`, limit, now);
  return hit.allowed ? null : refuse('rateLimited', hit.retryAfterMs);
}

/** Checks everything a write needs before it spends a rate-limit hit. */
export function writeRestriction(user: SessionUser, now = Date.now()): Refusal | null {
  if (isModerator(user)) return null;
  const restriction = postingRestriction(user, now);
  return restriction ? refuse(restriction) : null;
}

/** A title as stored: NFC, no bidi controls or invisible characters, single spaces. */
export function cleanTitle(raw: string): string | null {
  const title = stripInvisible(raw).replace(/\s+/gu, ' ').trim();
  const length = graphemeCount(title);
  return length >= TITLE_MIN && length <= TITLE_MAX ? title : null;
}

/** A post body as stored: `cleanUserText` (NFC, no bidi controls), trailing white space trimmed; null when empty or too long. */
export function cleanBody(raw: string): string | null {
  const body = cleanUserText(raw).trimEnd().replace(/^\n+/, '');
  if (body.length > BODY_MAX * 4) return null; // cheap bound before counting graphemes
  const length = graphemeCount(body.trim());
  return length >= BODY_MIN && length <= BODY_MAX ? body : null;
}

/** A moderator's reason, trimmed and bounded; null when none was given. */
export function cleanReason(raw: string | null | undefined): string | null {
  const reason = stripInvisible(raw ?? '')
    .replace(/\s+/gu, ' ')
    .trim();
  return reason ? [...reason].slice(0, REASON_MAX).join('') : null;
}
