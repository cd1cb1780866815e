// Reads the session cookie on on-demand requests and puts the user on Astro.locals. It does not
// authorize anything: each page, action and endpoint calls requirePermission itself.
import { defineMiddleware } from 'astro:middleware';
import { getDb } from './runtime.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from './lib/auth/session.ts';
import { ANONYMOUS_CACHE_HEADER } from './lib/http/anonymous-cache.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  if (context.isPrerendered) return next();

  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const result = await validateSessionToken(getDb(), token);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      if (result.refreshed) context.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(result.session.expiresAt, !import.meta.env.DEV));
    } else {
      context.cookies.delete(SESSION_COOKIE, { path: '/' });
    }
  }
  const response = await next();
  // Pages that depend on who is signed in must never be cached by shared caches, ours included.
  if (context.locals.user || token) {
    response.headers.set('Cache-Control', 'private, no-store');
    response.headers.delete(ANONYMOUS_CACHE_HEADER);
  }
  return response;
});
