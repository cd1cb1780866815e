// The two forms of /{locale}/account/data/: the download (a POST, so Astro's origin check covers
// it and a link elsewhere cannot start one) and the deletion. Each is rate-limited per member:
// an export reads every row the member has, a deletion checks a password.
import { useTranslations, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import type { PageAnswer } from '../http/form-answer.ts';
import { hitRateLimit, type Limit } from '../rate-limit.ts';
import { deleteAccount, type PostChoice } from './delete.ts';
import { exportAccountData, exportResponse } from './export.ts';

const HOUR_MS = 60 * 60_000;
const LIMITS = {
  export: { max: 5, windowMs: HOUR_MS },
  delete: { max: 10, windowMs: HOUR_MS },
} satisfies Record<string, Limit>;

async function limited(db: Db, key: string, limit: Limit, locale: Locale, now: number): Promise<PageAnswer | null> {
  const hit = await hitRateLimit(db, key, limit, now);
  if (hit.allowed) return null;
  const text = useTranslations(locale).t('account.error.rateLimited');
  return { status: 429, retryAfterMs: hit.retryAfterMs, notice: { kind: 'error', text } };
}

/** The JSON download, or the page again with why not. */
export async function runExportForm(
  db: Db,
  input: { userId: number; locale: Locale },
  now = Date.now(),
): Promise<{ download: Response } | (PageAnswer & { download?: undefined })> {
  const refused = await limited(db, `data-export:${input.userId}`, LIMITS.export, input.locale, now);
  if (refused) return refused;
  const data = await exportAccountData(db, input.userId, now);
  if (!data) return { status: 404 };
  return { download: exportResponse(data, now) };
}

export const isPostChoice = (value: unknown): value is PostChoice => value === 'keep' || value === 'remove';

/**
 * The deletion: `deleted` (the page drops the session cookie and says goodbye), or the form again
 * with its messages. The choice comes back as it was; the password never does.
 */
export async function runDeleteAccountForm(
  db: Db,
  input: { userId: number; password: string; posts: string; locale: Locale },
  now = Date.now(),
): Promise<
  | { deleted: true; posts: PostChoice }
  | (PageAnswer & { deleted?: undefined; posts: string; passwordError?: string; postsError?: string })
> {
  const { t } = useTranslations(input.locale);
  const refused = await limited(db, `account-delete:${input.userId}`, LIMITS.delete, input.locale, now);
  if (refused) return { ...refused, posts: input.posts };
  const summary = { kind: 'error', text: t('account.error.summary') } as const;
  if (!isPostChoice(input.posts))
    return { status: 422, notice: summary, posts: '', postsError: t('account.data.delete.choiceRequired') };
  const result = await deleteAccount(db, { userId: input.userId, password: input.password, posts: input.posts }, now);
  if (result.ok) return { deleted: true, posts: input.posts };
  if (result.problem === 'lastAdmin')
    return { status: 409, notice: { kind: 'error', text: t('account.data.delete.lastAdmin') }, posts: input.posts };
  return {
    status: 422,
    notice: summary,
    posts: input.posts,
    passwordError: t('account.data.delete.wrongPassword'),
  };
}
