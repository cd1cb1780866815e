// One-click unsubscribe (RFC 8058) from notification mail. Each mail's List-Unsubscribe link
// carries a token naming the member and the kinds of notification that mail was about, signed
// with an installation key (HMAC-SHA256). The token is the whole authorization: a mail client
// posts it without a session or a CSRF token, so it is bound to the account it was made for (its
// id and creation time: a new account that ever got the same id would not match) and names only
// kinds to turn off. It does not expire: an old mail's link must still work, and all it can do
// is stop that member's mail of those kinds. The weekly digest (src/lib/digest/) uses the same
// tokens with the kind `digest`, which turns the digest off.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isLocale, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import type { MailKind } from '../db/schema.ts';
import { installationSecret } from '../settings.ts';
import { digestEnabled, setDigest } from '../digest/preference.ts';
import { isMailKind, mailPrefs, setMailPrefs, type MailPrefs } from './preferences.ts';

/** What a token can turn off: a kind of notification mail, or the weekly digest. */
export type UnsubscribeKind = MailKind | 'digest';
const isUnsubscribeKind = (value: string): value is UnsubscribeKind => value === 'digest' || isMailKind(value);

const mac = (key: string, userId: number, createdAt: string, kinds: string) =>
  createHmac('sha256', key).update(`unsubscribe:${userId}:${createdAt}:${kinds}`).digest('base64url');

const TOKEN = /^(\d{1,15})\.([a-zA-Z]+(?:_[a-zA-Z]+){0,4})\.([A-Za-z0-9_-]{43})$/;

/** The token of a mail to `userId` about `kinds`. */
export async function unsubscribeToken(db: Db, userId: number, kinds: readonly UnsubscribeKind[]): Promise<string> {
  const user = await db.selectFrom('users').select('created_at').where('id', '=', userId).executeTakeFirstOrThrow();
  const list = [...new Set(kinds)].sort().join('_');
  return `${userId}.${list}.${mac(await installationSecret(db, 'secret.unsubscribe_key'), userId, user.created_at, list)}`;
}

export interface UnsubscribeTarget {
  userId: number;
  kinds: UnsubscribeKind[];
  locale: Locale;
  /** The member's preferences now. */
  prefs: MailPrefs;
  /** Whether the weekly digest is on now. */
  digest: boolean;
}

/** Whether the mail of `kind` is already off for the token's member. */
export function isUnsubscribed(target: UnsubscribeTarget, kind: UnsubscribeKind): boolean {
  return kind === 'digest' ? !target.digest : target.prefs[kind] === 'off';
}

/** Whom and what a token names, when it is ours, whole and its account still exists; otherwise null. */
export async function readUnsubscribeToken(
  db: Db,
  token: string | null | undefined,
): Promise<UnsubscribeTarget | null> {
  const match = TOKEN.exec(token ?? '');
  if (!match) return null;
  const userId = Number(match[1]);
  const kinds = match[2]!.split('_');
  if (!kinds.every(isUnsubscribeKind)) return null;
  const user = await db
    .selectFrom('users')
    .select(['created_at', 'locale'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return null;
  const expected = Buffer.from(
    mac(await installationSecret(db, 'secret.unsubscribe_key'), userId, user.created_at, match[2]!),
  );
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return {
    userId,
    kinds,
    locale: isLocale(user.locale) ? user.locale : 'en',
    prefs: await mailPrefs(db, userId),
    digest: await digestEnabled(db, userId),
  };
}

/** Turns off the kinds the token names; null when the token is not valid. Doing it twice is harmless. */
export async function unsubscribe(db: Db, token: string | null | undefined, now = Date.now()) {
  const target = await readUnsubscribeToken(db, token);
  if (!target) return null;
  const off: Partial<MailPrefs> = {};
  for (const kind of target.kinds) if (kind !== 'digest') off[kind] = 'off';
  await setMailPrefs(db, target.userId, off, now);
  if (target.kinds.includes('digest')) await setDigest(db, target.userId, false);
  return { ...target, prefs: await mailPrefs(db, target.userId), digest: await digestEnabled(db, target.userId) };
}
