// How the sign-in pages leave: with the session cookie set (to `next`, or first to the two-factor
// setup for staff whose role requires it), or with the pending sign-in's cookie to the second
// step (/{locale}/account/two-factor/code/). Only the cookies hold tokens; addresses carry `next` alone.
import type { AstroGlobal } from 'astro';
import type { Locale } from '@/i18n/index.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/session.ts';
import { CHALLENGE_COOKIE, challengeCookieOptions } from '@/lib/auth/two-factor-signin.ts';
import { twoFactorSetupUrl } from './links.ts';

const secure = !import.meta.env.DEV;

export function secondStepUrl(locale: Locale, next: string): string {
  return `/${locale}/account/two-factor/code/?next=${encodeURIComponent(next)}`;
}

/** Signed in: the session cookie, the pending sign-in's cookie gone, and on to `next` (or the setup first). */
export function enterWithSession(
  Astro: AstroGlobal,
  locale: Locale,
  session: { token: string; expiresAt: number },
  next: string,
  enrol = false,
): Response {
  Astro.cookies.set(SESSION_COOKIE, session.token, sessionCookieOptions(session.expiresAt, secure));
  forgetSecondStep(Astro);
  return Astro.redirect(enrol ? twoFactorSetupUrl(locale, next) : next, 303);
}

/** The password was right and a second factor is needed: its cookie, and on to the second step. */
export function enterSecondStep(Astro: AstroGlobal, locale: Locale, challenge: string, next: string): Response {
  Astro.cookies.set(CHALLENGE_COOKIE, challenge, challengeCookieOptions(secure));
  return Astro.redirect(secondStepUrl(locale, next), 303);
}

/**
 * Drops the pending sign-in's cookie, when there is one, with the attributes it was set with
 * (behind an https proxy a removal without `Secure` is a cookie the browser may refuse).
 */
export function forgetSecondStep(Astro: AstroGlobal): void {
  if (!Astro.cookies.has(CHALLENGE_COOKIE)) return;
  const { maxAge: _lifetime, ...attributes } = challengeCookieOptions(secure);
  Astro.cookies.delete(CHALLENGE_COOKIE, attributes);
}
