// The account pages' forms (/{locale}/account/…), one runner each: the page reads the posted
// fields, calls the runner and renders its answer (status, notice, field messages, in the page's
// language), or sets the cookie it names and redirects. The rules are in ./accounts.ts and
// ./session.ts; what is here is the per-form limit and how each outcome is said. The forgot
// password form has its own module (./forgot-form.ts).
//
// Not Astro Actions: an action's form posts to `?_action=…`, but these forms are posted to the
// page's own URL (password managers, the hardening and e2e tests post to /…/account/signin/)
// and answer with exact HTTP: 401/403 for a refused sign-in, 429 with Retry-After, 422 with the
// form again, 400 for a dead reset link, the session or sign-up cookie set on a 303. Actions
// would add a second way in for the same forms, not replace this one.
import { useTranslations, type Locale, type MessageKey } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import type { PageAnswer } from '../http/form-answer.ts';
import { hitRateLimit, type Limit } from '../rate-limit.ts';
import {
  changeDisplayName,
  changePassword,
  resetPassword,
  signIn,
  signUp,
  type AccountDeps,
  type SignUpErrors,
} from './accounts.ts';
import { peekEmailToken } from './email-tokens.ts';
import { revokeUserSession } from './session.ts';
import { signupCookieValue } from './signup-return.ts';
import { mustEnrolTwoFactor } from './two-factor.ts';

const HOUR_MS = 60 * 60_000;
const LIMITS = {
  signUp: { max: 10, windowMs: HOUR_MS },
  displayName: { max: 20, windowMs: HOUR_MS },
  password: { max: 10, windowMs: HOUR_MS },
  revoke: { max: 30, windowMs: HOUR_MS },
} satisfies Record<string, Limit>;

/** The 429 every account form answers over its limit. */
async function overLimit(db: Db, key: string, limit: Limit, locale: Locale, now: number): Promise<PageAnswer | null> {
  if ((await hitRateLimit(db, key, limit, now)).allowed) return null;
  return { status: 429, notice: { kind: 'error', text: useTranslations(locale).t('account.error.rateLimited') } };
}

const summary = (locale: Locale): PageAnswer => ({
  status: 422,
  notice: { kind: 'error', text: useTranslations(locale).t('account.error.summary') },
});

type SignInAnswer =
  /** Signed in; `enrol`: a staff member who must set up two-factor sign-in first (the page goes there). */
  | { session: { token: string; expiresAt: number }; enrol: boolean; challenge?: undefined }
  /** The password was right; the second step (./two-factor-signin.ts) takes this pending sign-in's cookie. */
  | { challenge: string; session?: undefined }
  | (PageAnswer & { session?: undefined; challenge?: undefined });

/** Sign in: a new session to set as the cookie, the second step, or why not (401 wrong, 403 unverified, 429 throttled). */
export async function runSignInForm(
  deps: AccountDeps,
  input: { email: string; password: string; addressKey: string; userAgent: string; locale: Locale },
  now = Date.now(),
): Promise<SignInAnswer> {
  const { t, tp } = useTranslations(input.locale);
  const result = await signIn(deps, input, now);
  if (result.ok)
    return {
      session: { token: result.token, expiresAt: result.expiresAt },
      enrol: await mustEnrolTwoFactor(deps.db, result.user),
    };
  if (result.reason === 'secondFactor') return { challenge: result.challenge };
  if (result.reason === 'throttled') {
    const text = tp('account.error.throttled', Math.max(1, Math.ceil(result.retryAfterMs / 60_000)));
    return { status: 429, retryAfterMs: result.retryAfterMs, notice: { kind: 'error', text } };
  }
  if (result.reason === 'invalid')
    return { status: 401, notice: { kind: 'error', text: t('account.error.signin.invalid') } };
  return { status: 403, notice: { kind: 'error', text: t('account.error.signin.unverified') } };
}

export type SignUpValues = { email: string; username: string; name: string };

/**
 * Sign up: the sign-up cookie's value (this browser may finish the sign-up, ./signup-return.ts),
 * the same for a new and a known address; or the fields' messages.
 */
export async function runSignUpForm(
  deps: AccountDeps,
  input: { values: SignUpValues; password: string; locale: Locale; addressKey: string; next: string },
  now = Date.now(),
): Promise<
  | { signupCookie: string }
  | (PageAnswer & { signupCookie?: undefined; fieldErrors: Partial<Record<keyof SignUpErrors, string>> })
