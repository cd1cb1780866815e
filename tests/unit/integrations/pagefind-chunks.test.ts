// Re-chunking of Pagefind's word index (src/integrations/pagefind-chunks.ts): the pure parts, and
// a real Pagefind bundle re-split into small chunks and searched with Pagefind's own runtime.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'cborg';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boundaryPrefixes,
  chunkRanges,
  compareWords,
  readPagefindFile,
  rechunkBundle,
  splitWords,
  writePagefindFile,
  type PackedWord,
  type RechunkReport,
} from '../../../src/integrations/pagefind-chunks.ts';
import { searchFresh } from './pagefind-runtime.ts';

const word = (w: string, pages: unknown[] = [[0, [1], []]]): PackedWord => [w, pages, []];

describe('chunk boundaries', () => {
  it('cuts neighbouring words one character after their shared prefix, as Pagefind does', () => {
    expect(boundaryPrefixes('apple', 'apricot')).toEqual(['app', 'apr']);
    expect(boundaryPrefixes('cataraman', 'yacht')).toEqual(['c', 'y']);
    expect(boundaryPrefixes('cath', 'cathartic')).toEqual(['cath', 'catha']);
    // Characters, not UTF-16 units or bytes.
    expect(boundaryPrefixes('مشتری', 'مشکل')).toEqual(['مشت', 'مشک']);
    expect(boundaryPrefixes('a😀b', 'a😀c')).toEqual(['a😀b', 'a😀c']);
  });
  it("gives each chunk a from/to range: Pagefind's prefix as from, the last word whole as to", () => {
    const ranges = chunkRanges([[word('apple')], [word('apricot'), word('banana')], [word('peach')]]);
    expect(ranges).toEqual([
      { from: 'apple', to: 'apple' },
      { from: 'apr', to: 'banana' },
      { from: 'p', to: 'peach' },
    ]);
    // A short chunk between two long shared prefixes still has from ≤ to.
    const tight = chunkRanges([[word('resolve')], [word('respons'), word('rest'), word('result')], [word('retain')]]);
    expect(tight[1]).toEqual({ from: 'resp', to: 'result' });
  });
  it('sorts like Pagefind: by UTF-8 bytes, so astral characters come after the rest of the BMP', () => {
    expect(compareWords('\uffff', '😀')).toBeLessThan(0);
    expect('\uffff' < '😀').toBe(false); // JavaScript's own order would differ
  });
});

