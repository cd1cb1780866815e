// What is one member's on the members' shared thread page (src/lib/forum/thread-viewer.ts), for
// that page's script, answered in front of the page renderer as the vote beacon is
// (./vote-beacon.ts): a handful of small reads, where Astro's pipeline cost several times them,
// and one such request comes with every signed-in thread view. GET THREAD_VIEWER_PATH
// ?thread=<id>&page=<n>, same-origin, never cached: the state as JSON; 401 without a session (the
// stale cookie is dropped, so the page script's reload comes back anonymous); 404 when readers
// cannot see that page. `personal` comes with PERSONAL_COOKIE: this browser gets its own pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Db } from '../db/index.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from '../auth/session.ts';
import { threadRoute } from '../forum/thread-view.ts';
import { threadViewerState } from '../forum/thread-viewer.ts';
import { isCrossSiteFetch } from './fetch-site.ts';
import { REQUEST_ID_HEADER } from './request-log.ts';
import { PERSONAL_COOKIE } from './shared-variant.ts';
import type { Logger } from '../log.ts';

export const THREAD_VIEWER_PATH = '/api/community/viewer/';

function answer(res: ServerResponse, status: number, body: object, cookies: string[] = []): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'private, no-store',
    ...(cookies.length ? { 'Set-Cookie': cookies } : {}),
  });
  res.end(JSON.stringify(body));
}

export function createThreadViewerEndpoint({
  db,
  secureCookies,
  log,
}: {
  db: Db;
  secureCookies: boolean;
  log?: Logger;
}) {
  async function respond(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    if (isCrossSiteFetch(req.headers['sec-fetch-site'])) return answer(res, 403, { error: 'forbidden' });
    const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    const session = token ? await validateSessionToken(db, token) : null;
    if (!session) {
      const drop = token
        ? [stringifySetCookie({ name: SESSION_COOKIE, value: '', path: '/', expires: new Date(0) })]
        : [];
      return answer(res, 401, { error: 'unauthorized' }, drop);
    }
    const cookies = session.refreshed
      ? [
          stringifySetCookie({
            name: SESSION_COOKIE,
            value: token!,
            ...sessionCookieOptions(session.session.expiresAt, secureCookies),
          }),
        ]
      : [];
    const route = threadRoute(query.get('thread') ?? undefined, query.get('page'));
    const state = route && (await threadViewerState(db, session.user, route.threadId, route.page));
    if (!state) return answer(res, 404, { error: 'notFound' }, cookies);
    if (state.personal)
      cookies.push(
        stringifySetCookie({
          name: PERSONAL_COOKIE,
          value: '1',
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookies,
          maxAge: state.forSeconds,
        }),
      );
    answer(res, 200, state, cookies);
  }

  return {
    /** Answers the request and returns true when it asks for a reader's thread state; otherwise leaves it alone. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (req.method !== 'GET' || !req.url?.startsWith(THREAD_VIEWER_PATH)) return false;
      const url = new URL(req.url, 'http://site');
      if (url.pathname !== THREAD_VIEWER_PATH) return false;
      respond(req, res, url.searchParams).catch((error: unknown) => {
        if (log) log.error({ reqId: req.headers[REQUEST_ID_HEADER], err: error }, 'thread viewer state failed');
        else console.error('thread viewer state:', error);
        if (!res.headersSent) answer(res, 500, { error: 'failed' });
        else res.destroy();
      });
      return true;
    },
  };
}
