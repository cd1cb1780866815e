// Page-side helpers for on-demand pages: which locale the route is in, and who may see it.
// Authorization itself is lib/auth/authorize.ts; this only turns its answer into a response.
import type { AstroGlobal } from 'astro';
import { isLocale, type Locale } from './i18n/index.ts';
import { AuthorizationError, requirePermission, type Permission } from './lib/auth/authorize.ts';
import type { SessionUser } from './lib/auth/session.ts';

/** The route's locale, or undefined (the page should answer 404). */
export function routeLocale(Astro: AstroGlobal): Locale | undefined {
  const locale = Astro.params.locale;
  return isLocale(locale) ? locale : undefined;
}

export function signInUrl(locale: Locale, next: string): string {
  return `/${locale}/account/signin/?next=${encodeURIComponent(next)}`;
}

/** The signed-in user holding `permission`, or the response to send instead (sign-in or 403). */
export async function guardPage(
  Astro: AstroGlobal,
  locale: Locale,
  permission: Permission,
): Promise<{ user: SessionUser; response?: undefined } | { user?: undefined; response: Response }> {
  try {
    return { user: requirePermission(Astro.locals.user, permission) };
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    if (error.status === 401) return { response: Astro.redirect(signInUrl(locale, Astro.url.pathname + Astro.url.search), 303) };
    return { response: await Astro.rewrite(`/${locale}/forbidden/`) };
  }
}
