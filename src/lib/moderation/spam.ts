// Spam defences any write form can use: a honeypot field, a minimum time to submit (the form
// carries a stamp signed with a per-installation key, so a bot cannot forge an old one), rate
// limits per client address (keyed hash only, like sign-in throttling), duplicate-post detection
// and link counting. One helper for every form: `issueFormStamp` when rendering,
// `checkFormSubmission` when receiving.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { addressKey } from '../auth/address.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { getSettings, installationSecret } from '../settings.ts';
import { normalize } from '../search/normalize.ts';
import { refuse, type Refusal } from '../outcome.ts';

/** Name of the hidden field people never fill in (the feedback forms use the same). */
export const HONEYPOT_FIELD = 'website';
/** Name of the hidden field holding the signed time the form was shown. */
export const STAMP_FIELD = 'form_stamp';
/**
 * A form older than this is refused too: a stamp a bot fetched once is good for hours, not a
 * day. Pages open longer keep a fresh stamp (SpamFields asks /api/form-stamp/ for a new one
 * once theirs is STAMP_REFRESH_AFTER_MS old); without script a refused form comes back with a
 * fresh stamp and the text kept.
 */
export const STAMP_MAX_AGE_MS = 4 * 60 * 60 * 1000;
export const STAMP_REFRESH_AFTER_MS = 60 * 60 * 1000;

const formSecret = (db: Db) => installationSecret(db, 'secret.form_key');

const sign = (key: string, at: number) =>
  createHmac('sha256', key).update(`form:${at}`).digest('base64url').slice(0, 22);

/** The value of the form's STAMP_FIELD: when it was shown, signed. */
export async function issueFormStamp(db: Db, now = Date.now()): Promise<string> {
  return `${now}.${sign(await formSecret(db), now)}`;
}

export type SpamVerdict = 'honeypot' | 'badStamp' | 'tooFast' | 'expired';

/**
 * Why a submission looks automated, or null. `fields` are the submitted form values. `timing`
 * false skips the minimum and maximum age of the stamp (honeypot and signature still count): an
 * author fixing a typo in their own post a second after opening the editor is not a bot.
 */
export async function checkFormSubmission(
  db: Db,
  fields: Record<string, string | null | undefined>,
  now = Date.now(),
  options: { timing?: boolean } = {},
): Promise<SpamVerdict | null> {
  if ((fields[HONEYPOT_FIELD] ?? '').trim() !== '') return 'honeypot';
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{22})$/.exec(fields[STAMP_FIELD] ?? '');
  if (!match) return 'badStamp';
  const at = Number(match[1]);
  const expected = Buffer.from(sign(await formSecret(db), at));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'badStamp';
  if (options.timing === false) return null;
  const { 'spam.minSubmitSeconds': minSeconds } = await getSettings(db);
  if (now - at < minSeconds * 1000) return 'tooFast';
  if (now - at > STAMP_MAX_AGE_MS) return 'expired';
  return null;
}

/** The same check as a forum refusal (`spam`), for actions that answer with a ForumProblem. */
export async function formRefusal(
  db: Db,
  fields: Record<string, string | null | undefined>,
  now = Date.now(),
  options: { timing?: boolean } = {},
): Promise<Refusal | null> {
  return (await checkFormSubmission(db, fields, now, options)) ? refuse('spam') : null;
}

/** Counts one write from this client address; a refusal when the address is over its hourly limit. */
export async function spendAddressLimit(
  db: Db,
  address: string,
  scope: string,
  now = Date.now(),
): Promise<Refusal | null> {
  const { 'spam.writesPerAddressPerHour': max } = await getSettings(db);
  const hit = await hitRateLimit(
    db,
    `${scope}:address:${await addressKey(db, address)}`,
    { max, windowMs: 60 * 60 * 1000 },
    now,
  );
  return hit.allowed ? null : refuse('rateLimited', hit.retryAfterMs);
}

/** How a body is compared for duplicates: normalized, white space and punctuation ignored. */
export function duplicateKey(locale: string, source: string): string {
  return normalize(locale, source).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether this user wrote the same text (normalized) within the window. Reads the user's recent posts by (author_id, created_at). */
export async function isDuplicatePost(
  db: Db,
  userId: number,
  locale: string,
  source: string,
  windowMs: number,
  now = Date.now(),
  exceptPostId?: number,
): Promise<boolean> {
  const key = duplicateKey(locale, source);
  if (!key) return false;
  let query = db
    .selectFrom('posts')
    .select(['source'])
    .where('author_id', '=', userId)
    .where('created_at', '>', now - windowMs)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(50);
  if (exceptPostId !== undefined) query = query.where('id', '!=', exceptPostId);
  const recent = await query.execute();
  return recent.some((p) => duplicateKey(locale, p.source) === key);
}

/** Links in a Markdown source: bare URLs, www. addresses and [text](target) links. */
export function countLinks(source: string): number {
  const urls = source.match(/\bhttps?:\/\/[^\s<>()\]]+|\bwww\.[^\s<>()\]]+|\bmailto:[^\s<>()\]]+/giu) ?? [];
  // A [text](url) link whose target is a bare URL is counted once, through the URL.
  const targets = (source.match(/\]\(\s*[^)\s]+/gu) ?? []).filter(
    (t) => !/^\]\(\s*(https?:\/\/|www\.|mailto:)/iu.test(t),
  );
  return urls.length + targets.length;
}
