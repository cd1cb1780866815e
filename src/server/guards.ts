// Page-side guards for on-demand pages and endpoints: which locale the route is in, and who may see
// it. Authorization itself is lib/auth/authorize.ts; this only turns its answer into a response.
// The /admin/ pages live outside the /{locale}/ routes, so their locale comes from ?lang= or the user.
import type { AstroGlobal } from 'astro';
import { bestLocale, isLocale, type Locale } from '@/i18n/index.ts';
import { AuthorizationError, requirePermission, roleGrants, type Permission } from '@/lib/auth/authorize.ts';
import type { SessionUser } from '@/lib/auth/session.ts';
import { signInUrl, twoFactorSetupUrl } from './links.ts';

/** The route's locale, or undefined (the page should answer 404). */
export function routeLocale(Astro: AstroGlobal): Locale | undefined {
  const locale = Astro.params.locale;
  return isLocale(locale) ? locale : undefined;
}

type Guarded<R = Response> = { user: SessionUser; response?: undefined } | { user?: undefined; response: R };

/**
 * The one place an AuthorizationError becomes a response: `refused(status)` builds it (a page
 * redirects to sign-in or shows the 403 page, an endpoint answers plain text); anything else
 * thrown is not ours and goes on.
 */
function guarded<R>(user: SessionUser | null, permission: Permission, refused: (status: 401 | 403) => R): Guarded<R> {
  try {
    return { user: requirePermission(user, permission) };
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    return { response: refused(error.status) };
  }
}

/**
 * The signed-in user holding `permission`, or the response to send instead (sign-in or 403). Staff
 * powers (every permission beyond `account`) also need two-factor sign-in when the admin setting
 * requires it of moderators and admins: until they have it, they are sent to set it up.
 */
export async function guardPage(Astro: AstroGlobal, locale: Locale, permission: Permission): Promise<Guarded> {
  const here = Astro.url.pathname + Astro.url.search;
  if (awaitsTwoFactorSetup(Astro.locals.user, permission))
    return { response: Astro.redirect(twoFactorSetupUrl(locale, here), 303) };
  const guard = guarded(Astro.locals.user, permission, (status) =>
    status === 401 ? Astro.redirect(signInUrl(locale, here), 303) : Astro.rewrite(`/${locale}/forbidden/`),
  );
  if (guard.response) return { response: await guard.response };
  return guard;
}

/** Staff whose role carries `permission` but who must first set up two-factor sign-in (`can` refuses them meanwhile). */
function awaitsTwoFactorSetup(user: SessionUser | null, permission: Permission): boolean {
  return permission !== 'account' && Boolean(user?.twoFactorSetupRequired && roleGrants(user.role, permission));
}

interface RequestLike {
  url: URL;
  request: Request;
  locals: App.Locals;
}

/** `?lang=` when it names a locale, else the signed-in user's language, else Accept-Language. */
export function adminLocale(context: RequestLike): Locale {
  const asked = context.url.searchParams.get('lang');
  if (isLocale(asked)) return asked;
  const own = context.locals.user?.locale;
  if (isLocale(own)) return own;
  return bestLocale(context.request.headers.get('accept-language'));
}

/** The admin UI locale and the user holding `permission`, or the sign-in redirect / 403 page. */
export async function guardAdminPage(
  Astro: AstroGlobal,
  permission: Permission,
): Promise<Guarded & { locale: Locale }> {
  const locale = adminLocale(Astro);
  return { locale, ...(await guardPage(Astro, locale, permission)) };
}

/** For endpoints (CSV downloads): a plain 401 or 403 instead of a redirect (403 also for staff who must set up two-factor sign-in). */
export async function guardAdminEndpoint(
  context: RequestLike,
  permission: Permission,
): Promise<Guarded & { locale: Locale }> {
  const refused = (status: 401 | 403, text = status === 401 ? 'Sign-in required' : 'Forbidden') =>
    new Response(`${text}\n`, {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
    });
  const locale = adminLocale(context);
  if (awaitsTwoFactorSetup(context.locals.user, permission))
    return { locale, response: refused(403, 'Two-factor sign-in required') };
  return { locale, ...guarded(context.locals.user, permission, refused) };
}

/** A lib call that may throw AuthorizationError (not your post, not your thread): its value, or the 403 page. */
export async function orForbidden<T>(
  Astro: AstroGlobal,
  locale: Locale,
  call: () => Promise<T>,
): Promise<{ value: T; response?: undefined } | { value?: undefined; response: Response }> {
  try {
    return { value: await call() };
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    return { response: await Astro.rewrite(`/${locale}/forbidden/`) };
  }
}
