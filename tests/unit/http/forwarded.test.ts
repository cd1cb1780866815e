// Who the client is behind a reverse proxy (src/lib/http/forwarded.ts, through the real server
// handler over real sockets): X-Forwarded-* are believed only from the peers TRUST_PROXY names,
// hop by hop; anybody else's are dropped before Astro or the vote beacon can read them.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ANONYMOUS_CACHE_HEADER, createAnonymousCache } from '../../../src/lib/http/anonymous-cache.ts';
import { clientAddress, proxyTrust } from '../../../src/lib/http/forwarded.ts';
import { createSiteHandler, createSiteServer, type SiteParts, type SiteServer } from '../../../src/lib/http/server.ts';
import { readEnv, SettingError } from '../../../src/lib/env.ts';

let site: SiteServer | undefined;
afterEach(async () => {
  site?.server.closeAllConnections();
  await site?.close();
  site = undefined;
});

type Seen = { address: string; headers: Record<string, string | string[] | undefined> };

/** The site handler in front of an "Astro" that reports what it was handed. */
async function serve(parts: Partial<SiteParts> = {}) {
  let seen: Seen | undefined;
  site = createSiteServer(
    createSiteHandler({
      clientDir: '/nonexistent',
      astro: (req, res) => {
        seen = { address: clientAddress(req), headers: { ...req.headers } };
        res.writeHead(200, { 'content-type': 'text/plain', 'x-route-pattern': '/[locale]/things/' });
        res.end('page');
      },
      ...parts,
    }),
  );
  await site.listen(0, '127.0.0.1');
  const { port } = site.server.address() as AddressInfo;
  const get = (headers: Record<string, string>, { from = '127.0.0.1', path = '/en/things/' } = {}) =>
    new Promise<{ seen: Seen; status: number; headers: Record<string, string | string[] | undefined> }>(
      (resolve, reject) => {
        request({ host: '127.0.0.1', port, path, headers, localAddress: from }, (res) => {
          res.resume().on('end', () => resolve({ seen: seen!, status: res.statusCode!, headers: res.headers }));
        })
          .on('error', reject)
          .end();
      },
    );
  return { get };
}

const forged = {
  'x-forwarded-for': '6.6.6.6, 203.0.113.7',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'help.example.com',
  'x-request-id': 'proxy-id-1',
};

