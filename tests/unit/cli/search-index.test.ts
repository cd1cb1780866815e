// `npm run build` in steps (src/cli/builds.ts): Astro's process, then the search index's
// (src/cli/search-index.ts) over the pages it wrote. A step that fails stops the build with one
// line naming it; the index step says what went wrong in one line of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSteps, runSteps } from '../../../src/cli/builds.ts';

const root = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-steps-'));
  dirs.push(dir);
  return dir;
}

const node = (code: string) => ({ name: `node -e ${code}`, command: process.execPath, args: ['-e', code] });

function searchIndex(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, 'src/cli/search-index.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('build steps', () => {
  it('are Astro, then the search index over the client folder of the same build', () => {
    const steps = buildSteps('/site', '/site/builds/1');
    expect(steps.map((s) => s.name)).toEqual(['astro build', 'search index']);
    expect(steps[0]!.args).toEqual(['build', '--outDir', '/site/builds/1']);
    expect(steps[1]!.args).toEqual(['/site/src/cli/search-index.ts', '/site/builds/1/client']);
  });

  it('run in order; the first that fails stops the rest and is named in one line', () => {
    const dir = tempDir();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const status = runSteps(
      [
        node("require('fs').writeFileSync('first', '')"),
        { ...node('process.exit(3)'), name: 'search index' },
        node("require('fs').writeFileSync('third', '')"),
      ],
      dir,
    );
    expect(status).toBe(3);
    expect(existsSync(join(dir, 'first'))).toBe(true);
    expect(existsSync(join(dir, 'third'))).toBe(false);
    expect(errors.mock.calls).toEqual([
      ['Build failed: the search index step exited with status 3; dist still points at the previous build.'],
    ]);
    expect(runSteps([node('0'), node('0')], dir)).toBe(0);
  });

  it('name a step that cannot start', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const status = runSteps([{ name: 'astro build', command: join(tempDir(), 'no-such-astro'), args: [] }], root);
    expect(status).toBe(1);
    expect(errors.mock.calls[0]![0]).toMatch(/^Build failed: the astro build step could not start \(.*ENOENT/);
  });
});

describe('the search index step', () => {
  it('indexes every locale of a built site into <client>/pagefind/<locale>/', () => {
    const client = tempDir();
    for (const [locale, text] of [
      ['fa', 'پاسخ سریع به مشتری'],
      ['ru', 'быстрый ответ клиенту'],
      ['en', 'a quick reply to the customer'],
    ] as const) {
      mkdirSync(join(client, locale, 'page'), { recursive: true });
      writeFileSync(
        join(client, locale, 'page/index.html'),
        `<!doctype html><html lang="${locale}"><head><title>${text}</title></head><body><main data-pagefind-body><h1>${text}</h1><p>${text}</p></main></body></html>`,
      );
    }
    const run = searchIndex(client);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^building the search index\nfa: 1 pages indexed, ru: 1 pages indexed, en: 1 pages indexed in/,
    );
    for (const locale of ['fa', 'ru', 'en'])
      expect(existsSync(join(client, 'pagefind', locale, 'pagefind-entry.json'))).toBe(true);
  }, 60_000);

  it('fails with one line when there is no built site or it cannot be indexed', () => {
    const missing = join(tempDir(), 'nothing-here');
    expect(searchIndex(missing)).toMatchObject({ status: 1, stderr: `Search index: no built site at ${missing}\n` });
    // A client folder without the locales' pages.
    const empty = tempDir();
    const run = searchIndex(empty);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Search index failed: ENOENT.*\n$/);
    expect(searchIndex()).toMatchObject({
      status: 1,
      stderr: 'Usage: node src/cli/search-index.ts <client folder> [--plain]\n',
    });
  }, 60_000);
});
