// foldText and displayText were made cheaper for the build's search index (one pass for the
// one-to-one characters, ASCII left alone, spaces before non-Arabic words not folded, words folded
// once per page). The index must not change: this pins them to the plain chain of replacements
// they replaced (written out below as it was) over random text mixing every character the rules
// touch, the characters NFKC turns into them, and the articles' own text.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayText, foldText } from '../../../src/lib/search/normalize.ts';

const LETTERS: Record<string, string> = {
  '\u064A': '\u06CC',
  '\u0649': '\u06CC',
  '\u0643': '\u06A9',
  '\u0629': '\u0647',
  '\u06C0': '\u0647',
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0622': '\u0627',
  '\u0671': '\u0627',
  '\u0624': '\u0648',
  '\u0626': '\u06CC',
  ё: 'е',
  Ё: 'Е',
};
const PUNCTUATION: Record<string, string> = {
  '\u060C': ',',
  '\u061B': ';',
  '\u061F': '?',
  '\u066A': '%',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2018': "'",
  '\u2019': "'",
};
const SUFFIXES = ['هایی', 'هایم', 'هایت', 'هایش', 'هامان', 'هایتان', 'هایشان', 'های', 'ها', 'ترین', 'تر'];

function referenceFold(text: string, { keepCase = false } = {}): string {
  const composed = text.normalize('NFKC');
  return (keepCase ? composed : composed.toLowerCase())
    .replace(new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g'), (c) => LETTERS[c]!)
    .replace(new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g'), (c) => PUNCTUATION[c]!)
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u0640\u064B-\u065F\u0670]/g, '')
    .replace(/[\u200B\u200D\u200E\u200F\u2060\uFEFF]/g, '')
    .replace(/\u200C/g, '')
    .replace(/(^|[^\p{L}])(نمی|می)[ \u00A0](?=\p{Script=Arabic})/gu, '$1$2')
    .replace(new RegExp(`(?<=\\p{Script=Arabic})[ \\u00A0](${SUFFIXES.join('|')})(?![\\p{L}\\p{M}])`, 'gu'), '$1');
}

function referenceDisplay(text: string): string {
  const parts = text.replace(/\u200B/g, '').split(/(\s+)/u);
  let out = parts[0] ?? '';
  let group = out;
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const space = parts[i]!;
    const next = parts[i + 1]!;
    const joins =
      (space === ' ' || space === '\u00A0') &&
      group !== '' &&
      next !== '' &&
      referenceFold(`${group}${space}${next}`) === referenceFold(group) + referenceFold(next);
    out += (joins ? '\u200C' : space) + next;
    group = joins ? `${group}${space}${next}` : next;
  }
  return out;
}

/** Pieces random text is made of: the affixes, every character a rule changes, and their look-alikes. */
const PIECES = [
  'می',
  'نمی',
  'مي',
  'ها',
  'های',
  'هایی',
  'ترین',
  'تر',
  'شود',
  'مهارت',
  'كتاب',
  'ﻣﻰ', // presentation forms: NFKC makes them «مى»
  'ﻫﺎ',
  '\u{1EE0C}', // Arabic mathematical mīm
  '\uFE70', // NFKC: a space and a fathatan, which goes: a word can fold to end or start with a space
  ...Object.keys(LETTERS),
  ...Object.keys(PUNCTUATION),
  '۱۲',
  '٣',
  '\u0640',
  '\u064E',
  '\u0670',
  '\u200B',
  '\u200C',
  '\u200D',
  '\uFEFF',
  ' ',
  ' ',
  ' ',
  '\u00A0',
  '\n',
  '\t',
  '  ',
  'a',
  'NPS',
  'Ещё',
  'ΣΑΣ', // final sigma depends on what follows
  '¨', // NFKC: a space and a combining mark
  'ﬁ',
  '<b>',
  '&amp;',
  '.',
  ',',
  '-',
];

function randomText(random: () => number): string {
  const length = 1 + Math.floor(random() * 12);
  return Array.from({ length }, () => PIECES[Math.floor(random() * PIECES.length)]!).join('');
}

/** A small seeded generator, so a failure can be repeated. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const articles = resolve(import.meta.dirname, '../../../content/articles');

describe('the cheaper foldText and displayText', () => {
  it('give what the plain chain of replacements gives, on random text', () => {
    const random = seeded(18);
    let joined = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = randomText(random);
      expect(foldText(text), JSON.stringify(text)).toBe(referenceFold(text));
      expect(foldText(text, { keepCase: true }), JSON.stringify(text)).toBe(referenceFold(text, { keepCase: true }));
      const display = displayText(text);
      expect(display, JSON.stringify(text)).toBe(referenceDisplay(text));
      if (display.includes('\u200C') && !text.includes('\u200C')) joined++;
    }
    // The joins across a space were taken often enough to count, not only the shortcuts.
    expect(joined).toBeGreaterThan(200);
  });

  it('give what it gives on every article, line by line', () => {
    const files = readdirSync(articles, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const line of readFileSync(join(articles, file), 'utf8').split('\n')) {
        expect(foldText(line, { keepCase: true })).toBe(referenceFold(line, { keepCase: true }));
        expect(displayText(line)).toBe(referenceDisplay(line));
      }
    }
  });
});
