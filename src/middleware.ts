// Reads the session cookie on on-demand requests and puts the user on Astro.locals, then the UI
// language and its messages (locals.locale, locals.t). It does not authorize anything: each page,
// action and endpoint calls requirePermission itself. It also hands the route pattern out to the
// request log and logs what a page or action throws, with the request id (src/lib/http/request-log.ts).
import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { defaultLocale, isLocale, useTranslations, type Locale } from '@/i18n/index.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from '@/lib/auth/session.ts';
import { alwaysPersonalFor } from '@/lib/forum/thread-viewer.ts';
import { ANONYMOUS_CACHE_HEADER } from '@/lib/http/anonymous-cache.ts';
import { PERSONAL_COOKIE } from '@/lib/http/shared-variant.ts';
import { REQUEST_ID_HEADER, ROUTE_PATTERN_HEADER } from '@/lib/http/request-log.ts';
import { servedByOurServer } from '@/lib/env.ts';
import { logger } from '@/lib/log.ts';
import { getDb } from '@/server/context.ts';
import { adminLocale } from '@/server/guards.ts';
import { askForOwnPages } from '@/server/shared-page.ts';

function setLocale(locals: App.Locals, locale: Locale): void {
  locals.locale = locale;
  Object.assign(locals, useTranslations(locale));
}

/** What the built server entry answers when it was started on its own (see servedByOurServer). */
const NOT_OUR_SERVER =
  'This server was started without `npm start`, which is what checks forwarded headers, body sizes and rate limits: start the site with `npm start` (README, "Deploying").\n';

/** Said once per process, not per request. */
let refusalLogged = false;

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return session(context, next);
  if (!import.meta.env.DEV && !servedByOurServer()) {
    if (!refusalLogged) logger().error('the server entry was started on its own: start the site with `npm start`');
    refusalLogged = true;
    return new Response(NOT_OUR_SERVER, { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  let response: Response;
  try {
    response = await session(context, next);
  } catch (error) {
    logger().error(
      { reqId: context.request.headers.get(REQUEST_ID_HEADER), route: context.routePattern, err: error },
      'request failed',
    );
    throw error;
  }
  response.headers.set(ROUTE_PATTERN_HEADER, context.routePattern);
  return response;
});

async function session(context: APIContext, next: MiddlewareNext): Promise<Response> {
  context.locals.user = null;
  context.locals.session = null;
  context.locals.sharedPage = false;
  const routeLocale = context.params.locale;
  setLocale(context.locals, isLocale(routeLocale) ? routeLocale : defaultLocale);
  if (context.isPrerendered) return next();

  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const result = await validateSessionToken(getDb(), token);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      // Staff, writers and paused members never get the members' shared pages (src/server/shared-page.ts).
      const personalFor = alwaysPersonalFor(result.user);
      if (personalFor && !context.cookies.has(PERSONAL_COOKIE)) askForOwnPages(context.cookies, personalFor);
      if (result.refreshed)
        context.cookies.set(
          SESSION_COOKIE,
          token,
          sessionCookieOptions(result.session.expiresAt, !import.meta.env.DEV),
        );
    } else {
      context.cookies.delete(SESSION_COOKIE, { path: '/' });
    }
  }
  // /admin/ pages carry no locale in their path (the writers' guide does): ?lang=, the user's, Accept-Language.
  if (!isLocale(routeLocale) && context.url.pathname.startsWith('/admin/'))
    setLocale(context.locals, adminLocale(context));
  const response = await next();
  // Pages that depend on who is signed in must never be cached by shared caches, ours included.
  if (context.locals.user || token) {
    response.headers.set('Cache-Control', 'private, no-store');
    response.headers.delete(ANONYMOUS_CACHE_HEADER);
  }
  return response;
}
