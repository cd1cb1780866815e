// The writer's contract: a mistake in an article stops the build with the file, the line or field
// and what was expected. Builds a copy of the site with one bad article (slow: a real build).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const copies: string[] = [];

function buildWith(relativePath: string, content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-build-'));
  copies.push(dir);
  for (const entry of ['src', 'content', 'public', 'db', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, relativePath), content);
  const result = spawnSync(join(root, 'node_modules/.bin/astro'), ['build'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('build errors for writers', () => {
  it('fails on a link to an article that does not exist, naming file and line', () => {
    const { status, output } = buildWith(
      'content/articles/en/agent-skills/broken-link.mdx',
      '---\ntitle: Broken link\ndescription: An article with a broken link.\ncategory: agent-skills\n---\n\nIntro.\n\nRead [this](/en/agent-skills/no-such-article/).\n',
    );
    expect(status).not.toBe(0);
    expect(output).toContain(
      'content/articles/en/agent-skills/broken-link.mdx:9  broken link "/en/agent-skills/no-such-article/"',
    );
  }, 160_000);

  it('fails on invalid frontmatter, naming file, field and expectation', () => {
    const { status, output } = buildWith(
      'content/articles/ru/agent-skills/bad-date.mdx',
      '---\ntitle: Плохая дата\ndescription: В этой статье неверная дата.\ncategory: agent-skills\nupdated: вчера\n---\n\nТекст.\n',
    );
    expect(status).not.toBe(0);
    expect(output).toContain('ru/agent-skills/bad-date');
    expect(output).toContain('updated');
    expect(output).toContain('expected a date like 2026-10-02');
  }, 160_000);
});
