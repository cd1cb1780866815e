// Whether a page request may get the members' shared page (src/lib/http/anonymous-cache.ts says
// which requests the cache keeps it for; the rule is the same function): a GET carrying a session
// from a browser that runs scripts, with no query but the page number (`?flag=` and the like
// open something for one reader).
import type { AstroCookies, AstroGlobal } from 'astro';
import { SESSION_COOKIE } from '@/lib/auth/session.ts';
import { allowAnonymousCache, allowMemberCache } from '@/lib/http/anonymous-cache.ts';
import { PERSONAL_COOKIE, sharedVariant } from '@/lib/http/shared-variant.ts';

export function mayShareMemberPage({ request, url, cookies }: AstroGlobal): boolean {
  // `npm run dev` has neither the page cache nor the viewer JSON (both live in our server, src/lib/http/).
  if (import.meta.env.DEV || request.method !== 'GET') return false;
  if ([...url.searchParams.keys()].some((name) => name !== 'page')) return false;
  return sharedVariant((name) => cookies.has(name), SESSION_COOKIE) === 'member';
}

/** From now on (for `seconds`) this browser gets its own pages, never the members' shared ones. */
export function askForOwnPages(cookies: AstroCookies, seconds: number): void {
  cookies.set(PERSONAL_COOKIE, '1', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: !import.meta.env.DEV,
    maxAge: seconds,
  });
}

/**
 * Who a thread page's GET may be replayed to from the page cache: every anonymous reader, every
 * member on the members' shared page, or (a page rendered for one member) nobody. Browsers and
 * shared caches on the way keep none of it.
 */
export function declarePageAudience(astro: AstroGlobal, shared: boolean): void {
  const { request, locals, response } = astro;
  const isGet = request.method === 'GET' || request.method === 'HEAD';
  if (isGet && !locals.user) allowAnonymousCache(response.headers);
  if (shared) allowMemberCache(response.headers);
  locals.sharedPage = shared;
  response.headers.set('Cache-Control', 'private, no-store');
}
