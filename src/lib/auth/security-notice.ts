// Security notices: a mail to the account's own address when something weakens or bypasses its
// second factor (two-factor sign-in turned off by the member or reset by an operator, a recovery
// code used to sign in), so that whoever did not do it learns of it and can act. Queued in the
// transaction of the change, in the account mail queue (account-mail.ts), and sent by the
// delivery worker after the answer, with its retries.
import { formatDateTimeUtc, formatNumber, isLocale, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import type { AccountMailKind } from '../db/schema.ts';
import { localizedMail } from '../mail/compose.ts';
import type { Mailer } from '../mail/index.ts';

export type SecurityNotice = Exclude<AccountMailKind, 'reset'>;

export function isSecurityNotice(kind: AccountMailKind): kind is SecurityNotice {
  return kind !== 'reset';
}

/** Queues the notice to the user's current address, in their language; part of the caller's transaction. */
export async function queueSecurityNotice(trx: Db, userId: number, kind: SecurityNotice, now: number): Promise<void> {
  await trx
    .insertInto('account_mail_jobs')
    .columns(['kind', 'email', 'locale', 'next_attempt_at', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select([
          eb.val(kind).as('kind'),
          'email',
          'locale',
          eb.val(now).as('next_attempt_at'),
          eb.val(now).as('created_at'),
        ])
        .where('id', '=', userId),
    )
    .execute();
}

/**
 * Sends one queued notice. The time is when it happened, not when the mail left; the account is
 * looked up again, so a notice for an account deleted meanwhile is dropped.
 */
export async function sendSecurityNotice(
  deps: { db: Db; mailer: Mailer; origin: string },
  job: { kind: SecurityNotice; email: string; locale: string; created_at: number },
): Promise<void> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'display_name', 'locale'])
    .where('email', '=', job.email)
    .executeTakeFirst();
  if (!user) return;
  const locale: Locale = isLocale(user.locale) ? user.locale : isLocale(job.locale) ? job.locale : 'en';
  const left = await deps.db
    .selectFrom('two_factor_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  const vars = {
    name: user.display_name,
    when: formatDateTimeUtc(locale, new Date(job.created_at)),
    left: formatNumber(locale, Number(left.n)),
    link: new URL(`/${locale}/account/two-factor/`, deps.origin).href,
    reset: new URL(`/${locale}/account/forgot/`, deps.origin).href,
  };
  await deps.mailer.send({
    to: job.email,
    ...localizedMail(locale, `mail.${job.kind}.subject`, `mail.${job.kind}.body`, vars, ['link', 'reset']),
  });
}
