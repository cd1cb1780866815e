// The two-factor pages' forms, one runner each, answering like ./account-forms.ts (status, a notice
// in the page's language, Retry-After on a 429): the second step of signing in
// (/{locale}/account/two-factor/code/) and the enrolment page (/{locale}/account/two-factor/),
// where a member confirms the app, makes new recovery codes or turns it off. The rules are in
// ./two-factor.ts and ./two-factor-signin.ts; the page's view (QR code, key in groups) is here.
import { renderSVG } from 'uqr';
import { formatDate, useTranslations, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import type { PageAnswer } from '../http/form-answer.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { verifyPassword } from './password.ts';
import type { SessionUser } from './session.ts';
import {
  confirmTwoFactor,
  disableTwoFactor,
  mustEnrolTwoFactor,
  regenerateRecoveryCodes,
  twoFactorStatus,
} from './two-factor.ts';
import { checkSecondFactor, finishSignIn, readChallenge, type FactorCheck } from './two-factor-signin.ts';

/** Enrolment codes a member may try in an hour (the secret is their own: this only bounds the work). */
const CONFIRM_LIMIT = { max: 30, windowMs: 60 * 60_000 };

export interface FactorFields {
  code?: string | undefined;
  recovery?: string | undefined;
}

const blank = (fields: FactorFields) => !fields.code?.trim() && !fields.recovery?.trim();

type Refusal = PageAnswer & { codeError?: string };

/** How a refused second factor is said: 429 with the wait, or 401 and the code field marked. */
function refusal(locale: Locale, check: Exclude<FactorCheck, { ok: true }>): Refusal {
  const { t, tp } = useTranslations(locale);
  if (check.reason === 'throttled')
    return {
      status: 429,
      retryAfterMs: check.retryAfterMs,
      notice: {
        kind: 'error',
        text: tp('account.error.throttled', Math.max(1, Math.ceil(check.retryAfterMs / 60_000))),
      },
    };
  const text = t('account.error.totp.invalid');
  return { status: 401, notice: { kind: 'error', text }, codeError: text };
}

function missing(locale: Locale): Refusal {
  const text = useTranslations(locale).t('account.error.totp.missing');
  return { status: 422, notice: { kind: 'error', text }, codeError: text };
}

/**
 * The second step of signing in. Without a form (`fields` null) it only says whether this
 * browser's pending sign-in is still good; with one it finishes it: the session to set, or why not.
 */
export async function runSecondStepForm(
  db: Db,
  input: {
    challenge: string | undefined;
    fields: FactorFields | null;
    addressKey: string;
    userAgent: string;
    locale: Locale;
  },
  now = Date.now(),
): Promise<
  | { session: { token: string; expiresAt: number }; expired?: undefined }
  | (Refusal & { session?: undefined; expired: boolean })
> {
  const { t } = useTranslations(input.locale);
  const expired = {
    status: 400,
    expired: true,
    notice: { kind: 'error', text: t('account.secondStep.expired') },
  } as const;
  if (!input.fields) return (await readChallenge(db, input.challenge, now)) ? { status: 200, expired: false } : expired;
  if (blank(input.fields)) {
    if (!(await readChallenge(db, input.challenge, now))) return expired;
    return { ...missing(input.locale), expired: false };
  }
  const result = await finishSignIn(
    db,
    { challenge: input.challenge, ...input.fields, addressKey: input.addressKey, userAgent: input.userAgent },
    now,
  );
  if (result.ok) return { session: { token: result.token, expiresAt: result.expiresAt } };
  if (result.reason === 'expired') return expired;
  return { ...refusal(input.locale, result), expired: false };
}

export type TwoFactorAnswer = Refusal & {
  /** Just made: shown once, never again. */
  recoveryCodes?: string[];
  passwordError?: string;
};

/**
 * The enrolment page's forms, by `intent`: `confirm` (a code from the app turns it on and makes
 * the recovery codes), `regenerate` (a second factor makes new codes), `disable` (the password
 * and a second factor turn it off). What is wrong is said in the page's language.
 */
export async function runTwoFactorForm(
  db: Db,
  input: { user: SessionUser; fields: Record<string, string>; addressKey: string; locale: Locale },
  now = Date.now(),
): Promise<TwoFactorAnswer> {
  const { user, fields, locale } = input;
  const { t } = useTranslations(locale);
  const factor = { code: fields.code, recovery: fields.recovery, addressKey: input.addressKey };
  switch (fields.intent) {
    case 'confirm': {
      if (!(await hitRateLimit(db, `two-factor-confirm:${user.id}`, CONFIRM_LIMIT, now)).allowed)
        return { status: 429, notice: { kind: 'error', text: t('account.error.rateLimited') } };
      if (!fields.code?.trim()) return missing(locale);
      const confirmed = await confirmTwoFactor(db, user.id, fields.code, now);
      if (!confirmed) return refusal(locale, { ok: false, reason: 'invalid' });
      return {
        status: 200,
        notice: { kind: 'success', text: t('account.twoFactor.enabled') },
        recoveryCodes: confirmed.recoveryCodes,
      };
    }
    case 'regenerate': {
      if (blank(factor)) return missing(locale);
      const check = await checkSecondFactor(db, user.id, factor, now);
      if (!check.ok) return refusal(locale, check);
      return {
        status: 200,
        notice: { kind: 'success', text: t('account.twoFactor.regenerated') },
        recoveryCodes: await regenerateRecoveryCodes(db, user.id, now),
      };
    }
    case 'disable': {
      if (blank(factor)) return missing(locale);
      let wrongPassword = false;
      const check = await checkSecondFactor(db, user.id, factor, now, async () => {
        const row = await db
          .selectFrom('users')
          .select('password_hash')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow();
        wrongPassword = !(await verifyPassword(row.password_hash, fields.password ?? ''));
        return !wrongPassword;
      });
      if (!check.ok) {
        if (!wrongPassword) return refusal(locale, check);
        const text = t('account.error.password.wrongPassword');
        return { status: 401, notice: { kind: 'error', text }, passwordError: text };
      }
      await disableTwoFactor(db, user.id, now);
      return { status: 200, notice: { kind: 'success', text: t('account.twoFactor.disabled') } };
    }
    default:
      return { status: 400 };
  }
}

export type TwoFactorView =
  | {
      enabled: false;
      /** Staff whose role requires it (the admin pages send them here). */
      required: boolean;
      uri: string;
      /** The QR code of `uri` as an SVG document, made on the server (no request leaves the site). */
      qrSvg: string;
      /** The Base32 key in groups of four, for typing into an app. */
      keyGroups: string[];
    }
  | { enabled: true; since: string; recoveryCodesLeft: number };

/** What the enrolment page shows for this user now. */
export async function twoFactorView(
  db: Db,
  user: SessionUser,
  locale: Locale,
  now = Date.now(),
): Promise<TwoFactorView> {
  const status = await twoFactorStatus(db, user, now);
  if (status.enabled)
    return {
      enabled: true,
      since: formatDate(locale, new Date(status.enabledAt)),
      recoveryCodesLeft: status.recoveryCodesLeft,
    };
  return {
    enabled: false,
    required: await mustEnrolTwoFactor(db, user),
    uri: status.uri,
    qrSvg: renderSVG(status.uri, { ecc: 'M', border: 2 }),
    keyGroups: status.secret.match(/.{1,4}/g) ?? [],
  };
}
