// Writes each page's text, cut into a few overlapping slices (src/lib/search/excerpt.ts), as
// gzip-compressed JSON files in <bundle>/excerpt/, in place of Pagefind's fragments: the search
// engine loads the one slice that holds a result's excerpt instead of the whole page, and never
// loads a fragment, so none is written (one file per page fewer to build and deploy).
// The text is the page as written (see pagefind-display.ts). A page's
// id in the index becomes the name of its slices: a hash of their content, so a page whose
// text changes gets new names (browsers keep slices for good), and its stride (`pageId`).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cutSlices, pageId, pageStride, pageWords, SLICE_DIR, sliceFile } from '../lib/search/excerpt.ts';
import { editBundleMeta, fileHash } from './pagefind-chunks.ts';
import { readFragment, shownFragment, type Fragment } from './pagefind-display.ts';

/** Headings as Pagefind counts them for section results: h1–h6 with an id and some text. */
const isHeading = (anchor: Fragment['anchors'][number]) => /^h\d$/i.test(anchor.element) && /\S/.test(anchor.text);

export interface ExcerptReport {
  language: string;
  pages: number;
  slices: number;
  /** Pages whose slices hold the normalized text because its words did not line up with the page's. */
  kept: string[];
}

/**
 * Replaces the fragments of the bundle in `bundleDir` by excerpt slices, their text as written in
 * the pages (`pageHtml(url)`: the part of the page Pagefind was given, before normalization), and
 * renames each page in the meta file after its slices.
 */
export function writeExcerptSlices(bundleDir: string, pageHtml: (url: string) => string | undefined): ExcerptReport[] {
  rmSync(join(bundleDir, 'excerpt'), { recursive: true, force: true });
  mkdirSync(join(bundleDir, SLICE_DIR), { recursive: true });
  const reports = editBundleMeta(bundleDir, (language, meta) => {
    const pages = meta[1] as [string, number, string?][];
    const kept: string[] = [];
    const named = new Map<string, string>(); // Pagefind gives identical pages one fragment
    const taken = new Set<string>();
    let count = 0;
    for (const page of pages) {
      if (page[2]) throw new Error('Pagefind fragment groups (max_fragments) are not supported here');
      const known = named.get(page[0]);
      if (known) {
        page[0] = known;
        continue;
      }
      const indexed = readFragment(join(bundleDir, 'fragment', `${page[0]}.pf_fragment`));
      const html = pageHtml(indexed.url);
      let fragment = html === undefined ? undefined : shownFragment(indexed, html);
      if (!fragment) {
        kept.push(indexed.url);
        fragment = indexed;
      }
      const words = pageWords(fragment.content);
      const slices = cutSlices({
        url: fragment.url,
        title: fragment.meta.title ?? fragment.url,
        category: fragment.meta.category ?? '',
        words,
        headings: fragment.anchors.filter(isHeading).map(({ id, text, location }) => ({ id, text, location })),
      });
      const files = slices.map((slice) => JSON.stringify(slice));
      const name = fileHash(language, Buffer.from(files.join('\n')), taken);
      taken.add(name);
      const id = pageId(name, pageStride(words.length));
      // zlib's default level: on the 10,000-article site's slices, level 9 wrote the same bytes
      // (within 0.0001 %) in twice the time.
      files.forEach((json, k) => writeFileSync(join(bundleDir, sliceFile(id, k)), gzipSync(json)));
      count += files.length;
      named.set(page[0], id);
      page[0] = id;
    }
    return { language, pages: pages.length, slices: count, kept };
  });
  rmSync(join(bundleDir, 'fragment'), { recursive: true, force: true });
  return reports;
}
