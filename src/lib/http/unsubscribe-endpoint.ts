// One-click unsubscribe (RFC 8058), answered in front of Astro. A mail client that offers
// "Unsubscribe" POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe URL from its own
// servers: no session, no Origin of ours, so Astro's checkOrigin (which refuses any form post
// without our Origin) would refuse it. Only this one path is answered here, and only the signed
// token in its query authorizes anything (src/lib/notification-mail/unsubscribe.ts): a forged
// cross-site post can do no more than the mail's own recipient could.
// - POST /api/unsubscribe/?token=…           → 200 text (the mail client's one-click)
// - POST /api/unsubscribe/?token=…&back=fa   → 303 to the localized page (its button, no script needed)
// - GET  /api/unsubscribe/?token=…           → 303 to the localized page, which asks first: mail
//   scanners open every link in a mail, and a GET must never unsubscribe.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bestLocale, isLocale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import { unsubscribe } from '../notification-mail/unsubscribe.ts';
import { REQUEST_ID_HEADER } from './request-log.ts';
import type { Logger } from '../log.ts';

export const UNSUBSCRIBE_PATH = '/api/unsubscribe/';

const pagePath = (locale: string, token: string) =>
  `/${locale}/account/unsubscribe/?token=${encodeURIComponent(token)}`;

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

export function createUnsubscribeEndpoint({ db, log }: { db: Db; log?: Logger }) {
  async function respond(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const token = query.get('token') ?? '';
    const back = query.get('back');
    if (req.method === 'GET' || req.method === 'HEAD')
      return redirect(res, pagePath(bestLocale(req.headers['accept-language']), token));
    // The body says only `List-Unsubscribe=One-Click`; the token is in the URL. Read and drop it.
    req.resume();
    const done = await unsubscribe(db, token);
    if (isLocale(back)) return redirect(res, pagePath(back, token));
    if (!done) return plain(res, 400, 'This unsubscribe link is not valid.');
    plain(res, 200, 'Unsubscribed.');
  }

  return {
    /** Answers the request and returns true when it is for UNSUBSCRIBE_PATH; otherwise leaves it alone. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (!req.url?.startsWith(UNSUBSCRIBE_PATH)) return false;
      const url = new URL(req.url, 'http://site');
      if (url.pathname !== UNSUBSCRIBE_PATH) return false;
      if (!['GET', 'HEAD', 'POST'].includes(req.method ?? '')) {
        res.writeHead(405, { Allow: 'GET, HEAD, POST' });
        res.end();
        return true;
      }
      respond(req, res, url.searchParams).catch((error: unknown) => {
        if (log) log.error({ reqId: req.headers[REQUEST_ID_HEADER], err: error }, 'unsubscribe failed');
        else console.error('unsubscribe:', error);
        if (!res.headersSent) plain(res, 500, 'Something went wrong; please try again.');
        else res.destroy();
      });
      return true;
    },
  };
}