describe('splitWords', () => {
  const family = (stem: string, n: number, locations: number) =>
    Array.from({ length: n }, (_, i) =>
      word(`${stem}${i ? String.fromCharCode(0x61 + i) : ''}`, [
        [i, Array.from({ length: locations }, (_, l) => l), []],
      ]),
    );
  const words = [...family('bar', 6, 30), ...family('customer', 8, 30), ...family('time', 5, 30), word('zebra')].sort(
    (a, b) => compareWords(a[0], b[0]),
  );
  const options = {
    targetBytes: 200,
    keepExtensionsUpTo: 2_000,
    minWordLength: 4,
    keepPrefixGroupsUpTo: 0,
    minPrefixLength: 3,
  };

  it('keeps every word, once and in order', () => {
    const chunks = splitWords(words, options);
    expect(chunks.flat()).toEqual(words);
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
  });
  it('keeps the words that extend an indexed word in one chunk while they fit the limit', () => {
    const chunks = splitWords(words, options);
    for (const stem of ['customer', 'time']) {
      const holding = chunks.filter((chunk) => chunk.some(([w]) => w.startsWith(stem)));
      expect(holding).toHaveLength(1);
    }
    // Once a group is larger than the limit it is cut after all.
    const cut = splitWords(words, { ...options, keepExtensionsUpTo: 100 });
    expect(cut.filter((chunk) => chunk.some(([w]) => w.startsWith('customer'))).length).toBeGreaterThan(1);
  });
  it('keeps words with the same first letters together up to its own limit, indexed word or not', () => {
    const typed = [...family('pati', 6, 30).slice(1), ...family('zz', 2, 1)].sort((a, b) => compareWords(a[0], b[0]));
    expect(typed.some(([w]) => w === 'pati')).toBe(false);
    const holding = (chunks: PackedWord[][]) =>
      chunks.filter((chunk) => chunk.some(([w]) => w.startsWith('pat'))).length;
    expect(holding(splitWords(typed, options))).toBeGreaterThan(1);
    expect(holding(splitWords(typed, { ...options, keepPrefixGroupsUpTo: 2_000 }))).toBe(1);
    expect(holding(splitWords(typed, { ...options, keepPrefixGroupsUpTo: 2_000, minPrefixLength: 5 }))).toBeGreaterThan(
      1,
    );
  });
  it('makes chunks no larger than the target unless one word group or one word is', () => {
    const chunks = splitWords(words, { ...options, keepExtensionsUpTo: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks)
      if (chunk.length > 1)
        expect(chunk.reduce((n, w) => n + encode(w).length, 0)).toBeLessThanOrEqual(options.targetBytes);
  });
});

describe('rechunkBundle on a real Pagefind bundle', () => {
  let root: string;
  const vocabulary: Record<string, string[]> = {
    fa: [
      'مشتری',
      'مشتریان',
      'مشتریها',
      'مشتریانتان',
      'مشکل',
      'پشتیبانی',
      'پشتیبان',
      'شاخص',
      'شاخصها',
      'شاخصهای',
      'صبر',
      'صبور',
      'کار',
      'کاربر',
      'کارها',
      'کارشناس',
      'تیکت',
      'پاسخ',
      'زمان',
      'اولین',
      'رضایت',
      'تماس',
      'ایمیل',
      'چت',
      'تلفن',
      'عصبانی',
      'عصبانیت',
      'ارام',
      'support',
      'supporter',
      'sla',
      'csat',
      '24',
      '2024',
    ],
    en: [
      'customer',
      'customers',
      'customize',
      'custom',
      'time',
      'timer',
      'timely',
      'first',
      'firstly',
      'response',
      'respond',
      'responsive',
      'angry',
      'anger',
      'calm',
      'calmly',
      'ticket',
      'tickets',
      'agent',
      'agents',
      'metric',
      'metrics',
      'patience',
      'patient',
      'queue',
      'escalate',
      'escalation',
      'sla',
      'csat',
      'nps',
    ],
  };
  const before: Record<string, { words: PackedWord[]; meta: unknown[]; pages: string[]; files: string[] }> = {};
  const reports: Record<string, RechunkReport> = {};

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pasokh-rechunk-'));
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const [language, words] of Object.entries(vocabulary)) {
      const { index } = await pagefind.createIndex({ forceLanguage: language });
      for (let page = 0; page < 40; page++) {
        const content = Array.from({ length: 30 }, () => words[Math.floor(random() * random() * words.length)]).join(
          ' ',
        );
        await index!.addCustomRecord({
          url: `/${language}/${page}/`,
          content,
          language,
          meta: { title: `page ${page}` },
        });
      }
      await index!.writeFiles({ outputPath: join(root, language) });
      const dir = join(root, language);
      before[language] = { ...readBundle(dir, language), files: readdirSync(join(dir, 'index')) };
      reports[language] = rechunkBundle(dir, {
        targetBytes: 300,
        keepExtensionsUpTo: 1_200,
        minWordLength: 4,
        keepPrefixGroupsUpTo: 0,
        minPrefixLength: 3,
      })[0]!;
    }
    await pagefind.close();
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function readBundle(dir: string, language: string) {
    const entry = JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8'));
    const meta = readPagefindFile(
      readFileSync(join(dir, `pagefind.${entry.languages[language].hash}.pf_meta`)),
    ) as unknown[];
    const chunks = meta[2] as [string, string, string][];
    const words = chunks.flatMap(
      ([, , hash]) => (readPagefindFile(readFileSync(join(dir, 'index', `${hash}.pf_index`))) as [PackedWord[]])[0],
    );
    return { words, meta, pages: (meta[1] as [string][]).map(([hash]) => hash) };
  }

  /** Pages holding the word itself, from its index entry (page numbers are stored as deltas). */
  function pagesWith(entry: PackedWord, pages: string[]): string[] {
    let page = 0;
    return (entry[1] as [number][]).map(([delta]) => pages[(page += delta)]!);
  }

  it('re-splits into many small chunks and every word, with its pages and locations, survives', () => {
    for (const language of Object.keys(vocabulary)) {
      const dir = join(root, language);
      const report = reports[language];
      expect(report!.chunksBefore).toBe(1);
      expect(report!.chunksAfter).toBeGreaterThan(8);
      const after = readBundle(dir, language);
      expect(after.words).toEqual(before[language]!.words);
      // Everything in the meta but the chunk list is as Pagefind wrote it.
      expect(after.meta.filter((_, i) => i !== 2)).toEqual(before[language]!.meta.filter((_, i) => i !== 2));
      // Old chunks are gone, new ones are named by their content.
      const files = readdirSync(join(dir, 'index'));
      expect(files.some((f) => before[language]!.files.includes(f))).toBe(false);
      expect(files).toHaveLength(report!.chunksAfter);
      expect(readdirSync(dir).filter((f) => f.endsWith('.pf_meta'))).toHaveLength(1);
    }
  });

  it('writes from/to ranges in order that cover every word', () => {
    for (const language of Object.keys(vocabulary)) {
      const dir = join(root, language);
      const { meta } = readBundle(dir, language);
      const chunks = meta[2] as [string, string, string][];
      let previousTo = '';
      for (const [from, to, hash] of chunks) {
        const words = (readPagefindFile(readFileSync(join(dir, 'index', `${hash}.pf_index`))) as [PackedWord[]])[0].map(
          ([w]) => w,
        );
        // Each word is inside its chunk's range, as the runtime compares: from ≤ word ≤ to.
        for (const w of words) {
          expect(compareWords(from, w), `${w} in ${from}…${to}`).toBeLessThanOrEqual(0);
          expect(compareWords(w, to), `${w} in ${from}…${to}`).toBeLessThanOrEqual(0);
        }
        expect(to).toBe(words[words.length - 1]);
        expect(compareWords(previousTo, from)).toBeLessThan(0);
        previousTo = to;
      }
    }
  });

  it('round-trips Pagefind files byte for byte through decode and encode', () => {
    const dir = join(root, 'fa');
    for (const file of readdirSync(join(dir, 'index'))) {
      const bytes = readFileSync(join(dir, 'index', file));
      expect(readPagefindFile(writePagefindFile(readPagefindFile(bytes)))).toEqual(readPagefindFile(bytes));
    }
    expect(() => readPagefindFile(writePagefindFile([1]).subarray(0, 10))).toThrow();
  });

  it("leads Pagefind's own runtime, for every word, to the chunk that holds it and to all its pages", async () => {
    for (const language of Object.keys(vocabulary)) {
      const dir = join(root, language);
      const { meta, pages, words } = readBundle(dir, language);
      const chunkOf = new Map<string, string>();
      for (const [, , hash] of meta[2] as [string, string, string][]) {
        for (const [w] of (readPagefindFile(readFileSync(join(dir, 'index', `${hash}.pf_index`))) as [PackedWord[]])[0])
          chunkOf.set(w, `${hash}.pf_index`);
      }
      for (const entry of words) {
        const { ids, fetched } = await searchFresh(dir, entry[0]);
        expect(fetched, `${language} «${entry[0]}»`).toContain(chunkOf.get(entry[0]));
        expect(ids, `${language} «${entry[0]}»`).toEqual(expect.arrayContaining(pagesWith(entry, pages)));
      }
    }
  }, 120_000);

  it('finds, for a word, the pages of the words that extend it (prefix search), as one chunk would', async () => {
    const dir = join(root, 'fa');
    const { pages, words } = readBundle(dir, 'fa');
    for (const stem of ['مشتری', 'شاخص', 'پشتیبان', 'عصبانی']) {
      const expected = new Set(words.filter(([w]) => w.startsWith(stem)).flatMap((entry) => pagesWith(entry, pages)));
      const { ids } = await searchFresh(dir, stem);
      expect(new Set(ids), stem).toEqual(expected);
    }
  }, 60_000);
});