describe('client address and forwarded headers', () => {
  it('without TRUST_PROXY believes nobody: the peer is the client and forwarded headers are dropped', async () => {
    const { get } = await serve();
    const { seen, headers } = await get(forged);
    expect(seen.address).toBe('127.0.0.1');
    // The route pattern is for the log only, logged or not.
    expect(headers['x-route-pattern']).toBeUndefined();
    // What Astro reads as clientAddress.
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBeUndefined();
    expect(seen.headers['x-forwarded-host']).toBeUndefined();
    // A request id the client made up is not used: a new one is made, and echoed.
    expect(headers['x-request-id']).not.toBe('proxy-id-1');
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.headers['x-request-id']).toBe(headers['x-request-id']);
  });

  it('with a hop count believes that many hops from this server, not what the client wrote before them', async () => {
    const one = await serve({ trust: proxyTrust('1') });
    const { seen, headers } = await one.get(forged);
    expect(seen.address).toBe('203.0.113.7');
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(seen.headers['x-forwarded-proto']).toBe('https');
    expect(seen.headers['x-forwarded-host']).toBe('help.example.com');
    expect(headers['x-request-id']).toBe('proxy-id-1');
    await site!.close();
    const two = await serve({ trust: proxyTrust('2') });
    expect((await two.get(forged)).seen.address).toBe('6.6.6.6');
  });

  it('with a list believes only the peers on it, walking X-Forwarded-For back to the first one not on it', async () => {
    const { get } = await serve({ trust: proxyTrust('127.0.0.1, 10.0.0.0/8') });
    const chain = { ...forged, 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.1.2.3' };
    expect((await get(chain)).seen.address).toBe('203.0.113.7');
    // Another peer on the same machine is not a proxy on the list: its headers are forged.
    const stranger = await get(chain, { from: '127.0.0.2' });
    expect(stranger.seen.address).toBe('127.0.0.2');
    expect(stranger.seen.headers['x-forwarded-for']).toBe('127.0.0.2');
    expect(stranger.seen.headers['x-forwarded-proto']).toBeUndefined();
    expect(stranger.headers['x-request-id']).not.toBe('proxy-id-1');
  });

  it('takes proxy-addr names such as loopback', async () => {
    const { get } = await serve({ trust: proxyTrust('loopback') });
    expect((await get(forged)).seen.address).toBe('203.0.113.7');
  });

  it('TRUST_PROXY: false, a count or addresses; anything else stops with one line', () => {
    expect(proxyTrust('false')('127.0.0.1', 0)).toBe(false);
    expect(proxyTrust(undefined)('127.0.0.1', 0)).toBe(false);
    expect(readEnv({ TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY).toBe('10.0.0.0/8, loopback');
    expect(() => readEnv({ TRUST_PROXY: 'proxy.example.com' })).toThrow(SettingError);
    expect(() => readEnv({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY must be false, a number/);
  });
});

describe('HSTS', () => {
  it('is sent on every response when the site is https, never on a plain http site', async () => {
    const secure = await serve({ siteOrigin: 'https://help.example.com' });
    expect((await secure.get({})).headers['strict-transport-security']).toBe('max-age=31536000');
    await site!.close();
    const plain = await serve({ siteOrigin: 'http://localhost:4321' });
    expect((await plain.get({})).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('request log', () => {
  function capture(level = 'info') {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    return { lines, log: pino({ level }, stream) };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('writes one line per request: method, route pattern, status, duration and id, never the path or query', async () => {
    const { lines, log } = capture();
    const { get } = await serve({ log, trust: proxyTrust('1') });
    const { headers } = await get(forged, { path: '/en/things/?token=secret-reset-token' });
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request',
      reqId: 'proxy-id-1',
      method: 'GET',
      route: '/[locale]/things/',
      status: 200,
    });
    expect(lines[0]!.ms).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toContain('secret-reset-token');
    // The route pattern is for the log only.
    expect(headers['x-route-pattern']).toBeUndefined();
  });

  it('keeps the route pattern off responses replayed by the anonymous cache, and logs it for them too', async () => {
    const { lines, log } = capture();
    let rendered = 0;
    const { get } = await serve({
      log,
      anonymousCache: createAnonymousCache({ sessionCookie: 'pasokh_session', maxSeconds: 10 }),
      astro: (_req, res) => {
        rendered++;
        res.writeHead(200, {
          'content-type': 'text/plain',
          'x-route-pattern': '/[locale]/community/',
          [ANONYMOUS_CACHE_HEADER]: '10',
        });
        res.end('list');
      },
    });
    const fresh = await get({}, { path: '/en/community/' });
    const replayed = await get({}, { path: '/en/community/' });
    await settle();
    expect(rendered).toBe(1);
    expect([fresh.headers['x-route-pattern'], replayed.headers['x-route-pattern']]).toEqual([undefined, undefined]);
    expect(lines.map((line) => line.route)).toEqual(['/[locale]/community/', '/[locale]/community/']);
    // Each answer carries its own request's id, the replay too.
    expect(replayed.headers['x-request-id']).toBe(lines[1]!.reqId);
    expect(replayed.headers['x-request-id']).not.toBe(fresh.headers['x-request-id']);
  });

  it('names what answers in front of Astro, and leaves health checks to the debug level', async () => {
    const { lines, log } = capture('debug');
    const health = {
      handle: (req: { url?: string }, res: { end(text: string): void }) =>
        req.url?.startsWith('/healthz') ? (res.end('ok'), true) : false,
    };
    const { get } = await serve({ log, health: health as SiteParts['health'] });
    await get({}, { path: '/healthz?probe=1' });
    await get({}, { path: '/en/' });
    await settle();
    expect(lines.map(({ level, route }) => ({ level, route }))).toEqual([
      { level: 20, route: '/healthz' },
      { level: 30, route: '/[locale]/things/' },
    ]);
  });
});
