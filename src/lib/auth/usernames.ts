// Usernames: the unique handle a member is mentioned by (@sara_k, @علی_رضایی), apart from the
// display name, which need not be unique. Rules (Discourse's, with letters of any alphabet):
// 2–24 characters; letters, digits 0–9 and _ . - ; starts and ends with a letter or digit, no two
// symbols in a row, at least one letter; letters from one alphabet only (no Latin next to
// Cyrillic, Greek or Arabic-script letters, the look-alike trick). Persian and Arabic-Indic
// digits become 0–9 and ZWNJ is dropped (invisible, and ignored by the comparison anyway).
// Uniqueness is on the same look-alike skeleton as names (case, Arabic ي/ك = Persian ی/ک, Cyrillic
// а = Latin a): `usernameSkeleton`.
import { nameSkeleton, stripInvisible } from './names.ts';

export const USERNAME_MIN = 2;
export const USERNAME_MAX = 24;

export type UsernameProblem =
  'tooShort' | 'tooLong' | 'characters' | 'edges' | 'symbolRun' | 'noLetters' | 'mixedScripts' | 'taken';

/** Scripts whose letters imitate each other; a username uses at most one of them. */
const CONFUSABLE_SCRIPTS = [
  /\p{Script=Latin}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Armenian}/u,
  /\p{Script=Hebrew}/u,
];
const ALLOWED = /^[\p{L}\p{M}0-9_.-]+$/u;
const EDGE = /^[\p{L}\p{M}0-9]$/u;

/** As typed, made comparable: NFC, no invisible characters or spaces at the ends, ASCII digits. */
export function normalizeUsername(raw: string): string {
  return stripInvisible(raw)
    .replace(/\u200C/g, '')
    .trim()
    .replace(/^@/, '')
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** What is wrong with an (already normalized) username, or undefined when it may be used. */
export function usernameProblem(username: string): Exclude<UsernameProblem, 'taken'> | undefined {
  const chars = [...username];
  if (chars.length < USERNAME_MIN) return 'tooShort';
  if (chars.length > USERNAME_MAX) return 'tooLong';
  if (!ALLOWED.test(username)) return 'characters';
  if (!EDGE.test(chars[0]!) || !EDGE.test(chars.at(-1)!) || /^\p{M}/u.test(username)) return 'edges';
  if (/[_.-]{2}/.test(username)) return 'symbolRun';
  if (!/\p{L}/u.test(username)) return 'noLetters';
  if (CONFUSABLE_SCRIPTS.filter((script) => script.test(username)).length > 1) return 'mixedScripts';
  return undefined;
}

/** The key two usernames share when they look alike; unique among users. */
export function usernameSkeleton(username: string): string {
  return nameSkeleton(username);
}

export function cleanUsername(
  raw: string,
): { username: string; skeleton: string } | { problem: Exclude<UsernameProblem, 'taken'> } {
  const username = normalizeUsername(raw);
  const problem = usernameProblem(username);
  return problem ? { problem } : { username, skeleton: usernameSkeleton(username) };
}

/**
 * A valid username made from a display name or an email's local part: spaces become _, other
 * characters that are not allowed go, letters of a second look-alike alphabet go, cut to fit.
 * `fallback` when nothing usable is left. Not yet unique: see `uniqueUsername`.
 */
export function usernameFrom(text: string, fallback = 'member'): string {
  let candidate = normalizeUsername(text)
    .replace(/\s+/gu, '_')
    .replace(/[^\p{L}\p{M}0-9_.-]/gu, '');
  const first = CONFUSABLE_SCRIPTS.find((script) => script.test(candidate));
  if (first) {
    for (const script of CONFUSABLE_SCRIPTS) {
      if (script !== first) candidate = candidate.replace(new RegExp(script.source, 'gu'), '');
    }
  }
  const tidy = (s: string) => s.replace(/([_.-])[_.-]+/g, '$1').replace(/^[^\p{L}0-9]+|[_.-]+$/gu, '');
  candidate = tidy(candidate);
  candidate = tidy([...candidate].slice(0, USERNAME_MAX).join(''));
  return usernameProblem(candidate) ? fallback : candidate;
}

/**
 * `base`, or base2, base3, … (cut so the digits fit), the first whose skeleton `taken` does not
 * hold. `taken` looks skeletons up (the database, or a set while migrating).
 */
export async function uniqueUsername(
  base: string,
  taken: (skeleton: string) => boolean | Promise<boolean>,
): Promise<{ username: string; skeleton: string }> {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : String(n);
    const stem = [...base]
      .slice(0, USERNAME_MAX - suffix.length)
      .join('')
      .replace(/[_.-]+$/, '');
    const username = stem + suffix;
    const skeleton = usernameSkeleton(username);
    if (!(await taken(skeleton))) return { username, skeleton };
  }
}
