// The article feedback box's fetch path, answered in front of the page renderer: a vote is a
// few hundred bytes in and a step name out, and going through the full page pipeline cost more
// than the write itself. It takes only what it fully understands (POST /{locale}/feedback/,
// urlencoded, asking for JSON, from this site); everything else, the no-JavaScript form post
// included, goes on to src/pages/[locale]/feedback/ which uses the same VoteIntake.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { voteOutcomeMessage, type VoteIntake } from '../analytics/vote-intake.ts';
import { isVisitorId, newVisitorId, VISITOR_COOKIE, visitorCookieOptions } from '../analytics/visitor.ts';
import { BODY_LIMITS, bufferedBody } from './body-limit.ts';
import { clientAddress } from './forwarded.ts';
import { REQUEST_ID_HEADER } from './request-log.ts';
import type { Logger } from '../log.ts';

/** A comment is at most 1,000 characters; percent-encoded that is at most ~12 KB. */
const MAX_BODY_BYTES = BODY_LIMITS.beacon;
/** Any two-letter prefix; `isLocale` decides, so the list of locales lives in one place. */
const PATH = /^\/([a-z]{2})\/feedback\/$/;

/** Same-site check as Astro's checkOrigin: a cross-site form post is refused. */
function fromThisSite(req: IncomingMessage): boolean {
  const { origin, host } = req.headers;
  return Boolean(origin && host) && (origin === `http://${host}` || origin === `https://${host}`);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  // A chunked body was read already, by the server's limit in front (./body-limit.ts).
  const buffered = bufferedBody(req);
  if (buffered) return Promise.resolve(buffered.length <= MAX_BODY_BYTES ? buffered.toString('utf8') : undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function createVoteBeacon({
  intake,
  secureCookies,
  log,
}: {
  intake: VoteIntake;
  secureCookies: boolean;
  /** Where a failure goes, with the request id (console without it). */
  log?: Logger;
}) {
  async function respond(req: IncomingMessage, res: ServerResponse, locale: Locale): Promise<void> {
    if (!fromThisSite(req))
      return answer(res, 403, {
        ok: false,
        error: voteOutcomeMessage(locale, { ok: false, status: 403, error: 'forbidden' }),
      });
    const body = await readBody(req);
    if (body === undefined)
      return answer(res, 413, {
        ok: false,
        error: voteOutcomeMessage(locale, { ok: false, status: 413, error: 'tooLarge' }),
      });
    const fields: Record<string, string> = {};
    // The first value of each field, as a form post is read (src/lib/http/form.ts).
    for (const [name, value] of new URLSearchParams(body)) if (!(name in fields)) fields[name] = value;
    let visitor = parseCookie(req.headers.cookie ?? '')[VISITOR_COOKIE];
    const headers: Record<string, string> = {};
    if (!isVisitorId(visitor)) {
      visitor = newVisitorId();
      headers['Set-Cookie'] = stringifySetCookie({
        name: VISITOR_COOKIE,
        value: visitor,
        ...visitorCookieOptions(secureCookies),
      });
    }
    const outcome = await intake.submit({
      fields,
      userAgent: req.headers['user-agent'] ?? null,
      // Through trusted proxies only (./forwarded.ts), as Astro's clientAddress.
      clientAddress: clientAddress(req),
      visitor,
    });
    if (outcome.ok) return answer(res, 200, { ok: true, step: outcome.step }, headers);
    if (outcome.error === 'rateLimited') headers['Retry-After'] = String(outcome.retryAfterSeconds);
    answer(res, outcome.status, { ok: false, error: voteOutcomeMessage(locale, outcome) }, headers);
  }

  return {
    /** Answers the request and returns true when it is a vote beacon; otherwise leaves it alone. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (req.method !== 'POST') return false;
      const locale = PATH.exec(req.url ?? '')?.[1];
      if (!locale || !isLocale(locale)) return false;
      if (!(req.headers.accept ?? '').includes('application/json')) return false;
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return false;
      respond(req, res, locale).catch((error: unknown) => {
        if (log) log.error({ reqId: req.headers[REQUEST_ID_HEADER], err: error }, 'vote beacon failed');
        else console.error('vote beacon:', error);
        if (!res.headersSent) answer(res, 500, { ok: false });
        else res.destroy();
      });
      return true;
    },
  };
}
