// A short-lived cache of whole responses for readers who are not signed in, in front of the
// page renderer (Discourse's "anonymous cache" idea). Most forum traffic is anonymous and reads
// the same popular pages; rendering a 50-post thread costs tens of milliseconds, replaying it
// from memory costs microseconds. A page opts in per response with the ANONYMOUS_CACHE_HEADER
// (seconds to keep); the header never leaves the server. Signed-in readers get a fresh page,
// except one kind: a member whose browser runs scripts reading a thread gets the page every such
// member gets (MEMBER_CACHE_HEADER, kept under a key of its own; ./shared-variant.ts says who),
// and the page's script fetches what is theirs (votes, flags, watching) as JSON. Readers may see
// a page up to the opt-in's seconds old, and not even that after a signed-in reader's write: this
// process clears at once, and `onWrite` tells the other processes of a scaled-out site to clear too
// (./anonymous-cache-sync.ts; without it they catch up within those seconds). Responses are stored
// as sent (already compressed), one copy per content coding, so a hit costs no compression.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { REQUEST_ID_HEADER } from './request-log.ts';
import { sharedVariant, type SharedVariant } from './shared-variant.ts';

export const ANONYMOUS_CACHE_HEADER = 'x-anonymous-cache';
/** A page's opt-in for the page shared by signed-in members whose browser runs scripts. */
export const MEMBER_CACHE_HEADER = 'x-member-cache';

export interface AnonymousCacheOptions {
  /** Requests carrying this cookie are signed in and never served from or stored in the cache. */
  sessionCookie: string;
  /** Upper bound on the seconds a page may ask for (0 turns the cache off). */
  maxSeconds: number;
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
  /** Called after a write cleared this cache: tells the other processes (see ./anonymous-cache-sync.ts). */
  onWrite?: () => void;
}

interface Entry {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  expiresAt: number;
}

export interface AnonymousCacheStats {
  hits: number;
  misses: number;
  stored: number;
  entries: number;
  bytes: number;
}

// The `compression` middleware's own choice, made the same way: its encodings in its order of
// preference (compression 1.8 with Node's brotli: SUPPORTED_ENCODING, PREFERRED_ENCODING), the
// same negotiator package (package.json pins the range compression uses, so npm keeps one copy),
// and identity for a request without Accept-Encoding (its default enforceEncoding). A hand-made
// parser disagreed with it: `br;q=0.5, gzip` was keyed br and sent gzip.
const ENCODINGS = ['br', 'gzip', 'deflate', 'identity'];
const PREFERRED_ENCODINGS = ['br', 'gzip'];

export type ContentCoding = 'br' | 'gzip' | 'deflate' | 'identity';

/** The coding the `compression` middleware will pick for this request (identity when none is acceptable). */
export function preferredCoding(acceptEncoding: string | undefined): ContentCoding {
  if (!acceptEncoding) return 'identity';
  // @types/negotiator predates the `preferred` argument, which negotiator 0.6.4 takes.
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as Negotiator & {
    encoding(available: string[], preferred: string[]): string | undefined;
  };
  return (negotiator.encoding(ENCODINGS, PREFERRED_ENCODINGS) as ContentCoding | undefined) ?? 'identity';
}

function hasCookie(header: string | undefined, name: string): boolean {
  if (!header) return false;
  return header.split(';').some((pair) => pair.trim().startsWith(`${name}=`));
}

