// Result excerpts in the reader's own writing. Pagefind shows excerpts, titles and section names
// from the text it indexed, and we index a normalized copy of each page (Arabic letters folded,
// Persian digits as ASCII, ZWNJ dropped, ё as е), so results showed «مهارتهای» for «مهارت‌های».
// The excerpt slices a result's text comes from (pagefind-excerpts.ts) are cut from the page as
// written instead, taken from a second Pagefind run over the display copy (`displayHtmlText`),
// which cuts the page into the same words in the same places: Pagefind marks matches by word
// number, so the index keeps finding the normalized words while the reader sees the original
// ones. A page whose two copies do not have the same words (never seen; e.g. a character whose
// NFKC form has a space) keeps the normalized text.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pageWords } from '../lib/search/excerpt.ts';
import { SIGNATURE } from './pagefind-chunks.ts';

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
