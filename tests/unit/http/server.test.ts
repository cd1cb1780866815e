// The server's graceful close (src/lib/http/server.ts), over real sockets: new connections are
// refused at once, idle keep-alive connections are closed, requests in flight are answered
// (with Connection: close), and a request that never ends is cut after the grace period.
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createSiteServer, type SiteServer } from '../../../src/lib/http/server.ts';

let site: SiteServer | undefined;
afterEach(() => {
  site?.server.closeAllConnections();
  site?.server.close();
  site = undefined;
});

/** A server whose requests wait for `release(path)`; `/stream` sends its headers at once. */
async function start() {
  const waiting = new Map<string, () => void>();
  const arrived = new Map<string, () => void>();
  const arrival = (path: string) => new Promise<void>((resolve) => arrived.set(path, resolve));
  site = createSiteServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/stream')) res.writeHead(200, { 'content-type': 'text/plain' }).write('part one, ');
    waiting.set(path, () => res.end(path.startsWith('/stream') ? 'part two' : `answer for ${path}`));
    arrived.get(path)?.();
  });
  await site.listen(0, '127.0.0.1');
  const { port } = site.server.address() as { port: number };
  const get = (path: string, via: Agent | false) =>
    new Promise<{ status: number | undefined; connection: string | undefined; text: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, agent: via }, (res) => {
        let text = '';
        res
          .on('data', (c: Buffer) => (text += c))
          .on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, text }));
      })
        .on('error', reject)
        .end();
    });
  const canConnect = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true))).on('error', () =>
        resolve(false),
      );
    });
  const release = (path: string) => waiting.get(path)!();
  return { site: site!, get, arrival, release, canConnect };
}

it('refuses new connections at once, closes idle ones and answers what is in flight', async () => {
  const { site, get, arrival, release, canConnect } = await start();
  // Keep-alive clients: one connection left idle, one request waiting for its answer, one answer half sent.
  const idleClient = new Agent({ keepAlive: true });
  const busyClient = new Agent({ keepAlive: true });
  const idle = get('/idle', idleClient);
  await arrival('/idle');
  release('/idle');
  expect(await idle).toMatchObject({ status: 200, connection: 'keep-alive' });
  const idleSocket = Object.values(idleClient.freeSockets).flat()[0]!;
  const idleClosed = new Promise((resolve) => idleSocket.once('close', resolve));
  const slow = get('/slow', busyClient);
  const stream = get('/stream', busyClient);
  await Promise.all([arrival('/slow'), arrival('/stream')]);

  let closed = false;
  const closing = site.close().then(() => (closed = true));
  await idleClosed;
  expect(await canConnect()).toBe(false);
  await new Promise((r) => setTimeout(r, 100));
  expect(closed).toBe(false);
  release('/slow');
  release('/stream');
  expect(await slow).toEqual({ status: 200, connection: 'close', text: 'answer for /slow' });
  // Its headers went out before the close (keep-alive): the connection closes once it is done.
  expect(await stream).toEqual({ status: 200, connection: 'keep-alive', text: 'part one, part two' });
  await closing;
  expect(closed).toBe(true);
});

it('cuts what is still open after the grace period', async () => {
  const { site, get, arrival } = await start();
  const hung = get('/never', false).catch((error: NodeJS.ErrnoException) => error.code);
  await arrival('/never');
  const started = Date.now();
  await site.close({ forceAfterMs: 300 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  expect(await hung).toBe('ECONNRESET');
});
