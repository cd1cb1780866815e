// Page-side helpers for the role-gated /admin/ pages, which live outside the /{locale}/ routes:
// which language the UI speaks, who may see it, and links that keep the current filters.
// Authorization itself stays in lib/auth/authorize.ts, called inside every page and endpoint.
import type { AstroGlobal } from 'astro';
import { guardPage } from './guard.ts';
import { bestLocale, isLocale, locales, type Locale } from './i18n/index.ts';
import { AuthorizationError, can, requirePermission, type Permission } from './lib/auth/authorize.ts';
import type { SessionUser } from './lib/auth/session.ts';

/** The entries of the admin nav; each is shown only to the roles that may open it. */
export type AdminSection = 'articles' | 'comments' | 'search' | 'contact' | 'guide' | 'deliveries' | 'moderation' | 'words' | 'audit' | 'settings';

/** Every admin section in nav order, with the permission its page requires. The writers' guide
 * carries its language in its path (`/admin/guide/fa/`) instead of `?lang=`. */
export const adminSections: readonly { id: AdminSection; path: string; permission: Permission; localeInPath?: true }[] = [
  { id: 'articles', path: '/admin/analytics/', permission: 'analytics' },
  { id: 'comments', path: '/admin/analytics/comments/', permission: 'analytics' },
  { id: 'search', path: '/admin/analytics/search/', permission: 'analytics' },
  { id: 'contact', path: '/admin/analytics/contact/', permission: 'analytics' },
  { id: 'guide', path: '/admin/guide/', permission: 'writing', localeInPath: true },
  { id: 'deliveries', path: '/admin/support/', permission: 'admin' },
  { id: 'moderation', path: '/admin/moderation/', permission: 'moderation' },
  { id: 'words', path: '/admin/moderation/words/', permission: 'moderation' },
  { id: 'audit', path: '/admin/audit/', permission: 'moderation' },
  { id: 'settings', path: '/admin/moderation/settings/', permission: 'admin' },
];

/** The sections this user may open, in nav order (none for members and visitors). */
export function adminSectionsFor(user: SessionUser | null | undefined) {
  return adminSections.filter((section) => can(user, section.permission));
}

/** A section's link from the current admin page: the filters dropped, the language kept. */
export function adminSectionHref(url: URL, section: (typeof adminSections)[number], locale: Locale): string {
  return section.localeInPath ? `${section.path}${locale}/` : hrefWith(url, {}, section.path, ['lang']);
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
): Promise<{ locale: Locale; user: SessionUser; response?: undefined } | { locale: Locale; user?: undefined; response: Response }> {
  const locale = adminLocale(Astro);
  const guard = await guardPage(Astro, locale, permission);
  return guard.response ? { locale, response: guard.response } : { locale, user: guard.user };
}

/** For endpoints (CSV downloads): a plain 401 or 403 instead of a redirect. */
export function guardAdminEndpoint(context: RequestLike, permission: Permission): { locale: Locale; user: SessionUser; response?: undefined } | { locale: Locale; user?: undefined; response: Response } {
  const locale = adminLocale(context);
  try {
    return { locale, user: requirePermission(context.locals.user, permission) };
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    return {
      locale,
      response: new Response(error.status === 401 ? 'Sign-in required\n' : 'Forbidden\n', {
        status: error.status,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
      }),
    };
  }
}

/**
 * This page's path and query with some parameters changed (null or '' removes one). `path`
 * switches to another page and keeps only the parameters named in `keep`.
 */
export function hrefWith(url: URL, changes: Record<string, string | null | undefined> = {}, path?: string, keep?: readonly string[]): string {
  const params = new URLSearchParams(url.search);
  if (keep) for (const name of [...params.keys()]) if (!keep.includes(name)) params.delete(name);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return `${path ?? url.pathname}${query ? `?${query}` : ''}`;
}

/** The same page, with the same filters, in every UI language. */
export function languageAlternates(url: URL): Record<Locale, string> {
  return Object.fromEntries(locales.map((l) => [l, hrefWith(url, { lang: l })])) as Record<Locale, string>;
}
