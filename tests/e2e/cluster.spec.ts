// WEB_CONCURRENCY=2 npm start (the real entry point, production mode, a server of its own), on
// SQLite and on a throwaway PostgreSQL: two workers answer on one port; a member's reply reaches
// the anonymous readers of both workers at once (the anonymous cache is cleared across processes:
// SQLite through the primary, Postgres by NOTIFY), though both had the thread cached; a worker
// killed with SIGKILL is replaced while the other keeps serving; SIGTERM to the primary stops
// everything with exit code 0 within 10 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useTranslations } from '../../src/i18n/index.ts';
import { freePort, startPostgres, type PostgresServer } from '../postgres/server.ts';
import { demoPasswords, prepareDemoSite } from './helpers.ts';

const { t } = useTranslations('en');

/** The worker processes of the primary `pid`. */
const workersOf = (pid: number) =>
  spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => Number(line.trim()))
    .filter(Boolean);

for (const database of ['sqlite', 'postgres'] as const) {
  test(`WEB_CONCURRENCY=2 on ${database}: both workers show a new reply to anonymous readers at once, a killed worker is replaced, SIGTERM stops all`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-cluster-'));
    let postgres: PostgresServer | undefined;
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    try {
      if (database === 'postgres') postgres = await startPostgres();
      const location = postgres ? postgres.url : join(dir, 'cluster.db');
      const settings = {
        ...process.env,
        ...(postgres ? { DATABASE_URL: location } : { DATABASE_PATH: location }),
        PORT: String(port),
        HOST: '127.0.0.1',
        OUTBOX_DIR: join(dir, 'outbox'),
        NODE_ENV: 'production',
        SITE_URL: origin,
        WEB_CONCURRENCY: '2',
      };
      const thread = await prepareDemoSite(settings, location);

      const primary = spawn(process.execPath, ['src/cli/start.ts'], {
        env: settings,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      primary.stdout!.on('data', (chunk: Buffer) => (output += chunk));
      primary.stderr!.on('data', (chunk: Buffer) => (output += chunk));
      const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
        primary.once('exit', (code) => resolve({ code, at: Date.now() })),
      );
      try {
        await expect.poll(() => output, { timeout: 60_000 }).toContain('2 processes');
        expect(workersOf(primary.pid!)).toHaveLength(2);

        // Anonymous readers: the connections go round-robin, so each worker has the thread cached.
        // A connection of its own each time (a kept-alive one would stay with one worker).
        const anonymous = () =>
          new Promise<string>((resolve, reject) => {
            const req = get(`${origin}${thread}`, { agent: false, timeout: 30_000 }, (response) => {
              let body = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (body += chunk));
              response.on('end', () =>
                response.statusCode === 200 ? resolve(body) : reject(new Error(`status ${response.statusCode}`)),
              );
            });
            req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
            req.on('error', reject);
          });
        for (let i = 0; i < 4; i++) await anonymous();

        // A member replies (with JavaScript, no reload) and sees the reply.
        const answer = `Cluster reply ${Date.now()}`;
        const member = await (await browser.newContext()).newPage();
        const signedIn = await member.request.post(`${origin}/en/account/signin/`, {
          form: { email: 'member@pasokh.example', password: demoPasswords.member },
          headers: { Origin: origin },
          maxRedirects: 0,
        });
        expect(signedIn.status()).toBe(303);
        await member.goto(`${origin}${thread}`);
        const form = member.locator('#reply-form');
        await form.getByLabel(t('forum.editor.replyLabel')).fill(answer);
        await form.getByRole('button', { name: t('forum.editor.submitReply') }).click();
        await expect(member.locator('article', { hasText: answer })).toHaveCount(1);
        // After a reload too, whichever worker answers.
        await member.reload();
        await expect(member.locator('article', { hasText: answer })).toHaveCount(1);
        await member.context().close();

        // Every anonymous reader, on either worker, sees it now (well within the 10 s pages keep).
        for (let i = 0; i < 6; i++) expect(await anonymous(), `anonymous reader ${i + 1}`).toContain(answer);

        // One worker dies: the other answers; the primary starts another within its back-off.
        const [victim] = workersOf(primary.pid!);
        process.kill(victim!, 'SIGKILL');
        // (A connection the primary hands to the worker in the instant it dies is lost: the client
        // waits for its timeout, as behind any proxy. Checked here once the primary knows.)
        await expect
          .poll(() => workersOf(primary.pid!).filter((pid) => pid !== victim).length, { timeout: 10_000 })
          .toBe(2);
        expect(output).toContain(`Worker ${victim} died (SIGKILL)`);
        for (let i = 0; i < 4; i++) await anonymous();

        const workers = workersOf(primary.pid!);
        const signalledAt = Date.now();
        primary.kill('SIGTERM');
        const { code, at } = await exited;
        expect(code, output).toBe(0);
        expect(at - signalledAt).toBeLessThan(10_000);
        for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
      } finally {
        if (primary.exitCode === null) primary.kill('SIGKILL');
      }
    } finally {
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
