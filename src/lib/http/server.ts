// Our own http server around Astro's handler (static files + on-demand pages), as `npm start`
// runs it (src/cli/start.ts builds the parts): every response, static ones included, carries the
// security headers and is compressed when that helps (the `compression` middleware: gzip/brotli
// negotiation, skips already-compressed types; Pagefind's JavaScript shrinks to a third). Bodies
// are bounded before anything reads them (./body-limit.ts); article votes (./vote-beacon.ts),
// the shared thread page's viewer JSON (./thread-viewer-endpoint.ts) and the anonymous cache
// (./anonymous-cache.ts) answer before the page renderer. First of all,
// the client's address and forwarded headers are settled (./forwarded.ts), the request gets its
// id and its log line (./request-log.ts), and health checks (./health.ts) are answered.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import compression from 'compression';
import { declaredOverLimit, limitBody } from './body-limit.ts';
import { staticCacheControl } from './cache-control.ts';
import { staticContentType } from './feed-files.ts';
import { securityHeaders } from './security-headers.ts';
import { proxyTrust, resolveForwarded, type ProxyTrust } from './forwarded.ts';
import { logRequest, REQUEST_ID_HEADER, requestIdOf } from './request-log.ts';
import type { Logger } from '../log.ts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers the request and returns true when it is theirs; otherwise leaves it alone. */
interface Responder {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

export interface SiteParts {
  /** Astro's handler from the built server entry. */
  astro: NodeHandler;
  /** The built site's client directory (static files). */
  clientDir: string;
  voteBeacon?: Responder;
  /** The members' shared thread page's viewer JSON (./thread-viewer-endpoint.ts). */
  threadViewer?: Responder;
  /** Must come before compression, so what it stores is what goes out on the wire. */
  anonymousCache?: Responder;
  health?: Responder;
  /** Which peers' X-Forwarded-* headers to believe (TRUST_PROXY); nobody's by default. */
  trust?: ProxyTrust;
  /** The site's public origin (SITE_URL): an https one adds Strict-Transport-Security. */
  siteOrigin?: string;
  /** Where each request's line goes; none without it. */
  log?: Logger;
}

/** A year; no `preload`, which is a promise about every subdomain that only the operator can make. */
const HSTS = 'max-age=31536000';

export function createSiteHandler(parts: SiteParts): NodeHandler {
  const compress = compression();
  const headerList = Object.entries(securityHeaders);
  if (parts.siteOrigin?.startsWith('https:')) headerList.push(['Strict-Transport-Security', HSTS]);
  const trust = parts.trust ?? proxyTrust(undefined);
  return (req, res) => {
    resolveForwarded(req, trust);
    const id = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, id);
    // Overwritten by whatever answers in front of Astro; Astro's own answers name their route.
    let route = 'static';
    logRequest(parts.log, req, res, { id, route: () => route });
    for (const [name, value] of headerList) res.setHeader(name, value);
    if (parts.health?.handle(req, res)) {
      route = req.url!.split('?')[0]!;
      return;
    }
    limitBody(req, res, () => {
      if (parts.voteBeacon?.handle(req, res)) {
        route = 'vote-beacon';
        return;
      }
      if (parts.threadViewer?.handle(req, res)) {
        route = 'thread-viewer';
        return;
      }
      if (parts.anonymousCache?.handle(req, res)) {
        route = 'anonymous-cache';
        return;
      }
      // Set before Astro's static handler, which keeps a Cache-Control and a Content-Type it finds.
      const pathname = req.url?.split('?')[0] ?? '';
      const cacheControl = staticCacheControl(parts.clientDir, pathname);
      if (cacheControl) res.setHeader('Cache-Control', cacheControl);
      const contentType = staticContentType(parts.clientDir, pathname);
      if (contentType) res.setHeader('Content-Type', contentType);
      compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () =>
        parts.astro(req, res),
      );
    });
  };
}

export interface SiteServer {
  server: Server;
  listen(port: number, host: string): Promise<void>;
  /**
   * Graceful stop: refuses new connections at once and closes idle keep-alive ones; requests in
   * flight (and any that arrive on a connection already open) are answered, each with
   * `Connection: close`, and their connections close after them. Connections still open after
   * `forceAfterMs` are cut. Resolves when none is left.
   */
  close(options?: { forceAfterMs?: number }): Promise<void>;
}

export function createSiteServer(handler: NodeHandler): SiteServer {
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  const track = (res: ServerResponse) => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  };
  const server = createServer((req, res) => {
    track(res);
    handler(req, res);
  });
  // `Expect: 100-continue` (curl and others, for large bodies): a body declared too large is
  // refused (by the handler's limit) before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    track(res);
    if (!declaredOverLimit(req)) res.writeContinue();
    handler(req, res);
  });

  return {
    server,
    listen: (port, host) =>
      new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve)),
    async close({ forceAfterMs = 7_000 } = {}) {
      closing = true;
      // server.close also closes the idle keep-alive connections (Node 19+).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader('Connection', 'close');
        // A response already under way keeps its connection alive: close it once idle.
        else res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
      }
      const force = setTimeout(() => server.closeAllConnections(), forceAfterMs);
      try {
        await closed;
      } finally {
        clearTimeout(force);
      }
    },
  };
}
