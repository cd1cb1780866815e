// Graceful shutdown of the real entry point (`node src/cli/start.ts`, on a server of its own):
// votes keep coming on keep-alive connections and some are still being sent when SIGTERM
// arrives. New connections must be refused at once, every request the server took must get a
// real answer (no 500), exactly the votes answered "ok" must be stored, and the process must
// exit with code 0 within 10 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request, type ClientRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { freePort } from '../postgres/server.ts';

const ARTICLE = 'en/agent-skills/patience-and-empathy';

type Outcome = { visitor: string; status: number | string; ok?: boolean; connection?: string; at: number };

test('SIGTERM: stops accepting at once, answers what is in flight, stores exactly what it answered and exits 0 within 10 s', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-shutdown-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['src/cli/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'shutdown.db'),
      OUTBOX_DIR: join(dir, 'outbox'),
      NODE_ENV: 'production',
      SITE_URL: `http://127.0.0.1:${port}`,
      RATE_LIMIT_SCALE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  try {
    await expect
      .poll(async () => (await fetch(`${origin}/en/`).catch(() => undefined))?.status, { timeout: 60_000 })
      .toBe(200);

    let visitors = 0;
    const nextVisitor = () => `shutdown${String(visitors++).padStart(14, '0')}`;
    const headers = (visitor: string) => ({
      accept: 'application/json',
      origin,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `pasokh_visitor=${visitor}`,
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
    });
    const body = `article=${encodeURIComponent(ARTICLE)}&helpful=yes`;
    const outcomes: Outcome[] = [];
    /**
     * Sends one vote. `hold` makes it a request in flight: the server has taken it (it asked for
     * the body, Expect: 100-continue) and half the body waits for `finish`.
     */
    const vote = (agent: Agent | false, hold = false) => {
      const visitor = nextVisitor();
      let req!: ClientRequest;
      const done = new Promise<Outcome>((resolve) => {
        req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/en/feedback/',
            method: 'POST',
            agent,
            headers: {
              ...headers(visitor),
              'content-length': Buffer.byteLength(body),
              ...(hold ? { expect: '100-continue' } : {}),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c));
            res.on('end', () =>
              resolve({
                visitor,
                status: res.statusCode!,
                ok: res.statusCode === 200 && JSON.parse(text).ok === true,
                connection: res.headers.connection,
                at: Date.now(),
              }),
            );
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ visitor, status: error.code ?? error.message, at: Date.now() }),
        );
      }).then((outcome) => (outcomes.push(outcome), outcome));
      if (!hold) {
        req.end(body);
        return { done, taken: Promise.resolve(), finish: () => {} };
      }
      const taken = new Promise<void>((resolve) =>
        req.once('continue', () => (req.write(body.slice(0, 10)), resolve())),
      );
      req.flushHeaders();
      return { done, taken, finish: () => req.end(body.slice(10)) };
    };

    // The intake thread starts with the first vote.
    expect((await vote(false).done).status).toBe(200);
    // A steady stream of votes on 40 keep-alive connections…
    let stop = false;
    const agent = new Agent({ keepAlive: true, maxSockets: 40 });
    const loops = Array.from({ length: 40 }, async () => {
      while (!stop) {
        const outcome = await vote(agent).done;
        if (typeof outcome.status === 'string') await new Promise((r) => setTimeout(r, 20));
      }
    });
    await new Promise((r) => setTimeout(r, 1_000));
    // …and 10 votes whose bodies are still on the way when the signal comes.
    const held = Array.from({ length: 10 }, () => vote(false, true));
    await Promise.all(held.map((h) => h.taken));

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    // New connections, tried every 25 ms: refused within half a second, and never accepted again.
    const probes: { sentAt: number; accepted: boolean }[] = [];
    const probing = (async () => {
      while (!stop) {
        const sentAt = Date.now();
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => (probes.push({ sentAt, accepted: true }), socket.destroy()));
        socket.once('error', () => probes.push({ sentAt, accepted: false }));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    for (const h of held) h.finish();

    const exit = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 15_000))]);
    stop = true;
    await Promise.all([...loops, probing]);
    agent.destroy();

    const heldOutcomes = await Promise.all(held.map((h) => h.done));
    const after = outcomes.filter((o) => o.at >= signalledAt);
    const answeredAfter = after.filter((o) => typeof o.status === 'number');
    probes.sort((a, b) => a.sentAt - b.sentAt);
    const firstRefused = probes[probes.findLastIndex((p) => p.accepted) + 1];
    console.log(
      `exit ${exit ? `${exit.code} after ${exit.at - signalledAt} ms` : 'none within 15 s'}; ${outcomes.length} votes sent, ${answeredAfter.length} answered after SIGTERM, ${outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500).length} answered 5xx; new connections refused from ${firstRefused ? `${firstRefused.sentAt - signalledAt} ms` : '-'}`,
    );

    expect(exit, 'the server exits within 10 s').toBeDefined();
    expect(exit!.at - signalledAt).toBeLessThan(10_000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(stderr).not.toMatch(/vote beacon:|Shutdown (did not finish|failed)/);
    expect(outcomes.filter((o) => typeof o.status === 'number' && o.status !== 200)).toEqual([]);
    // The votes in flight were answered, each closing its connection.
    expect(heldOutcomes.map((o) => [o.status, o.ok, o.connection])).toEqual(held.map(() => [200, true, 'close']));
    // Once the server has seen the signal (it may take a moment under load), a keep-alive
    // connection carries only the answer in flight on it, closing the connection.
    expect(answeredAfter.length).toBeLessThanOrEqual(2 * 40 + held.length);
    expect(answeredAfter.filter((o) => o.at - signalledAt > 500 && o.connection !== 'close')).toEqual([]);
    expect(firstRefused, 'new connections are refused').toBeDefined();
    expect(firstRefused!.sentAt - signalledAt).toBeLessThan(500);
    // Errors only where the server never took the request: no vote stored without its "ok", none lost after one.
    const db = new Database(join(dir, 'shutdown.db'), { readonly: true });
    const stored = (
      db.prepare('SELECT visitor FROM article_votes WHERE article = ?').all(ARTICLE) as { visitor: string }[]
    )
      .map((r) => r.visitor)
      .sort();
    db.close();
    expect(stored).toEqual(
      outcomes
        .filter((o) => o.ok)
        .map((o) => o.visitor)
        .sort(),
    );
    expect(stored.length).toBeGreaterThan(50);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
