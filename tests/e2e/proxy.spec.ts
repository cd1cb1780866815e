// Behind a TLS reverse proxy, as deployed: the real entry point (`node src/cli/start.ts`, on a
// server of its own) with SITE_URL=https://… and TRUST_PROXY=1, spoken to the way nginx speaks to
// it (plain http, Host, X-Forwarded-For/Proto, X-Request-Id). Form posts and actions pass
// Astro's Origin check with the browser's https Origin; per-address limits key on the address
// the proxy forwarded (pages and API routes through Astro, votes through the beacon), never on
// what the client wrote in front of it; cookies are Secure; every response carries HSTS; health
// checks answer; each request leaves one JSON log line with the proxy's request id.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { useTranslations } from '../../src/i18n/index.ts';
import { expect, test } from '@playwright/test';
import { freePort } from '../postgres/server.ts';

const PUBLIC = 'https://help.example.com';
const ARTICLE = 'en/agent-skills/patience-and-empathy';

test('behind an https proxy: Origin check, forwarded address for every limit, Secure cookies, HSTS, health, log', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-proxy-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'proxy.db'),
    OUTBOX_DIR: join(dir, 'outbox'),
    NODE_ENV: 'production',
    SITE_URL: PUBLIC,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['src/cli/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const app = `http://127.0.0.1:${port}`;
  /** A request as the proxy forwards it for the browser at `client` (node:http: fetch would replace Host). */
  const viaProxy = (
    path: string,
    client: string,
    { method = 'GET', body, headers = {} }: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          headers: {
            host: 'help.example.com',
            'x-forwarded-proto': 'https',
            'x-forwarded-for': client,
            'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        },
      );
      req.on('error', reject).end(body);
    });
  const formPost = (path: string, client: string, body: string, headers: Record<string, string> = {}) =>
    viaProxy(path, client, {
      method: 'POST',
      body,
      headers: { origin: PUBLIC, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  try {
    await expect
      .poll(async () => (await fetch(`${app}/healthz`).catch(() => undefined))?.status, { timeout: 60_000 })
      .toBe(200);
    const ready = await fetch(`${app}/readyz`);
    expect([ready.status, (await ready.text()).trim(), ready.headers.get('cache-control')]).toEqual([
      200,
      'ready',
      'no-store',
    ]);

    // HSTS on pages, static files and health checks alike; the proxy's request id is echoed.
    const probes = { page: '/en/', file: '/favicon.svg', health: '/healthz' };
    for (const [name, path] of Object.entries(probes)) {
      const response = await viaProxy(path, '203.0.113.1', { headers: { 'x-request-id': `probe-${name}` } });
      expect(response.headers['strict-transport-security'], path).toBe('max-age=31536000');
      expect(response.headers['x-request-id'], path).toBe(`probe-${name}`);
      expect(response.headers['x-route-pattern'], path).toBeUndefined();
    }

    // A form post (sign-in) and an action with the browser's https Origin pass the Origin check…
    const wrongPassword = await formPost('/en/account/signin/', '203.0.113.2', 'email=nobody%40example.com&password=x');
    expect(wrongPassword.text).not.toContain('Cross-site');
    expect(wrongPassword.status).not.toBe(403);
    const action = await formPost('/_actions/forum.preview/', '203.0.113.2', 'body=hello&locale=en');
    expect(action.text).not.toContain('Cross-site');
    // …and only because the proxy said https: the same post arriving as plain http is cross-site.
    const plain = await formPost('/en/account/signin/', '203.0.113.2', 'email=a%40b.c&password=x', {
      'x-forwarded-proto': 'http',
    });
    expect([plain.status, plain.text]).toEqual([403, 'Cross-site POST form submissions are forbidden']);
    // A cross-site Origin is still refused.
    const evil = await formPost('/en/account/signin/', '203.0.113.2', 'email=a%40b.c&password=x', {
      origin: 'https://evil.example',
    });
    expect(evil.status).toBe(403);

    // Signing in through the proxy: the session cookie is Secure.
    const password = 'correct horse battery staple 1917';
    const created = spawn(
      process.execPath,
      ['src/cli/user-create.ts', '--email', 'reader@example.com', '--role', 'member', '--password', password],
      { env, stdio: 'ignore' },
    );
    expect(await new Promise((resolve) => created.once('exit', resolve))).toBe(0);
    const signedIn = await formPost(
      '/en/account/signin/',
      '203.0.113.3',
      `email=reader%40example.com&password=${encodeURIComponent(password)}`,
    );
    expect(signedIn.status).toBe(303);
    expect(String(signedIn.headers['set-cookie'])).toMatch(/^pasokh_session=[^;]+;.*\bSecure\b/i);

    // Forum search (an API route through Astro): 60 a minute per address. The client's own
    // X-Forwarded-For entries in front of the proxy's are not believed; another address has its own limit.
    const search = (client: string) => viaProxy('/api/community/search/?locale=en&q=password', client);
    for (let i = 0; i < 60; i++) expect((await search(`198.51.100.${i}, 203.0.113.10`)).status).toBe(200);
    expect((await search('198.51.100.200, 203.0.113.10')).status).toBe(429);
    expect((await search('203.0.113.11')).status).toBe(200);

    // Article votes (the beacon in front of Astro): 30 per address; the visitor cookie is Secure.
    let visitors = 0;
    const vote = (client: string, visitor = true) =>
      formPost('/en/feedback/', client, `article=${encodeURIComponent(ARTICLE)}&helpful=yes`, {
        accept: 'application/json',
        ...(visitor ? { cookie: `pasokh_visitor=proxy${String(visitors++).padStart(17, '0')}` } : {}),
      });
    const first = await vote('203.0.113.20', false);
    expect(first.status).toBe(200);
    expect(String(first.headers['set-cookie'])).toMatch(/^pasokh_visitor=[^;]+;.*\bSecure\b/i);
    for (let i = 1; i < 30; i++) expect((await vote(`10.9.9.${i}, 203.0.113.20`)).status).toBe(200);
    expect((await vote('10.9.9.99, 203.0.113.20')).status).toBe(429);
    expect((await vote('203.0.113.21')).status).toBe(200);

    // One JSON line per request, with the proxy's request id and the route pattern; no query string.
    const logLines = () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The last lines are written as their responses finish, a moment after the client has them.
    await expect.poll(() => logLines().filter((line) => line.route === 'vote-beacon').length).toBe(32);
    const lines = logLines();
    expect(lines.find((line) => line.reqId === 'probe-page')).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/[locale]',
      status: 200,
    });
    expect(lines.find((line) => line.reqId === 'probe-file')).toMatchObject({ route: 'static' });
    expect(lines.filter((line) => line.route === '/api/community/search').length).toBe(62);
    // A route that throws: what it threw is logged with the request id and the stack, next to
    // the request's own line; the reader gets the 500 page with that id to quote to support.
    new Database(env.DATABASE_PATH).exec('DROP TABLE rate_limits');
    const failed = await viaProxy('/api/community/search/?locale=en&q=password', '203.0.113.30', {
      headers: { 'x-request-id': 'probe-error' },
    });
    expect(failed.status).toBe(500);
    // An API path has no locale: the page speaks the default one (no Accept-Language here).
    expect(failed.text).toContain(useTranslations('fa').t('serverError.title'));
    expect(failed.text).toContain('probe-error');
    await expect
      .poll(() =>
        logLines()
          .filter((line) => line.reqId === 'probe-error')
          .map((line) => line.msg),
      )
      .toEqual(['request failed', 'request']);
    const thrown = logLines().find((line) => line.reqId === 'probe-error' && line.msg === 'request failed');
    expect(thrown).toMatchObject({ level: 50, route: '/api/community/search' });
    expect((thrown!.err as { stack: string }).stack).toMatch(/^SqliteError: no such table: rate_limits\n\s+at /);
    expect(stdout).not.toContain('q=password');
    expect(stdout).not.toContain(password);
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    // Astro's own error lines (the thrown error above among them), for a failure's report.
    await test.info().attach('server stderr', { body: stderr });
  }
});

