// NODE_ENV=production npm start never builds: with no build to serve it stops with one line,
// before it opens the database, migrates or serves anything. Runs the real entry point in a folder without dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../postgres/server.ts';

const entry = resolve(import.meta.dirname, '../../../src/cli/start.ts');
const folder = mkdtempSync(join(tmpdir(), 'pasokh-production-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('refuses to start in production without a build, and builds nothing', async () => {
  const port = await freePort();
  const { DATABASE_URL: _url, ...inherited } = process.env;
  const run = spawnSync(process.execPath, [entry], {
    cwd: folder,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      SITE_URL: 'https://help.example.com',
      DATABASE_PATH: join(folder, 'site.db'),
      PORT: String(port),
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.stderr).toBe(
    'No build to serve: run `npm run build` first (NODE_ENV=production npm start never builds).\n',
  );
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  // No build, no database file: it stopped before either.
  expect(readdirSync(folder)).toEqual([]);
});
