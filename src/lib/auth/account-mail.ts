// Account mail that leaves after the answer: password resets and security notices
// (security-notice.ts). The forgot-password form stores the request as
// typed, one row whether or not the address has an account, and answers; the delivery worker
// of `npm start` looks the address up and mails the reset link. So the answer takes the same
// time for every address (the lookup, the token and the SMTP round trip all happen later).
import { isLocale, type Locale } from '../../i18n/index.ts';
import { idClaimable, type Db } from '../db/index.ts';
import { requestPasswordReset, type AccountDeps } from './accounts.ts';
import { isSecurityNotice, sendSecurityNotice } from './security-notice.ts';

const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 30_000;
const MAX_EMAIL_LENGTH = 254;

export async function queuePasswordReset(
  db: Db,
  input: { email: string; locale: Locale },
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('account_mail_jobs')
    .values({
      kind: 'reset',
      email: input.email.slice(0, MAX_EMAIL_LENGTH),
      locale: input.locale,
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}

/**
 * Sends the account mail that is due; returns how many jobs it took. One DELETE … RETURNING
 * takes them, so two workers never send the same one (on Postgres, skipping the rows another
 * worker is taking, so it takes the next ones instead of waiting and finding them gone). A failed send is queued again with a
 * doubling pause, up to MAX_ATTEMPTS; a crash mid-send loses that one mail (at most once: the
 * person can ask again, and no stale request waits in the table).
 */
export async function sendAccountMails(
  deps: AccountDeps,
  options: { now?: number; limit?: number; log?: (line: string) => void } = {},
): Promise<number> {
  const now = options.now ?? Date.now();
  const due = deps.db
    .selectFrom('account_mail_jobs')
    .select('id')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(options.limit ?? 10);
  const jobs = await deps.db.deleteFrom('account_mail_jobs').where(idClaimable(deps.db, due)).returningAll().execute();
  for (const job of jobs) {
    try {
      if (isSecurityNotice(job.kind)) await sendSecurityNotice(deps, { ...job, kind: job.kind });
      else await requestPasswordReset(deps, { email: job.email, locale: isLocale(job.locale) ? job.locale : 'en' });
    } catch (error) {
      const attempts = job.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      options.log?.(
        `[account mail] ${job.kind} job ${job.id} attempt ${attempts} failed: ${String(error)}${giveUp ? ' — gave up' : ''}`,
      );
      if (giveUp) continue;
      await deps.db
        .insertInto('account_mail_jobs')
        .values({
          kind: job.kind,
          email: job.email,
          locale: job.locale,
          attempts,
          next_attempt_at: now + RETRY_BASE_MS * 2 ** job.attempts,
          created_at: job.created_at,
        })
        .execute();
    }
  }
  return jobs.length;
}