test('the built server entry started on its own refuses on-demand requests instead of believing forged forwarded headers', async () => {
  test.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-entry-'));
  const port = await freePort();
  // As the adapter's documentation starts it: no `npm start` in front.
  const child = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'entry.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const app = `http://127.0.0.1:${port}`;
  try {
    await expect
      .poll(
        () =>
          fetch(`${app}/fa/agent-skills/patience-and-empathy/`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 30_000 },
      )
      .toBe(200);
    const forged = { 'x-forwarded-for': '203.0.113.99', 'x-forwarded-proto': 'https' };
    for (const path of ['/fa/community/', '/api/community/search/?locale=en&q=refund', '/fa/account/sign-in/']) {
      const response = await fetch(`${app}${path}`, { headers: forged });
      expect(response.status, path).toBe(503);
      expect(await response.text()).toContain('npm start');
    }
    const vote = await fetch(`${app}/fa/feedback/`, {
      method: 'POST',
      headers: {
        ...forged,
        'content-type': 'application/x-www-form-urlencoded',
        origin: app.replace('http:', 'https:'),
      },
      body: 'article=fa/agent-skills/patience-and-empathy&helpful=yes',
    });
    expect(vote.status).toBe(503);
    // The operator's log says why, too.
    expect(output).toContain('start the site with `npm start`');
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
