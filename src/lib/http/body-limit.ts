// Request bodies are bounded before anything reads them. Astro's node adapter reads a whole body
// into memory when a page asks for its form, up to its bodySizeLimit (1 GiB by default): one
// 256 MB post to the sign-in page grew the server by over a gigabyte. Here, in our server in
// front of it, each kind of route gets a limit (astro.config.mjs gives the adapter the largest,
// as a backstop). A declared Content-Length over it is refused before a byte of the body is read
// (Node's parser never delivers more than the declared length); a body without one (chunked) is
// read up to the limit, refused as soon as it goes over, and otherwise handed on whole as
// `req.body`, where Astro's adapter looks first (the place body parsers in front of it use).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bestLocale, isLocale, localeFromPath, useTranslations, type Locale } from '../../i18n/index.ts';

export const BODY_LIMITS = {
  /** `/api/…` beacons and the article vote (a comment of 1,000 characters is ~12 KB percent-encoded). */
  beacon: 32 * 1024,
  /** The watched-words CSV import (256 KB of text in a multipart form; the page says so itself below ~600 KB). */
  import: 2 * 1024 * 1024,
  /** Every other form: a forum post of 20,000 Persian characters is ~120 KB urlencoded. */
  form: 256 * 1024,
} as const;

export type BodyKind = keyof typeof BODY_LIMITS;

const VOTE_PATH = /^\/[a-z]{2}\/feedback\/$/;

export function bodyKindOf(pathname: string): BodyKind {
  if (pathname.startsWith('/api/') || VOTE_PATH.test(pathname)) return 'beacon';
  if (pathname === '/admin/moderation/words/') return 'import';
  return 'form';
}

/** The body a chunked request was read into by `limitBody`, if it was. */
export function bufferedBody(req: IncomingMessage): Buffer | undefined {
  const body = (req as IncomingMessage & { body?: unknown }).body;
  return Buffer.isBuffer(body) ? body : undefined;
}

function localeOf(req: IncomingMessage, url: URL): Locale {
  const lang = url.searchParams.get('lang');
  return localeFromPath(url.pathname) ?? (isLocale(lang) ? lang : bestLocale(req.headers['accept-language']));
}

/** How long the rest of a refused body is read (and dropped) before its connection is cut. */
const LINGER_MS = 2_000;

/** 413 in the reader's language, as JSON for fetch callers (the shape our beacons answer in); the connection closes after it. */
function refuse(req: IncomingMessage, res: ServerResponse, url: URL, limit: number): void {
  const { t } = useTranslations(localeOf(req, url));
  const message = t('http.tooLarge', { size: Math.round(limit / 1024) });
  const json = (req.headers.accept ?? '').includes('application/json');
  res.writeHead(413, {
    'Content-Type': `${json ? 'application/json' : 'text/plain'}; charset=utf-8`,
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  lingerOnClose(req);
  res.end(json ? JSON.stringify({ ok: false, error: message }) : message);
}

/**
 * Node ends a `Connection: close` answer by destroying the socket as soon as it is written; with
 * the client still sending, the kernel then resets the connection and clients often lose the 413
 * with it. Instead, as nginx's lingering close does, the answer is followed by a FIN and whatever
 * still arrives is read and dropped (never kept) until the client closes or LINGER_MS pass.
 */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket;
  socket.destroySoon = function (this: typeof socket) {
    this.end();
    req.resume();
    const timer = setTimeout(() => this.destroy(), LINGER_MS).unref();
    this.once('close', () => clearTimeout(timer));
  };
}

function limitOf(req: IncomingMessage): { url: URL; limit: number } {
  const url = new URL(req.url ?? '/', 'http://localhost');
  return { url, limit: BODY_LIMITS[bodyKindOf(url.pathname)] };
}

const declaredLength = (req: IncomingMessage) => Number(req.headers['content-length'] ?? 0);

/** The declared Content-Length is over the route's limit. */
export function declaredOverLimit(req: IncomingMessage): boolean {
  return declaredLength(req) > limitOf(req).limit;
}

/**
 * Calls `next` once the request is known to be within its route's limit; otherwise answers 413
 * and never calls it. A chunked body is read first (at most the limit is ever held).
 */
export function limitBody(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const { url, limit } = limitOf(req);
  if (declaredLength(req) > limit) return refuse(req, res, url, limit);
  if (req.headers['transfer-encoding'] === undefined) return next();
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) return void chunks.push(chunk);
    // Over: keep nothing more; the 413 closes the connection once it is written.
    req.off('data', onData);
    req.off('end', onEnd);
    chunks.length = 0;
    refuse(req, res, url, limit);
  };
  const onEnd = () => {
    (req as IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks, size);
    next();
  };
  req.on('data', onData);
  req.once('end', onEnd);
  // A client that gives up mid-body gets nothing; its socket is gone.
  req.once('error', () => req.off('end', onEnd));
}
