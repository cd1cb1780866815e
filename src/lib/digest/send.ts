// Sending the planned digests, in the delivery worker of every serving process, through the weekly
// mail queue the review reminders also use (src/lib/mail/weekly.ts: claims, lease, retries). Just
// before sending it looks again: a member who turned the digest off since, or lost their confirmed address, gets
// nothing (`skipped`), and threads hidden or unsolved since are left out (nothing left: `empty`).
import { isLocale } from '../../i18n/index.ts';
import type { StatusGroup } from '../content/status.ts';
import type { Db } from '../db/index.ts';
import type { Mailer } from '../mail/index.ts';
import { sendWeeklyMails, weeklyMailRound } from '../mail/weekly.ts';
import { stillPublicSolved } from '../forum/public-threads.ts';
import { unsubscribeToken } from '../notification-mail/unsubscribe.ts';
import { digestMessage } from './message.ts';
import { planDigests, type DigestItems } from './plan.ts';
import { digestEnabled } from './preference.ts';

export interface DigestDeps {
  db: Db;
  mailer: Mailer;
  origin: string;
  unsubscribeMailto?: string | undefined;
}

/** Sends the planned digests that are due (src/lib/mail/weekly.ts); returns how many it claimed. */
export function sendDigests(
  deps: DigestDeps,
  options: { now?: number; limit?: number; log?: (line: string) => void } = {},
): Promise<number> {
  return sendWeeklyMails(
    deps.db,
    'digest_mails',
    (row) => sendOne(deps, row.user_id, JSON.parse(row.items) as DigestItems),
    { ...options, label: 'digest' },
  );
}

async function sendOne(deps: DigestDeps, userId: number, planned: DigestItems): Promise<'sent' | 'skipped' | 'empty'> {
  const { db } = deps;
  const user = await db
    .selectFrom('users')
    .select(['email', 'display_name', 'locale', 'email_verified_at', 'deleted_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.deleted_at !== null || user.email_verified_at === null || !(await digestEnabled(db, userId)))
    return 'skipped';
  const visible = await stillPublicSolved(
    db,
    planned.threads.map((t) => t.id),
  );
  const items = { threads: planned.threads.filter((t) => visible.has(t.id)), articles: planned.articles };
  if (!items.threads.length && !items.articles.length) return 'empty';
  await deps.mailer.send(
    digestMessage({
      locale: isLocale(user.locale) ? user.locale : 'fa',
      to: user.email,
      name: user.display_name,
      items,
      origin: deps.origin,
      token: await unsubscribeToken(db, userId, ['digest']),
      unsubscribeMailto: deps.unsubscribeMailto,
    }),
  );
  return 'sent';
}

/** The digest's round of the delivery worker's loop (src/cli/serve-site.ts). */
export function digestRound(
  deps: DigestDeps & {
    /** The build's content status (src/lib/content/built-articles.ts). */
    status: () => Promise<{ groups: StatusGroup[] }>;
    log?: (line: string) => void;
    everyMs?: number;
  },
): () => Promise<number> {
  return weeklyMailRound({
    label: 'digest',
    plan: async (now) => planDigests(deps.db, (await deps.status()).groups, now),
    send: () => sendDigests(deps, { log: deps.log }),
    log: deps.log,
    everyMs: deps.everyMs,
  });
}
