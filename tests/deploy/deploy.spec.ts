// The deploy checks, over https through the proxy, nginx or Caddy (playwright.deploy.config.ts, tests/deploy/topology.ts):
// what a browser gets behind the TLS proxy, and what happens to writes when one app process is
// killed with SIGKILL in the middle of a load.
import { request as httpsRequest, Agent } from 'node:https';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { TOPOLOGY_FILE, type Topology } from './topology.ts';

const topology = (): Topology => JSON.parse(readFileSync(TOPOLOGY_FILE, 'utf8')) as Topology;
const { proxy } = topology();

test(`behind ${proxy}: https origin accepted, Secure cookies, HSTS, health endpoints`, async ({ page, baseURL }) => {
  const home = await page.goto('/fa/');
  expect(home?.status()).toBe(200);
  expect(home?.headers()['strict-transport-security']).toMatch(/max-age=\d{7,}/);

  // A form post whose Origin is the public https origin (the app itself is reached over http).
  const signIn = await page.request.post('/en/account/signin/', {
    form: { email: 'member@pasokh.example', password: 'demo-member-pass' },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(303);
  const cookies = signIn.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie');
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) expect(cookie.value).toMatch(/;\s*Secure/i);

  // The same post from another site is still refused.
  const forged = await page.request.post('/en/account/signin/', {
    form: { email: 'member@pasokh.example', password: 'demo-member-pass' },
    headers: { Origin: 'https://evil.example' },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);

  for (const path of ['/healthz', '/readyz']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['cache-control']).toContain('no-store');
  }
});

/** One vote through the proxy, without cookies (each is a new visitor, so each is its own row). */
function vote(agent: Agent, origin: string, comment: string): Promise<number> {
  const body = new URLSearchParams({ article: 'fa/agent-skills/patience-and-empathy', helpful: 'no', comment });
  return new Promise((resolve) => {
    const req = httpsRequest(
      `${origin}/fa/feedback/`,
      {
        method: 'POST',
        agent,
        headers: {
          Origin: origin,
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          'User-Agent':
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve(res.statusCode === 200 && text.includes('"ok":true') ? 200 : (res.statusCode ?? 0)),
        );
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body.toString());
  });
}

test(`kill -9 of one app during a write load: no acknowledged write lost, ${proxy} serves from the other`, async () => {
  test.setTimeout(90_000);
  const { siteUrl, databaseUrl, apps } = topology();
  const victim = apps[0]!;
  const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 8 });
  const run = `deploy-${Date.now()}`;
  const LOAD_MS = 8_000;
  const KILL_AT_MS = 2_500;
  const started = Date.now();
  let killedAt = 0;
  const results: { comment: string; status: number; startedAt: number }[] = [];
  let next = 0;

  const killer = setTimeout(() => {
    process.kill(victim.pid, 'SIGKILL');
    killedAt = Date.now();
  }, KILL_AT_MS);
  const loop = async () => {
    while (Date.now() - started < LOAD_MS) {
      const comment = `${run}-${next++}`;
      const startedAt = Date.now();
      results.push({ comment, status: await vote(agent, siteUrl, comment), startedAt });
    }
  };
  await Promise.all(Array.from({ length: 8 }, loop));
  clearTimeout(killer);
  agent.destroy();
  expect(killedAt, 'the app was killed during the load').toBeGreaterThan(0);

  const acknowledged = results.filter((r) => r.status === 200);
  const failed = results.filter((r) => r.status !== 200);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const stored = new Set(
    (
      await client.query<{ comment: string }>('SELECT comment FROM article_votes WHERE comment LIKE $1', [`${run}-%`])
    ).rows.map((row) => row.comment),
  );
  await client.end();
  const lost = acknowledged.filter((r) => !stored.has(r.comment));
  const afterKill = results.filter((r) => r.startedAt > killedAt + 200);
  console.log(
    `deploy: ${results.length} votes in ${LOAD_MS / 1000} s through ${proxy} (8 connections); app ${victim.port} ` +
      `(pid ${victim.pid}) killed at ${killedAt - started} ms; acknowledged ${acknowledged.length}, ` +
      `failed ${failed.length} (${failed.map((r) => `${r.status} sent at ${r.startedAt - killedAt} ms`).join(', ') || 'none'}), stored ${stored.size}, ` +
      `lost ${lost.length}; after the kill ${afterKill.length} requests, ` +
      `${afterKill.filter((r) => r.status !== 200).length} not acknowledged`,
  );
  expect(lost, 'acknowledged votes missing from the database').toEqual([]);
  // Only requests already on their way to the killed process may fail (neither proxy resends a
  // POST it has sent); every request started after that went to the other one.
  for (const r of failed) expect(r.startedAt).toBeLessThanOrEqual(killedAt + 200);
  expect(afterKill.length).toBeGreaterThan(50);
  expect(afterKill.filter((r) => r.status !== 200)).toEqual([]);
  // Nothing stored that was never asked for, nothing twice.
  expect(stored.size).toBeLessThanOrEqual(results.length);

  // The topology restarts the killed app (as systemd would): it serves again.
  await expect
    .poll(
      async () =>
        topology().apps[0]!.restarts >= 1
          ? await fetch(`http://127.0.0.1:${victim.port}/readyz`).then(
              (r) => r.status,
              () => 0,
            )
          : 0,
      { timeout: 60_000 },
    )
    .toBe(200);
});
