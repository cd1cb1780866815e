// Re-splits the word index of a Pagefind bundle into smaller chunks, after Pagefind wrote it.
//
// Pagefind's indexer cuts the sorted word list into chunks of about 20,000 word locations (a
// constant in its Rust code, no option), and a search loads one whole chunk per query word.
// On a help center of thousands of pages that is ~6 KB per word, most of it words nobody asked
// for. Here the same word entries, untouched, are cut into chunks of `targetBytes` (see
// SplitOptions), and the meta file's chunk list is rewritten so that the Pagefind runtime finds
// them (see chunkRanges). Where to cut is chosen with prefix search in mind: Pagefind loads one
// chunk per query word and matches the words of that chunk that start with it, so a cut between
// two words that share a long prefix ("customer" | "customers") hides one from the other. Words
// are therefore grouped by their first letters, and a group is only cut into subgroups (by the
// next letter) when it alone is larger than the target.
//
// File format (Pagefind 1.6): each file is gzip of the signature `pagefind_dcd` followed by
// CBOR. Meta: [version, pages, index_chunks: [from, to, hash][], filters, sorts, meta fields];
// an index chunk: [words], each word [word, pages, variants] (kept as they are).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { decode, encode } from 'cborg';

/** The bytes every Pagefind data file starts with, once unzipped. */
export const SIGNATURE = 'pagefind_dcd';

/** One word of a chunk as Pagefind wrote it: the word first, then data we carry unchanged. */
export type PackedWord = [word: string, ...rest: unknown[]];
export interface ChunkRange {
  from: string;
  to: string;
}

export function readPagefindFile(bytes: Uint8Array): unknown {
  const data = gunzipSync(bytes);
  if (data.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE)
    throw new Error('Not a Pagefind file (no signature)');
  // strict: minimal integer and length encodings only, so decode → encode gives back the same bytes.
  return decode(data.subarray(SIGNATURE.length), { strict: true, rejectDuplicateMapKeys: true });
}

/** A Pagefind file of the CBOR bytes `cbor` (for callers that hash them too: encoding is a large part of re-chunking). */
function pagefindFileOf(cbor: Uint8Array): Buffer {
  return gzipSync(Buffer.concat([Buffer.from(SIGNATURE, 'latin1'), cbor]), { level: zlib.Z_BEST_COMPRESSION });
}

export function writePagefindFile(value: unknown): Buffer {
  return pagefindFileOf(encode(value));
}