export function createAnonymousCache(options: AnonymousCacheOptions) {
  const maxEntries = options.maxEntries ?? 2_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on a hit makes it a small LRU.
  const entries = new Map<string, Entry>();
  const stats = { hits: 0, misses: 0, stored: 0, bytes: 0 };

  const keyOf = (variant: 'anonymous' | 'member', coding: ContentCoding, req: IncomingMessage) =>
    `${variant} ${coding} ${req.headers.host ?? ''} ${req.url ?? ''}`;

  function evict(): void {
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries && stats.bytes <= maxBytes) return;
      entries.delete(key);
      stats.bytes -= entry.body.length;
    }
  }

  function variantOf(req: IncomingMessage): SharedVariant {
    if (options.maxSeconds <= 0 || req.method !== 'GET') return null;
    return sharedVariant((name) => hasCookie(req.headers.cookie, name), options.sessionCookie);
  }

  /**
   * Serves the request from the cache when it can (returns true). Otherwise arranges for the
   * response to be stored if the page opts in, and returns false: the caller renders as usual.
   * Call it before any middleware that wraps `res` (compression), so what is stored is what
   * goes out on the wire.
   */
  // Bumped by every clear, so a page rendered before a write and finished after it is not kept.
  let generation = 0;

  function clear(): void {
    generation++;
    entries.clear();
    stats.bytes = 0;
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    // A signed-in reader's form post or action (a reply, an edit, a moderator's hide) may change
    // what anonymous readers see: start over once it is done. Beacons under /api/ (views, search
    // events) change nothing anonymous readers must see at once, and would empty it constantly.
    if (
      req.method !== 'GET' &&
      req.method !== 'HEAD' &&
      hasCookie(req.headers.cookie, options.sessionCookie) &&
      !req.url?.startsWith('/api/')
    ) {
      res.once('finish', () => {
        clear();
        options.onWrite?.();
      });
    }
    // The opt-in header is internal whatever happens to this request.
    const writeHead = res.writeHead;
    const coding = preferredCoding(req.headers['accept-encoding']);
    const variant = variantOf(req);
    const key = variant ? keyOf(variant, coding, req) : null;
    // Only the opt-in for this request's variant counts: a members' page is never replayed to an
    // anonymous reader, nor the reverse.
    const optInHeader = variant === 'member' ? MEMBER_CACHE_HEADER : ANONYMOUS_CACHE_HEADER;
    if (key) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) {
        entries.delete(key);
        entries.set(key, entry);
        stats.hits++;
        res.writeHead(entry.status, { ...entry.headers, 'content-length': entry.body.length });
        res.end(entry.body);
        return true;
      }
      if (entry) {
        entries.delete(key);
        stats.bytes -= entry.body.length;
      }
      stats.misses++;
    }

    let keepSeconds = 0;
    let headers: OutgoingHttpHeaders = {};
    // writeHead(status, [statusMessage], [headers]): one signature for both overloads.
    const originalWriteHead = writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      // Headers passed to writeHead directly (not through setHeader) are folded in first, so the
      // opt-in is found wherever the renderer put it.
      const [status, second, third] = args as [number, unknown, unknown];
      const given = (typeof second === 'object' && second !== null ? second : third) as OutgoingHttpHeaders | undefined;
      // A raw header list is rare (nothing of ours sends one): pass it through, never store it.
      if (Array.isArray(given)) {
        this.removeHeader(ANONYMOUS_CACHE_HEADER);
        this.removeHeader(MEMBER_CACHE_HEADER);
        return originalWriteHead.apply(this, args);
      }
      if (given)
        for (const [name, value] of Object.entries(given)) if (value !== undefined) this.setHeader(name, value);
      const optIn = this.getHeader(optInHeader);
      this.removeHeader(ANONYMOUS_CACHE_HEADER);
      this.removeHeader(MEMBER_CACHE_HEADER);
      keepSeconds = Math.min(options.maxSeconds, Number(optIn) || 0);
      // Never bytes under a coding they are not in (identity suits every client of the key: the
      // middleware sends it for small or incompressible bodies, and would again).
      const sent = String(this.getHeader('content-encoding') ?? 'identity');
      if (
        keepSeconds > 0 &&
        key &&
        status === 200 &&
        !this.hasHeader('set-cookie') &&
        (sent === coding || sent === 'identity')
      ) {
        // Shared caches on the way must keep one copy per coding too.
        const vary = String(this.getHeader('vary') ?? '');
        if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
          this.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
        headers = { ...this.getHeaders() };
      } else keepSeconds = 0;
      return typeof second === 'string'
        ? originalWriteHead.call(this, status, second)
        : originalWriteHead.call(this, status);
    } as ServerResponse['writeHead'];

    if (!key) return false;
    const startedIn = generation;
    const chunks: Buffer[] = [];
    const write = res.write;
    const end = res.end;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : typeof chunk === 'string'
            ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
            : Buffer.from(chunk as Uint8Array),
      );
    };
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0]);
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as ServerResponse['write'];
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0]);
      return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } as ServerResponse['end'];
    res.once('finish', () => {
      if (keepSeconds <= 0 || generation !== startedIn) return;
      const body = Buffer.concat(chunks);
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      // Per connection, not per page (a response during shutdown closes its connection).
      delete headers.connection;
      // Per request: a replay carries its own request's id (./request-log.ts).
      delete headers[REQUEST_ID_HEADER];
      const previous = entries.get(key);
      if (previous) stats.bytes -= previous.body.length;
      entries.delete(key);
      entries.set(key, { status: 200, headers, body, expiresAt: now() + keepSeconds * 1000 });
      stats.bytes += body.length;
      stats.stored++;
      evict();
    });
    return false;
  }

  return {
    handle,
    clear,
    stats: (): AnonymousCacheStats => ({ ...stats, entries: entries.size }),
  };
}

/** How long forum pages may be replayed to anonymous readers: fresh enough for a conversation. */
export const ANONYMOUS_PAGE_SECONDS = 10;

/** A page's opt-in: this response is the same for every reader who is not signed in. */
export function allowAnonymousCache(headers: Headers, seconds = ANONYMOUS_PAGE_SECONDS): void {
  headers.set(ANONYMOUS_CACHE_HEADER, String(seconds));
}

/** A page's opt-in: this response is the members' shared page (nothing in it is one member's). */
export function allowMemberCache(headers: Headers, seconds = ANONYMOUS_PAGE_SECONDS): void {
  headers.set(MEMBER_CACHE_HEADER, String(seconds));
}
