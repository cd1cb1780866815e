// The anonymous cache in front of the renderer, over real HTTP with the same compression
// middleware the server uses: what is stored, what is replayed, and what must never be.
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { gunzipSync, brotliDecompressSync, inflateSync } from 'node:zlib';
import compression from 'compression';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANONYMOUS_CACHE_HEADER,
  createAnonymousCache,
  MEMBER_CACHE_HEADER,
  preferredCoding,
} from '../../../src/lib/http/anonymous-cache.ts';
import { PERSONAL_COOKIE, SCRIPT_COOKIE } from '../../../src/lib/http/shared-variant.ts';
import { createSiteHandler } from '../../../src/lib/http/server.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start(options: { maxSeconds?: number; now?: () => number } = {}) {
  let renders = 0;
  const cache = createAnonymousCache({
    sessionCookie: 'pasokh_session',
    maxSeconds: options.maxSeconds ?? 30,
    ...(options.now ? { now: options.now } : {}),
  });
  const compress = compression({ threshold: 0 });
  server = createServer((req, res) => {
    res.setHeader('X-Frame-Options', 'DENY');
    if (cache.handle(req, res)) return;
    compress(req as never, res as never, () => {
      renders++;
      const url = new URL(req.url ?? '/', 'http://x');
      const headers: Record<string, string | string[]> = { 'content-type': 'text/html; charset=utf-8' };
      if (url.searchParams.has('cache')) headers[ANONYMOUS_CACHE_HEADER] = url.searchParams.get('cache')!;
      if (url.searchParams.has('member')) headers[MEMBER_CACHE_HEADER] = url.searchParams.get('member')!;
      if (url.searchParams.has('cookie')) headers['set-cookie'] = ['a=1; Path=/'];
      // The way Astro's node adapter answers: writeHead with an object, then chunks.
      res.writeHead(url.searchParams.has('missing') ? 404 : 200, headers);
      res.write(`<p>render ${renders} `);
      res.end(`${'مشتری '.repeat(200)}</p>`);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'accept-encoding': 'identity', ...headers },
    });
    return { status: response.status, headers: response.headers, text: method === 'HEAD' ? '' : await response.text() };
  };
  return { cache, get, renders: () => renders };
}

