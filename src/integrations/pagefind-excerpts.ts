// Writes each page's text a second time, cut into small overlapping slices, next to Pagefind's
// fragments (<bundle>/excerpt/, see `sliceFile`), gzip-compressed JSON like Pagefind's own
// files. The search engine loads the one slice that holds a result's excerpt instead of the
// whole fragment (see src/lib/search/excerpt.ts). Slices are named after the fragment, whose
// name is a hash of the page's text, so they change name whenever the text does.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants as zlib } from 'node:zlib';
import { cutSlices, pageWords, SLICE_DIR, sliceFile } from '../lib/search/excerpt.ts';
import { readFragment, type Fragment } from './pagefind-display.ts';

/** Headings as Pagefind counts them for section results: h1–h6 with an id and some text. */
const isHeading = (anchor: Fragment['anchors'][number]) => /^h\d$/i.test(anchor.element) && /\S/.test(anchor.text);

export function writeExcerptSlices(bundleDir: string): void {
  rmSync(join(bundleDir, 'excerpt'), { recursive: true, force: true });
  mkdirSync(join(bundleDir, SLICE_DIR), { recursive: true });
  for (const file of readdirSync(join(bundleDir, 'fragment'))) {
    const fragment = readFragment(join(bundleDir, 'fragment', file));
    const slices = cutSlices({
      url: fragment.url,
      title: fragment.meta.title ?? fragment.url,
      category: fragment.meta.category ?? '',
      words: pageWords(fragment.content),
      headings: fragment.anchors.filter(isHeading).map(({ id, text, location }) => ({ id, text, location })),
    });
    const page = file.replace(/\.pf_fragment$/, '');
    slices.forEach((slice, k) =>
      writeFileSync(
        join(bundleDir, sliceFile(page, k)),
        gzipSync(JSON.stringify(slice), { level: zlib.Z_BEST_COMPRESSION }),
      ),
    );
  }
}
