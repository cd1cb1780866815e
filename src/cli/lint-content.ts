// npm run lint:content [-- --fix] [files…]
// Checks the articles (content/articles/**/*.mdx) and the writers' guide (content/writers-guide/*.mdx),
// or only the files named, and prints each finding as `file:line:col  kind  found → suggestion`.
// --fix applies the safe orthography fixes first and prints what it changed in each file. Exits 1
// while anything is left to report. Paths are relative to the current folder (the project root).
import { globSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fixContentFile, formatFindings, lintContent, type ContentFile } from '../lib/content/lint.ts';

const { values, positionals } = parseArgs({
  options: { fix: { type: 'boolean', default: false } },
  allowPositionals: true,
});

const read = (file: string): ContentFile => ({
  file: relative('.', file).replace(/\\/g, '/'),
  source: readFileSync(file, 'utf8'),
});
const articlePaths = globSync('content/articles/**/*.mdx').sort();
const paths = positionals.length ? positionals : [...articlePaths, ...globSync('content/writers-guide/*.mdx').sort()];
let files = paths.map(read);

if (values.fix) {
  let changed = 0;
  files = files.map((file) => {
    const { text, changes } = fixContentFile(file);
    if (text === file.source) return file;
    writeFileSync(file.file, text);
    changed++;
    const made = Object.entries(changes)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`);
    console.log(`fixed ${file.file}: ${made.join(', ')}`);
    return { ...file, source: text };
  });
  console.log(changed ? `Fixed ${changed} file${changed === 1 ? '' : 's'}; what is left:\n` : 'Nothing to fix.\n');
}

const byPath = new Map(files.map((f) => [f.file, f]));
const articles = articlePaths.map((path) => byPath.get(relative('.', path).replace(/\\/g, '/')) ?? read(path));
const findings = lintContent(files, articles);
console.log(formatFindings(findings));
process.exitCode = findings.length ? 1 : 0;
