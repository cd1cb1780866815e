// One structured line per request (./../log.ts): method, route, status, duration and request id,
// written when the response is done. The route is Astro's route pattern (the middleware hands it
// out in ROUTE_PATTERN_HEADER, which never leaves the server) or a fixed label for what answers
// in front of Astro; never the path or the query, which may carry tokens. The request id comes
// from a trusted proxy's X-Request-Id (./forwarded.ts drops anybody else's) or is made here; the
// middleware reads it from the same header and the response echoes it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
export const ROUTE_PATTERN_HEADER = 'x-route-pattern';

/** What a proxy may hand us as a request id: short, and nothing a log line could trip over. */
const USABLE_ID = /^[\w.:@-]{1,128}$/;

/** The request's id: the trusted proxy's, else a new one; left on the request for Astro's middleware. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && USABLE_ID.test(given) ? given : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  return id;
}

/**
 * Takes the route pattern off the response and, given a `log`, logs the response once it is done.
 * `route()` names what answered when no route pattern came back from Astro. Health checks log at
 * debug level: a probe every few seconds is noise.
 */
export function logRequest(
  log: Logger | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  { id, route }: { id: string; route: () => string },
): void {
  const started = performance.now();
  let pattern: string | undefined;
  // Take the route pattern off the response before it is sent, whether Astro passes its headers to
  // writeHead (it does) or set them before.
  const writeHead = res.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    for (const arg of args.slice(1)) {
      if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) continue;
      const headers = arg as OutgoingHttpHeaders;
      for (const name of Object.keys(headers))
        if (name.toLowerCase() === ROUTE_PATTERN_HEADER) {
          pattern = String(headers[name]);
          delete headers[name];
        }
    }
    const set = this.getHeader(ROUTE_PATTERN_HEADER);
    if (set !== undefined) {
      pattern = String(set);
      this.removeHeader(ROUTE_PATTERN_HEADER);
    }
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];

  if (!log) return;
  const done = (aborted: boolean) => {
    const line = {
      reqId: id,
      method: req.method,
      route: pattern ?? route(),
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(aborted ? { aborted: true } : {}),
    };
    const health = line.route === '/healthz' || line.route === '/readyz';
    if (res.statusCode >= 500) log.error(line, 'request');
    else if (health) log.debug(line, 'request');
    else log.info(line, 'request');
  };
  let logged = false;
  res.once('finish', () => ((logged = true), done(false)));
  // A client that went away before the answer was complete.
  res.once('close', () => logged || done(true));
}