> {
  const { db } = deps;
  const { locale, values } = input;
  const limited = await overLimit(db, `signup:${input.addressKey}`, LIMITS.signUp, locale, now);
  if (limited) return { ...limited, fieldErrors: {} };
  const result = await signUp(deps, { ...values, password: input.password, locale });
  if (result.ok)
    return {
      signupCookie: await signupCookieValue(
        db,
        { email: values.email, next: input.next, fallback: `/${locale}/account/` },
        now,
      ),
    };
  const { t } = useTranslations(locale);
  const message = ([field, problem]: [string, string]) => [field, t(`account.error.${field}.${problem}` as MessageKey)];
  const fieldErrors = Object.fromEntries(Object.entries(result.errors).map(message));
  return { ...summary(locale), fieldErrors };
}

/** The reset link's page: the form, the link no longer valid (400), or done (the page then signs this browser out). */
export async function runResetForm(
  db: Db,
  input: { token: string; password: string | null; locale: Locale },
): Promise<PageAnswer & { state: 'form' | 'invalid' | 'done'; passwordError?: string }> {
  const { t } = useTranslations(input.locale);
  const invalid = {
    state: 'invalid',
    status: 400,
    notice: { kind: 'error', text: t('account.reset.invalid') },
  } as const;
  if (input.password === null)
    return (await peekEmailToken(db, input.token, 'reset')) ? { state: 'form', status: 200 } : invalid;
  const result = await resetPassword(db, input.token, input.password);
  if (result.ok) return { state: 'done', status: 200, notice: { kind: 'success', text: t('account.reset.done') } };
  if (result.problem === 'invalidToken') return invalid;
  return { ...summary(input.locale), state: 'form', passwordError: t(`account.error.password.${result.problem}`) };
}

/** The display name form on the account page; `name` is what to show in the field afterwards. */
export async function runDisplayNameForm(
  db: Db,
  input: { userId: number; name: string; locale: Locale },
  now = Date.now(),
): Promise<PageAnswer & { name: string; saved?: boolean; nameError?: string }> {
  const limited = await overLimit(db, `display-name:${input.userId}`, LIMITS.displayName, input.locale, now);
  if (limited) return { ...limited, name: input.name };
  const { t } = useTranslations(input.locale);
  const result = await changeDisplayName(db, input.userId, input.name);
  if (result.ok)
    return {
      status: 200,
      name: result.name,
      saved: true,
      notice: { kind: 'success', text: t('account.displayName.done') },
    };
  return { ...summary(input.locale), name: input.name, nameError: t(`account.error.name.${result.problem}`) };
}

/** Change password: the other sessions end (./accounts.ts); a wrong current password is that field's message. */
export async function runPasswordForm(
  db: Db,
  input: { userId: number; sessionId: string; current: string; next: string; locale: Locale },
  now = Date.now(),
): Promise<PageAnswer & { currentError?: string; nextError?: string }> {
  const limited = await overLimit(db, `password:${input.userId}`, LIMITS.password, input.locale, now);
  if (limited) return limited;
  const { t } = useTranslations(input.locale);
  const result = await changePassword(db, input);
  if (result.ok) return { status: 200, notice: { kind: 'success', text: t('account.password.done') } };
  const text = t(`account.error.password.${result.problem}`);
  return {
    ...summary(input.locale),
    ...(result.problem === 'wrongPassword' ? { currentError: text } : { nextError: text }),
  };
}

/** Sign a session out; `signedOut` when it was this browser's own (the page drops the cookie and goes to sign-in). */
export async function runRevokeSessionForm(
  db: Db,
  input: { userId: number; currentSessionId: string; sessionId: string; locale: Locale },
  now = Date.now(),
): Promise<PageAnswer & { signedOut?: boolean }> {
  const limited = await overLimit(db, `revoke:${input.userId}`, LIMITS.revoke, input.locale, now);
  if (limited) return limited;
  // Not one of this user's sessions: the same answer as for one that no longer exists.
  if (!(await revokeUserSession(db, input.userId, input.sessionId))) return { status: 404 };
  if (input.sessionId === input.currentSessionId) return { status: 303, signedOut: true };
  return {
    status: 200,
    notice: { kind: 'success', text: useTranslations(input.locale).t('account.sessions.revoked') },
  };
}