describe('chunk sizes counted in gzip bytes', () => {
  it('aims at what a query downloads, whatever the index compresses to', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pasokh-rechunk-gzip-'));
    try {
      const words = Array.from({ length: 400 }, (_, i) => `word${i.toString(36)}x${(i * 7919).toString(36)}`);
      const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
      for (let page = 0; page < 20; page++) {
        await index!.addCustomRecord({
          url: `/en/${page}/`,
          content: words.filter((_, i) => i % 20 === page).join(' '),
          language: 'en',
          meta: { title: `page ${page}` },
        });
      }
      await index!.writeFiles({ outputPath: root });
      await pagefind.close();
      const target = 600;
      rechunkBundle(root, {
        unit: 'gzip',
        targetBytes: target,
        keepExtensionsUpTo: target,
        minWordLength: 4,
        keepPrefixGroupsUpTo: 0,
        minPrefixLength: 3,
      });
      const sizes = readdirSync(join(root, 'index')).map((file) => statSync(join(root, 'index', file)).size);
      // Mostly word strings: ~2.5 CBOR bytes per gzip byte, so a CBOR target of 600 would give chunks of ~250 bytes.
      expect(sizes.length).toBeGreaterThan(3);
      const median = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)]!;
      expect(median).toBeGreaterThan(target * 0.6);
      expect(median).toBeLessThan(target * 1.4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