describe('anonymous cache', () => {
  it("keeps the members' shared page apart: only for members whose browser runs scripts, never for anyone else", async () => {
    const { get, renders } = await start();
    const member = { cookie: `pasokh_session=a.b; ${SCRIPT_COOKIE}=1` };
    const otherMember = { cookie: `${SCRIPT_COOKIE}=1; pasokh_session=c.d` };
    // A page that says it is the members' page (both opt-ins, as no page does, to show which counts).
    const path = '/t/2?member=10&cache=10';
    const first = await get(path, member);
    expect(first.headers.has(MEMBER_CACHE_HEADER)).toBe(false);
    expect((await get(path, otherMember)).text).toBe(first.text);
    expect(renders()).toBe(1);
    // Anonymous readers have a key of their own, and so does a browser without scripts or told to get its own pages.
    expect((await get(path)).text).toContain('render 2');
    expect((await get(path, { cookie: 'pasokh_session=a.b' })).text).toContain('render 3');
    expect((await get(path, { cookie: 'pasokh_session=a.b' })).text).toContain('render 4');
    expect((await get(path, { cookie: `${member.cookie}; ${PERSONAL_COOKIE}=1` })).text).toContain('render 5');
    expect((await get(path, member)).text).toBe(first.text);
    // An anonymous opt-in alone is never kept for members, nor a members' opt-in for anonymous readers.
    await get('/t/3?cache=10', member);
    expect((await get('/t/3?cache=10', member)).text).toContain('render 7');
    await get('/t/4?member=10');
    expect((await get('/t/4?member=10')).text).toContain('render 9');
  });

  it('replays an opted-in page to anonymous readers and never leaks the opt-in header', async () => {
    const { cache, get, renders } = await start();
    const first = await get('/t/1?cache=10');
    const second = await get('/t/1?cache=10');
    expect(first.text).toContain('render 1');
    expect(second.text).toBe(first.text);
    expect(renders()).toBe(1);
    expect(first.headers.has(ANONYMOUS_CACHE_HEADER)).toBe(false);
    expect(second.headers.has(ANONYMOUS_CACHE_HEADER)).toBe(false);
    expect(second.headers.get('x-frame-options')).toBe('DENY');
    expect(cache.stats()).toMatchObject({ hits: 1, stored: 1, entries: 1 });
  });

  it('keeps one copy per content coding, already compressed', async () => {
    const { renders } = await start();
    const { port } = server!.address() as { port: number };
    // Raw bytes off the wire (fetch would decode them for us).
    const raw = (coding: string) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/x?cache=10', headers: { 'accept-encoding': coding } }, (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const decode = ({ encoding, body }: { encoding: string | undefined; body: Buffer }) =>
      (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
    const first = [await raw('gzip, deflate, br'), await raw('gzip'), await raw('identity')];
    const again = [await raw('br'), await raw('gzip;q=1, br;q=0'), await raw('')];
    expect(first.map((r) => r.encoding)).toEqual(['br', 'gzip', undefined]);
    expect(again.map((r) => r.encoding)).toEqual(['br', 'gzip', undefined]);
    expect(renders()).toBe(3);
    expect(again.map(decode)).toEqual(first.map(decode));
    expect(decode(again[0]!)).toContain('render 1');
    expect(decode(again[2]!)).toContain('render 3');
  });

  it('never serves or stores for a signed-in reader, a cookie-setting page, an error, HEAD or POST', async () => {
    const { cache, get, renders } = await start();
    await get('/a?cache=10', { cookie: 'x=1; pasokh_session=abc.def' });
    await get('/a?cache=10', { cookie: 'pasokh_session=abc.def' });
    await get('/b?cache=10&cookie=1');
    await get('/b?cache=10&cookie=1');
    await get('/c?cache=10&missing=1');
    await get('/c?cache=10&missing=1');
    await get('/d?cache=10', {}, 'POST');
    await get('/d?cache=10', {}, 'POST');
    await get('/e?cache=10', {}, 'HEAD');
    await get('/e?cache=10', {}, 'HEAD');
    await get('/f');
    await get('/f');
    expect(renders()).toBe(12);
    expect(cache.stats()).toMatchObject({ hits: 0, stored: 0, entries: 0 });
    // A signed-in reader does not get the anonymous copy either.
    await get('/g?cache=10');
    const signedIn = await get('/g?cache=10', { cookie: 'pasokh_session=abc.def' });
    expect(signedIn.text).toContain('render 14');
  });

  it('expires entries after the seconds asked for, capped by the server', async () => {
    let now = 1_000_000;
    const { get, renders } = await start({ maxSeconds: 5, now: () => now });
    await get('/t?cache=60');
    now += 4_000;
    await get('/t?cache=60');
    expect(renders()).toBe(1);
    now += 1_500; // past the server's cap of 5 s, though the page asked for 60
    await get('/t?cache=60');
    expect(renders()).toBe(2);
  });

  it('is off with maxSeconds 0', async () => {
    const { get, renders } = await start({ maxSeconds: 0 });
    await get('/t?cache=10');
    const second = await get('/t?cache=10');
    expect(renders()).toBe(2);
    expect(second.headers.has(ANONYMOUS_CACHE_HEADER)).toBe(false);
  });

  it('picks the coding the compression middleware picks', () => {
    expect(preferredCoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredCoding('gzip')).toBe('gzip');
    expect(preferredCoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(preferredCoding('identity')).toBe('identity');
    expect(preferredCoding(undefined)).toBe('identity');
    expect(preferredCoding('*')).toBe('br');
  });
});

describe('anonymous cache after a write', () => {
  it('starts over after a signed-in reader posts a form or an action, not after a beacon', async () => {
    const { cache, get, renders } = await start();
    await get('/t?cache=10');
    await get('/api/community/views/', { cookie: 'pasokh_session=a.b' }, 'POST');
    await get('/t?cache=10', {}, 'POST'); // anonymous: cannot change anything
    await get('/t?cache=10');
    expect(cache.stats().hits).toBe(1);
    await get('/_actions/forum.edit', { cookie: 'pasokh_session=a.b' }, 'POST');
    const after = await get('/t?cache=10');
    expect(after.text).toContain(`render ${renders()}`);
    expect(cache.stats().hits).toBe(1);
    expect(renders()).toBe(5);
  });
});

// The cache and the compression middleware composed as the server composes them
// (src/lib/http/server.ts): the copy a client gets is in the coding it asked for, whatever
// the cache's key and the middleware's choice might disagree about.
describe('anonymous cache in the site handler', () => {
  async function startSite() {
    let renders = 0;
    const cache = createAnonymousCache({ sessionCookie: 'pasokh_session', maxSeconds: 30 });
    const handler = createSiteHandler({
      clientDir: tmpdir(),
      anonymousCache: cache,
      astro: (req, res) => {
        renders++;
        const url = new URL(req.url ?? '/', 'http://x');
        // An image: not compressible, so compression adds no Vary of its own.
        res.writeHead(200, {
          'content-type': url.searchParams.has('image') ? 'image/png' : 'text/html; charset=utf-8',
          [ANONYMOUS_CACHE_HEADER]: '10',
        });
        res.write(`<p>render ${renders} `);
        res.end(`${'مشتری '.repeat(200)}</p>`);
      },
    });
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    // Raw bytes off the wire (fetch would decode them for us); no header at all when undefined.
    const raw = (path: string, acceptEncoding: string | undefined) =>
      new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
        const headers: Record<string, string> =
          acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
        request({ host: '127.0.0.1', port, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c: Buffer) => chunks.push(c))
            .on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                vary: res.headers.vary,
                body: Buffer.concat(chunks),
              }),
            );
        })
          .on('error', reject)
          .end();
      });
    return { cache, raw, renders: () => renders };
  }

  const decode = ({ encoding, body }: { encoding: string | undefined; body: Buffer }) =>
    (encoding === 'br'
      ? brotliDecompressSync(body)
      : encoding === 'gzip'
        ? gunzipSync(body)
        : encoding === 'deflate'
          ? inflateSync(body)
          : body
    ).toString('utf8');

  it('keys `br;q=0.5, gzip` by gzip, the coding it is sent in', async () => {
    const { raw, renders } = await startSite();
    const first = await raw('/t/1', 'br;q=0.5, gzip');
    expect(first.encoding).toBe('gzip');
    const gzipClient = await raw('/t/1', 'gzip');
    expect(gzipClient.encoding).toBe('gzip');
    expect(renders()).toBe(1); // the same copy: it was keyed gzip
    const brClient = await raw('/t/1', 'br');
    expect(brClient.encoding).toBe('br');
    expect(decode(brClient)).toContain('render 2');
    expect(decode(gzipClient)).toBe(decode(first));
  });

  it('keeps a deflate copy for deflate clients only; a client asking for no coding gets plain bytes', async () => {
    const { raw, renders } = await startSite();
    const deflate = await raw('/t/2', 'deflate');
    expect(deflate.encoding).toBe('deflate');
    expect(decode(deflate)).toContain('render 1');
    for (const plain of [await raw('/t/2', undefined), await raw('/t/2', 'identity')]) {
      expect(plain.encoding).toBeUndefined();
      expect(plain.body.toString('utf8')).toContain('render 2');
    }
    const again = await raw('/t/2', 'deflate');
    expect(again.encoding).toBe('deflate');
    expect(decode(again)).toContain('render 1');
    expect(renders()).toBe(2);
  });

  it('sends Vary: Accept-Encoding with every answer it keeps or replays', async () => {
    const { cache, raw } = await startSite();
    const codings = ['gzip, deflate, br, zstd', 'br;q=0.5, gzip', 'deflate', 'identity', undefined, '*;q=0'];
    for (const path of ['/t/3', '/t/4?image']) {
      for (const coding of codings) {
        const stored = await raw(path, coding);
        const replayed = await raw(path, coding);
        expect(decode(replayed)).toBe(decode(stored));
        for (const answer of [stored, replayed]) expect(answer.vary ?? '').toMatch(/accept-encoding/i);
      }
    }
    // Four keys a page (br, gzip, deflate, identity): each rendered once, every other answer replayed.
    expect(cache.stats()).toMatchObject({ misses: 8, hits: 16 });
  });
});
