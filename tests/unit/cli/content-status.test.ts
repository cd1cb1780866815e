// npm run content:status (src/cli/content-status.ts) run as writers run it, in a folder with a
// content/ of its own: the table, --csv, and --strict's exit code naming what is outdated.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/lib/content/status.ts';

const CLI = fileURLToPath(new URL('../../../src/cli/content-status.ts', import.meta.url));
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const mdx = (title: string, frontmatter: string, body: string) =>
  `---\ntitle: ${title}\ndescription: A help article written for the test.\ncategory: skills\n${frontmatter}---\n\n${body}\n`;

/** A content/ folder: a Persian original and its Russian translation, made from `recorded`. */
function site(recorded: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pasokh-cli-status-'));
  roots.push(root);
  mkdirSync(join(root, 'content/articles/fa/skills'), { recursive: true });
  mkdirSync(join(root, 'content/articles/ru/skills'), { recursive: true });
  writeFileSync(
    join(root, 'content/categories.json'),
    JSON.stringify([{ id: 'skills', order: 1, icon: 'x', title: {}, description: {} }]),
  );
  writeFileSync(
    join(root, 'content/articles/fa/skills/patience.mdx'),
    mdx('صبر در کار', 'translationKey: patience\nowner: maria\nreviewBy: 2020-01-01\n', 'اول گوش کنید.'),
  );
  writeFileSync(
    join(root, 'content/articles/ru/skills/patience.mdx'),
    mdx(
      'Терпение',
      `translationKey: patience\ntranslatedFrom: { locale: fa, hash: "${recorded}" }\n`,
      'Сначала слушайте.',
    ),
  );
  return root;
}

const run = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

const faHash = contentHash('صبر در کار', 'اول گوش کنید.');

describe('npm run content:status', () => {
  it('prints the table with each original hash and what is past review, and exits 0', () => {
    const result = run(site(faHash));
    expect(result.status).toBe(0);
    const row = result.stdout.split('\n').find((line) => line.startsWith('patience'));
    expect(row).toMatch(
      new RegExp(`^patience\\s+original ${faHash}, review!\\s+up to date\\s+—\\s+maria\\s+2020-01-01$`),
    );
    expect(result.stdout).toContain('1 keys: 1 originals, 1 up to date, 0 outdated, 0 untracked, 1 missing.');
    expect(result.stdout).toContain('content/articles/fa/skills/patience.mdx: review by 2020-01-01, owner maria');
  });

  it('--strict exits 0 while every translation is current', () => {
    expect(run(site(faHash), '--strict').status).toBe(0);
  });

  it('--strict exits 1 and names the outdated translation and the line that brings it up to date', () => {
    const result = run(site('0badc0de'), '--strict');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('content:status --strict: 1 to fix:');
    expect(result.stderr).toContain('content/articles/ru/skills/patience.mdx is outdated');
    expect(result.stdout).toContain(`once brought up to date: translatedFrom: { locale: fa, hash: "${faHash}" }`);
    // Without --strict the same finding is a report, not a failure.
    expect(run(site('0badc0de')).status).toBe(0);
  });

  it('--csv prints one row per key and language', () => {
    const result = run(site('0badc0de'), '--csv');
    expect(result.status).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.key, r.locale, r.state])).toEqual([
      ['patience', 'fa', 'original'],
      ['patience', 'ru', 'outdated'],
      ['patience', 'en', 'missing'],
    ]);
    expect(rows[0]).toMatchObject({ title: 'صبر در کار', owner: 'maria', past_review: '1', hash: faHash });
    expect(rows[1]).toMatchObject({ translated_from: 'fa', recorded: '0badc0de', original_hash: faHash });
  });

  it('refuses an unknown option with the usage line', () => {
    const result = run(site(faHash), '--strcit');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: npm run content:status');
  });
});
