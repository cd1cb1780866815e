// A deploy builds in the folder of a running server: `npm run build` while a load hits pages whose
// server chunks load on first use (an article, a forum thread, the search-events API, an action).
// The build goes to a fresh builds/<id>/ and `dist` is switched to it afterwards, so the running
// server keeps importing from the build it started with: no error, no 4xx or 5xx. (Before,
// `astro build` emptied and rewrote dist/server/chunks under it: ERR_MODULE_NOT_FOUND, 500.)
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { expect, test } from '@playwright/test';
import { freePort } from '../postgres/server.ts';
import { demoPasswords, prepareDemoSite } from './helpers.ts';

const ARTICLE = '/en/agent-skills/patience-and-empathy/';

test('npm run build while a load runs: every answer 2xx or 3xx, the server keeps its build', async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-rebuild-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const settings = {
    ...process.env,
    DATABASE_PATH: join(dir, 'rebuild.db'),
    PORT: String(port),
    HOST: '127.0.0.1',
    OUTBOX_DIR: join(dir, 'outbox'),
    NODE_ENV: 'production',
    SITE_URL: origin,
    RATE_LIMIT_SCALE: '1000000',
  };
  const thread = await prepareDemoSite(settings, settings.DATABASE_PATH);

  const builtBefore = realpathSync('dist');
  const server = spawn(process.execPath, ['src/cli/start.ts'], { env: settings, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  try {
    await expect.poll(() => output, { timeout: 60_000 }).toContain('Pasokh is running');
    // Signing in loads the sign-in chunks only; everything the load asks for is first loaded during the build.
    const signIn = await fetch(`${origin}/en/account/signin/`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=member%40pasokh.example&password=${demoPasswords.member}`,
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');

    const build = spawn('npm', ['run', 'build'], { stdio: 'ignore' });
    const built = new Promise<number | null>((resolve) => build.once('exit', (code) => resolve(code)));
    let instance!: autocannon.Instance;
    const load = new Promise<autocannon.Result>((resolve, reject) => {
      instance = autocannon(
        {
          url: origin,
          connections: 4,
          duration: 600,
          requests: [
            { method: 'GET', path: ARTICLE },
            { method: 'GET', path: thread },
            {
              method: 'POST',
              path: '/api/search-events/',
              headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
              body: JSON.stringify({ locale: 'en', query: 'refund', results: 2 }),
            },
            {
              method: 'POST',
              path: '/_actions/forum.preview/',
              headers: {
                origin,
                cookie,
                'content-type': 'application/x-www-form-urlencoded',
                accept: 'application/json',
              },
              body: 'body=Hello%20there%2C%20this%20is%20a%20preview.&locale=en',
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
    expect(await built).toBe(0);
    // A few more seconds on the old build after the switch.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    instance.stop();
    const result = await load;
    const answers = { '1xx': result['1xx'], '2xx': result['2xx'], '3xx': result['3xx'], '4xx': result['4xx'] };
    expect({ ...answers, '5xx': result['5xx'], errors: result.errors, timeouts: result.timeouts }, output).toEqual({
      ...answers,
      '4xx': 0,
      '5xx': 0,
      errors: 0,
      timeouts: 0,
    });
    expect(result['2xx']).toBeGreaterThan(100);
    // The switch happened, and the server still serves its own build.
    expect(realpathSync('dist')).not.toBe(builtBefore);
    expect((await fetch(`${origin}${ARTICLE}`)).status).toBe(200);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
