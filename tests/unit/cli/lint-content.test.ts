// npm run lint:content on a folder of its own: the exit code, the report, and --fix writing the
// safe fixes into the files and leaving the rest for the writer.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const entry = resolve(import.meta.dirname, '../../../src/cli/lint-content.ts');
const folder = mkdtempSync(join(tmpdir(), 'pasokh-lint-content-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(path: string, lines: string[]) {
  mkdirSync(dirname(join(folder, path)), { recursive: true });
  writeFileSync(join(folder, path), lines.join('\n'));
}
const read = (path: string) => readFileSync(join(folder, path), 'utf8');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [entry, ...args], { cwd: folder, encoding: 'utf8', timeout: 30_000 });

const FA = 'content/articles/fa/agent-skills/pasted.mdx';
const RU = 'content/articles/ru/agent-skills/pasted.mdx';

it('reports findings with file:line:col and exits 1; --fix writes the safe ones; clean content exits 0', () => {
  write(FA, [
    '---',
    'title: مهارتهاي تیم',
    'description: توضیح کوتاه برای مقاله',
    '---',
    '',
    'این کار میشود.',
    '',
    '#### جزئیات',
  ]);
  write(RU, ['---', 'title: Ответы', 'description: Коротко о главном.', '---', '', 'Он сказал "да" - и ушёл.']);
  write('content/writers-guide/en.mdx', ['---', 'title: Guide', 'description: How to write.', '---', '', '## Fine']);

  const first = run();
  expect(first.status).toBe(1);
  expect(first.stdout).toContain(`${FA}:2:8  arabic-letters  مهارتهاي → مهارتهای`);
  expect(first.stdout).toContain(`${FA}:6:9  zwnj-prefix  میشود → می⟨zwnj⟩شود`);
  expect(first.stdout).toContain(`${FA}:8:1  heading-jump  #### after # → ## جزئیات  (by hand)`);
  expect(first.stdout).toContain(`${RU}:6:11  quotes  "да" → «да»`);
  expect(first.stdout).toContain(`${RU}:6:16  dashes  - → —`);
  expect(first.stdout.trimEnd().split('\n').at(-1)).toMatch(/^6 findings in 2 files: .* \(5 fixable with --fix;/);

  const fixed = run('--fix');
  expect(fixed.status).toBe(1); // the heading jump is the writer's to fix
  expect(fixed.stdout).toContain(`fixed ${FA}: 1 arabic-letters, 1 zwnj-prefix, 1 zwnj-suffix`);
  expect(fixed.stdout).toContain(`fixed ${RU}: 1 quotes, 1 dashes`);
  expect(read(FA).split('\n')[1]).toBe('title: مهارت\u200Cهای تیم');
  expect(read(FA).split('\n')[5]).toBe('این کار می\u200Cشود.');
  expect(read(RU).split('\n')[5]).toBe('Он сказал «да» — и ушёл.');
  expect(fixed.stdout.trimEnd().split('\n').at(-1)).toMatch(/^1 finding in 1 file: 1 heading-jump \(0 fixable/);

  write(FA, read(FA).replace('#### جزئیات', '## جزئیات').split('\n'));
  const clean = run();
  expect(clean.stdout.trim()).toBe('No findings.');
  expect(clean.status).toBe(0);
  expect(run('--fix').stdout).toContain('Nothing to fix.');
}, 60_000); // four runs of the real command, on a machine that may be busy

it('checks only the files named, with the drafts of every article', () => {
  write('content/articles/fa/agent-skills/draft.mdx', [
    '---',
    'title: پیش‌نویس',
    'description: هنوز منتشر نشده',
    'draft: true',
    '---',
  ]);
  write(FA, [
    '---',
    'title: تیم',
    'description: توضیح کوتاه برای مقاله',
    '---',
    '',
    '[پیوند](/fa/agent-skills/draft/)',
  ]);
  write(RU, ['Он сказал "да"']);
  const named = run(FA);
  expect(named.status).toBe(1);
  expect(named.stdout).toContain(
    `${FA}:6:9  draft-link  /fa/agent-skills/draft/ → link a published article, or publish the draft first`,
  );
  expect(named.stdout).not.toContain(RU);
}, 30_000);