/** Byte order of UTF-8, which is how Pagefind (Rust `String`) sorts and compares words. */
export function compareWords(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The from/to of neighbouring chunks, as Pagefind's indexer writes them (`get_prefixes`): the
 * last word of one chunk and the first word of the next, each cut one character after the
 * prefix they share. Characters are code points.
 */
export function boundaryPrefixes(last: string, first: string): [string, string] {
  const a = Array.from(last);
  const b = Array.from(first);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [a.slice(0, common + 1).join(''), b.slice(0, common + 1).join('')];
}

/**
 * The meta file's from/to for each chunk of words (each chunk non-empty, in order). `from` is
 * Pagefind's: the first word cut one character after the prefix it shares with the word before
 * it, so a query for a prefix of that word («resp» for «respons») still comes here. `to` is the
 * chunk's last word whole, where Pagefind writes a prefix too: its runtime picks the first chunk
 * with from ≤ term ≤ to, comparing whole strings, so with to = «res» the chunk's own «respons»,
 * «rest», «result» fall outside it and each lookup takes Pagefind's fallback path (with small
 * chunks even from > to happens: ["resp", "res"]), which here loaded a second chunk for
 * «response». With the whole word, every word of the chunk is inside its range, and a term
 * between two chunks (after one's last word, before the next one's `from`) has no word that
 * starts with it.
 */
export function chunkRanges(chunks: readonly (readonly PackedWord[])[]): ChunkRange[] {
  return chunks.map((chunk, i) => ({
    from: i === 0 ? chunk[0]![0] : boundaryPrefixes(chunks[i - 1]![chunks[i - 1]!.length - 1]![0], chunk[0]![0])[1],
    to: chunk[chunk.length - 1]![0],
  }));
}

export interface SplitOptions {
  /**
   * What the byte figures below count: CBOR bytes before gzip (what `splitWords` measures), or
   * gzip bytes, what a query downloads, which `rechunkBundle` turns into CBOR bytes by how well
   * the whole index compresses: ~2:1 on a small site, where word strings fill the index, ~9:1 on
   * thousands of pages, where word locations do. Default: CBOR.
   */
  unit?: 'cbor' | 'gzip';
  /** Chunk size to aim for. */
  targetBytes: number;
  /**
   * An indexed word of at least `minWordLength` characters stays in one chunk with the words
   * that extend it («مشتری» with «مشتریان», «customer» with «customers»), so that a query for it
   * finds them all, as long as those other words add no more than this many bytes.
   */
  keepExtensionsUpTo: number;
  minWordLength: number;
  /**
   * Words sharing their first `minPrefixLength` or more characters stay in one chunk up to this
   * many bytes, so that a word being typed («pati») still finds what a whole chunk would.
   */
  keepPrefixGroupsUpTo: number;
  minPrefixLength: number;
}

/**
 * Cuts sorted words into chunks of about `targetBytes` each (a single word larger than that gets
 * a chunk of its own). Words sharing a prefix stay together unless their group is larger than
 * the target; then the group is cut by the next character, and so on, except that a word and
 * the words extending it, and groups with a long enough shared prefix, stay together (see
 * `SplitOptions`).
 */
export function splitWords(words: readonly PackedWord[], options: SplitOptions): PackedWord[][] {
  if (options.unit === 'gzip') throw new Error('splitWords measures CBOR bytes');
  const { targetBytes, keepExtensionsUpTo, minWordLength, keepPrefixGroupsUpTo, minPrefixLength } = options;
  const letters = words.map(([word]) => Array.from(word));
  const sizes = words.map((word) => encode(word).length);
  // Running totals, so that the size of any run of words is one subtraction instead of a loop
  // (groups are measured again at every depth, and merged runs again as they grow).
  const before = [0];
  for (const size of sizes) before.push(before.at(-1)! + size);
  const sizeOf = (lo: number, hi: number) => before[hi]! - before[lo]!;
  const cuts: [number, number][] = [];

  // words[lo, hi) share their first `depth` characters.
  const split = (lo: number, hi: number, depth: number) => {
    let start = lo;
    let size = 0;
    const close = (end: number) => {
      if (end > start) cuts.push([start, end]);
      start = end;
      size = 0;
    };
    for (let i = lo; i < hi;) {
      const key = letters[i]![depth];
      let j = i + 1;
      while (j < hi && letters[j]![depth] === key) j++;
      const groupSize = sizeOf(i, j);
      if (groupSize > targetBytes && j - i > 1 && key !== undefined) {
        close(i);
        // The group's first word is its prefix itself when that is an indexed word.
        const isWord = letters[i]!.length === depth + 1 && depth + 1 >= minWordLength;
        const keep =
          (isWord && groupSize - sizes[i]! <= keepExtensionsUpTo) ||
          (depth + 1 >= minPrefixLength && groupSize <= keepPrefixGroupsUpTo);
        if (keep) cuts.push([i, j]);
        else split(i, j, depth + 1);
        start = j;
      } else {
        if (size > 0 && size + groupSize > targetBytes) close(i);
        size += groupSize;
      }
      i = j;
    }
    close(hi);
  };
  split(0, words.length, 0);

  // Neighbours left small by a deeper cut go back together while they fit: one cut fewer.
  const merged: [number, number][] = [];
  for (const cut of cuts) {
    const previous = merged[merged.length - 1];
    if (previous && sizeOf(previous[0], cut[1]) <= targetBytes) previous[1] = cut[1];
    else merged.push([...cut]);
  }
  return merged.map(([lo, hi]) => words.slice(lo, hi));
}

function contentHash(bytes: Uint8Array, length: number): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, length);
}

export interface RechunkReport {
  language: string;
  chunksBefore: number;
  chunksAfter: number;
  words: number;
  metaBytes: number;
}

/**
 * Opens the meta file of each language of the bundle in `bundleDir` (the folder holding
 * pagefind-entry.json) for `edit` to change, then writes it under the hash of its new content
 * and points pagefind-entry.json at it, so no cache can pair the old meta with new files.
 */
