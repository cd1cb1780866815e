// Result excerpts in the reader's own writing. Pagefind shows excerpts, titles and section names
// from the text it indexed, and we index a normalized copy of each page (Arabic letters folded,
// Persian digits as ASCII, ZWNJ dropped, ё as е), so results showed «مهارتهای» for «مهارت‌های».
// Here each page's fragment (the file a result's text comes from) gets the text of the page as
// written instead, from a second Pagefind run over the display copy (`displayHtmlText`), which
// cuts the page into the same words in the same places: Pagefind marks matches by word number,
// so the index keeps finding the normalized words while the reader sees the original ones.
// A page whose two copies do not have the same words (never seen; e.g. a character whose NFKC
// form has a space) keeps the normalized text.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { pageWords } from '../lib/search/excerpt.ts';
import { editBundleMeta, fileHash, SIGNATURE } from './pagefind-chunks.ts';

export interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string>;
  anchors: { element: string; id: string; text: string; location: number }[];
  [field: string]: unknown;
}

export function readFragment(path: string): Fragment {
  const data = gunzipSync(readFileSync(path));
  if (data.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE)
    throw new Error(`Not a Pagefind fragment: ${path}`);
  return JSON.parse(data.subarray(SIGNATURE.length).toString('utf8')) as Fragment;
}

/** The display fragment may stand in for the indexed one: same words, same headings in the same places. */
export function sameShape(indexed: Fragment, display: Fragment): boolean {
  return (
    indexed.url === display.url &&
    pageWords(indexed.content).length === pageWords(display.content).length &&
    indexed.anchors.length === display.anchors.length &&
    indexed.anchors.every(
      (a, i) =>
        a.location === display.anchors[i]!.location &&
        a.id === display.anchors[i]!.id &&
        a.element === display.anchors[i]!.element,
    )
  );
}

export interface DisplayReport {
  language: string;
  pages: number;
  /** Pages that kept the normalized text because the two copies differed in shape. */
  kept: string[];
}

/**
 * Gives each page of the bundle in `bundleDir` the content, title/meta and heading texts of the
 * same page in `displayBundleDir` (a bundle of the display copy of the same pages). Fragments
 * are renamed by the hash of their new content and the meta file follows.
 */
export function useDisplayText(bundleDir: string, displayBundleDir: string): DisplayReport[] {
  const displayByUrl = new Map<string, Fragment>();
  for (const file of readdirSync(join(displayBundleDir, 'fragment'))) {
    const fragment = readFragment(join(displayBundleDir, 'fragment', file));
    displayByUrl.set(fragment.url, fragment);
  }
  return editBundleMeta(bundleDir, (language, meta) => {
    const pages = meta[1] as [string, number, string][];
    const kept: string[] = [];
    const written = new Map<string, Buffer>();
    const existing = new Set(
      readdirSync(join(bundleDir, 'fragment')).map((file) => file.replace(/\.pf_fragment$/, '')),
    );
    const taken = { has: (name: string) => written.has(name) || existing.has(name) };
    const renamed = new Map<string, string>(); // Pagefind gives identical pages one fragment
    for (const page of pages) {
      if (page[2]) throw new Error('Pagefind fragment groups (max_fragments) are not supported here');
      const known = renamed.get(page[0]);
      if (known) {
        page[0] = known;
        continue;
      }
      const indexed = readFragment(join(bundleDir, 'fragment', `${page[0]}.pf_fragment`));
      const display = displayByUrl.get(indexed.url);
      if (!display || !sameShape(indexed, display)) {
        kept.push(indexed.url);
        continue;
      }
      const json = Buffer.from(
        JSON.stringify({
          ...indexed,
          content: display.content,
          meta: display.meta,
          anchors: indexed.anchors.map((anchor, i) => ({ ...anchor, text: display.anchors[i]!.text })),
        }),
      );
      const hash = fileHash(language, json, taken);
      written.set(
        hash,
        gzipSync(Buffer.concat([Buffer.from(SIGNATURE, 'latin1'), json]), { level: zlib.Z_BEST_COMPRESSION }),
      );
      renamed.set(page[0], hash);
      page[0] = hash;
    }
    for (const old of renamed.keys()) rmSync(join(bundleDir, 'fragment', `${old}.pf_fragment`));
    for (const [hash, bytes] of written) writeFileSync(join(bundleDir, 'fragment', `${hash}.pf_fragment`), bytes);
    return { language, pages: pages.length, kept };
  });
}
