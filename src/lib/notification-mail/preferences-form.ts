// The "Notifications by e-mail" form of the account page: one radio group per kind of
// notification (at once, once a day, never). A value that is not one of those (a forged post)
// changes nothing and says so; the limit is per member, like the other account forms. The same
// form turns the weekly digest (src/lib/digest/) on (`digest=weekly`) or off (`digest=off`).
import { useTranslations, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import type { PageAnswer } from '../http/form-answer.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { digestEnabled, setDigest } from '../digest/preference.ts';
import { isMailMode, MAIL_KINDS, mailPrefs, setMailPrefs, type MailPrefs } from './preferences.ts';

const LIMIT = { max: 30, windowMs: 60 * 60_000 };

export async function runMailPrefsForm(
  db: Db,
  input: { userId: number; form: Record<string, string>; locale: Locale },
  now = Date.now(),
): Promise<PageAnswer & { prefs: MailPrefs; digest: boolean }> {
  const { t } = useTranslations(input.locale);
  const current = await mailPrefs(db, input.userId);
  const digest = await digestEnabled(db, input.userId);
  if (!(await hitRateLimit(db, `mail-prefs:${input.userId}`, LIMIT, now)).allowed)
    return { status: 429, notice: { kind: 'error', text: t('account.error.rateLimited') }, prefs: current, digest };
  const chosen: Partial<MailPrefs> = {};
  for (const kind of MAIL_KINDS) {
    const mode = input.form[kind] ?? '';
    if (!isMailMode(mode))
      return { status: 422, notice: { kind: 'error', text: t('account.email.invalid') }, prefs: current, digest };
    chosen[kind] = mode;
  }
  // Absent (a form from before the digest) leaves it as it is.
  const wanted = input.form.digest;
  if (wanted !== undefined && wanted !== 'weekly' && wanted !== 'off')
    return { status: 422, notice: { kind: 'error', text: t('account.email.invalid') }, prefs: current, digest };
  await setMailPrefs(db, input.userId, chosen, now);
  if (wanted !== undefined) await setDigest(db, input.userId, wanted === 'weekly', now);
  return {
    status: 200,
    notice: { kind: 'success', text: t('account.email.saved') },
    prefs: await mailPrefs(db, input.userId),
    digest: await digestEnabled(db, input.userId),
  };
}