export function editBundleMeta<R>(
  bundleDir: string,
  edit: (language: string, meta: unknown[]) => R,
): (R & { metaBytes: number })[] {
  const entryPath = join(bundleDir, 'pagefind-entry.json');
  const entry = JSON.parse(readFileSync(entryPath, 'utf8')) as { languages: Record<string, { hash: string }> };
  const results: (R & { metaBytes: number })[] = [];
  for (const [language, info] of Object.entries(entry.languages)) {
    const metaPath = join(bundleDir, `pagefind.${info.hash}.pf_meta`);
    const meta = readPagefindFile(readFileSync(metaPath));
    if (!Array.isArray(meta) || typeof meta[0] !== 'string' || !Array.isArray(meta[1]) || !Array.isArray(meta[2])) {
      throw new Error(`Pagefind meta ${metaPath} is not in the expected layout ([version, pages, index chunks, …])`);
    }
    const result = edit(language, meta);
    const cbor = encode(meta);
    const metaHash = `${language}_${contentHash(cbor, 10)}`;
    const metaBytes = pagefindFileOf(cbor);
    rmSync(metaPath);
    writeFileSync(join(bundleDir, `pagefind.${metaHash}.pf_meta`), metaBytes);
    info.hash = metaHash;
    results.push({ ...result, metaBytes: metaBytes.length });
  }
  writeFileSync(entryPath, JSON.stringify(entry));
  return results;
}

/** A name for `bytes` in `taken`: `<language>_` and 7 or more hex digits of its hash, as Pagefind names files. */
export function fileHash(language: string, bytes: Uint8Array, taken: { has(name: string): boolean }): string {
  let length = 7;
  let hash = `${language}_${contentHash(bytes, length)}`;
  while (taken.has(hash) && length < 64) hash = `${language}_${contentHash(bytes, ++length)}`;
  if (taken.has(hash)) throw new Error(`Two Pagefind files of the same content: ${hash}`);
  return hash;
}

/** `options` in CBOR bytes: gzip figures scaled by how well `words` compress as a whole. */
function inCborBytes(options: SplitOptions, words: readonly PackedWord[]): SplitOptions {
  if (options.unit !== 'gzip') return options;
  const cbor = encode([words]);
  const ratio = cbor.length / gzipSync(cbor, { level: zlib.Z_BEST_COMPRESSION }).length;
  const scale = (bytes: number) => Math.round(bytes * ratio);
  return {
    ...options,
    unit: 'cbor',
    targetBytes: scale(options.targetBytes),
    keepExtensionsUpTo: scale(options.keepExtensionsUpTo),
    keepPrefixGroupsUpTo: scale(options.keepPrefixGroupsUpTo),
  };
}

/**
 * Rewrites the word index of the Pagefind bundle in `bundleDir` into chunks of about
 * `targetBytes`. New files are named by the hash of their content, and so is the meta file.
 */
export function rechunkBundle(bundleDir: string, options: SplitOptions): RechunkReport[] {
  const reports = editBundleMeta(bundleDir, (language, meta) => {
    const oldChunks = meta[2] as [string, string, string][];
    if (oldChunks.some((c) => !Array.isArray(c) || c.length !== 3 || c.some((s) => typeof s !== 'string'))) {
      throw new Error(`Pagefind meta in ${bundleDir} does not list index chunks as [from, to, hash]`);
    }
    const words: PackedWord[] = [];
    for (const [, , hash] of oldChunks) {
      const chunk = readPagefindFile(readFileSync(join(bundleDir, 'index', `${hash}.pf_index`))) as [PackedWord[]];
      words.push(...chunk[0]);
    }
    for (let i = 1; i < words.length; i++) {
      if (compareWords(words[i - 1]![0], words[i]![0]) >= 0)
        throw new Error(`Pagefind words out of order: ${words[i - 1]![0]} before ${words[i]![0]}`);
    }

    const chunks = splitWords(words, inCborBytes(options, words));
    const ranges = chunkRanges(chunks);
    const written = new Map<string, Buffer>();
    meta[2] = chunks.map((chunk, i) => {
      const cbor = encode([chunk]);
      const hash = fileHash(language, cbor, written);
      written.set(hash, pagefindFileOf(cbor));
      return [ranges[i]!.from, ranges[i]!.to, hash];
    });
    for (const [, , hash] of oldChunks) rmSync(join(bundleDir, 'index', `${hash}.pf_index`));
    for (const [hash, bytes] of written) writeFileSync(join(bundleDir, 'index', `${hash}.pf_index`), bytes);
    return { language, chunksBefore: oldChunks.length, chunksAfter: chunks.length, words: words.length };
  });
  // Nothing else may still point at a removed chunk.
  const left = readdirSync(join(bundleDir, 'index')).length;
  const expected = reports.reduce((n, r) => n + r.chunksAfter, 0);
  if (left !== expected)
    throw new Error(`Pagefind index folder ${bundleDir}/index holds ${left} files, expected ${expected}`);
  return reports;
}
