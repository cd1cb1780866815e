// npm run build's switch (src/cli/builds.ts): `dist` moves to a new build with one rename, the
// old build stays whole for whoever serves it, and pruning keeps the newest few plus any build a
// live process marked, never the one `dist` points at.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markInUse, pruneBuilds, switchTo } from '../../../src/cli/builds.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function site(): string {
  const root = mkdtempSync(join(tmpdir(), 'pasokh-builds-'));
  roots.push(root);
  return root;
}

function fakeBuild(root: string, id: string): string {
  const dir = join(root, 'builds', id);
  mkdirSync(join(dir, 'server/chunks'), { recursive: true });
  writeFileSync(join(dir, 'server/entry.mjs'), `export const id = '${id}';`);
  writeFileSync(join(dir, 'server/chunks', `${id}.mjs`), '');
  return dir;
}

describe('builds', () => {
  it('switch dist to a new build and leave the old one whole', () => {
    const root = site();
    const first = fakeBuild(root, '20261201T000000-1');
    switchTo(root, first);
    expect(realpathSync(join(root, 'dist'))).toBe(realpathSync(first));
    const second = fakeBuild(root, '20261202T000000-1');
    switchTo(root, second);
    expect(realpathSync(join(root, 'dist'))).toBe(realpathSync(second));
    expect(existsSync(join(first, 'server/chunks/20261201T000000-1.mjs'))).toBe(true);
  });

  it('replace a dist folder from before builds/ at the first switch', () => {
    const root = site();
    mkdirSync(join(root, 'dist/server'), { recursive: true });
    const build = fakeBuild(root, '20261201T000000-1');
    switchTo(root, build);
    expect(realpathSync(join(root, 'dist'))).toBe(realpathSync(build));
  });

  it('keep the newest three, the current one and any a live process uses; delete the rest', async () => {
    const root = site();
    const ids = [
      '20261201T000000-1',
      '20261202T000000-1',
      '20261203T000000-1',
      '20261204T000000-1',
      '20261205T000000-1',
    ];
    const dirs = ids.map((id) => fakeBuild(root, id));
    // dist points at the oldest (a rollback); the second oldest is served by a live process.
    switchTo(root, dirs[0]!);
    const server = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      mkdirSync(join(dirs[1]!, '.in-use'));
      writeFileSync(join(dirs[1]!, '.in-use', String(server.pid)), '');
      expect(pruneBuilds(root)).toEqual([]);
      server.kill();
      await new Promise((resolve) => server.once('exit', resolve));
      expect(pruneBuilds(root)).toEqual([ids[1]]);
      expect(readdirSync(join(root, 'builds')).sort()).toEqual([ids[0], ids[2], ids[3], ids[4]]);
    } finally {
      server.kill();
    }
  });

  it('mark a build in use by this process', () => {
    const root = site();
    const build = fakeBuild(root, '20261201T000000-1');
    markInUse(build);
    expect(readdirSync(join(build, '.in-use'))).toEqual([String(process.pid)]);
  });
});
