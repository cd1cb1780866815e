// What a lib command answers: `{ ok: true, … }`, or a refusal the caller can act on
// (`{ ok: false, problem }`, with `retryAfterMs` when waiting helps). Authorization failures are
// not refusals: they throw AuthorizationError. Forum problems are what any writer may meet;
// moderation's own problems are only met by staff (the review queue, a user's record), so forum
// code and the forum's actions never have to answer them.

export type ForumProblem =
  | 'notFound'
  | 'locked'
  | 'suspended'
  | 'silenced'
  | 'rateLimited'
  | 'titleLength'
  | 'bodyLength'
  | 'invalidLocale'
  | 'invalidCategory'
  | 'ownPost'
  | 'notAReply'
  | 'hasReplies'
  // Moderation and anti-spam as writers meet them (issue 7)
  /** The text contains a blocked watched word. */
  | 'watchedWord'
  /** A new (trust level 0) member put more links in one post than allowed. */
  | 'tooManyLinks'
  /** The thread is in slow mode and this user posted in it too recently (retryAfterMs). */
  | 'slowMode'
  /** The same text was posted by this user a moment ago. */
  | 'duplicate'
  /** The form looked automated (honeypot filled, sent too fast, forged stamp). */
  | 'spam'
  /** A new member reached the posts-per-day limit (retryAfterMs). */
  | 'dailyLimit'
  /** Edits have their own, much higher hourly limit (retryAfterMs); never worded as "too fast". */
  | 'editLimit'
  | 'alreadyFlagged'
  | 'flagOwnPost'
  /** A flag sent without a reason chosen (the form preselects none). */
  | 'flagReason'
  /** A value outside what the action accepts (flag reason, duration, level…). */
  | 'invalidInput';

export type ModerationProblem =
  /** Another moderator holds this review item (claim not expired). */
  | 'claimed'
  /** The review item was already resolved. */
  | 'notPending'
  /** Sanctions and moderators' edits need a reason the user will see. */
  | 'reasonRequired'
  /** Staff do not change their own or another staff member's account (trust level, sanctions). */
  | 'staffAccount';

export type Problem = ForumProblem | ModerationProblem;

export type Refusal<P extends Problem = ForumProblem> = { ok: false; problem: P; retryAfterMs?: number };
export type Outcome<T extends object = object, P extends Problem = ForumProblem> = ({ ok: true } & T) | Refusal<P>;
/** What a staff command answers: any forum problem, or one of moderation's own. */
export type ModerationOutcome<T extends object = object> = Outcome<T, Problem>;

export function refuse<P extends Problem>(problem: P, retryAfterMs?: number): Refusal<P> {
  return retryAfterMs === undefined ? { ok: false, problem } : { ok: false, problem, retryAfterMs };
}
