// Result excerpts from slices (src/lib/search/excerpt.ts): whatever the matches, the one slice
// the engine loads holds the whole excerpt, and the result names the section the match is in.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  cutSlices,
  EXCERPT_WORDS,
  excerptStart,
  hitFromSlice,
  pageId,
  pageStride,
  pageWords,
  readSlice,
  sliceFor,
  SLICE_WORDS,
  type Heading,
  type PageText,
} from '../../../src/lib/search/excerpt.ts';

const page = (total: number, headings: Heading[] = []): PageText => ({
  url: '/en/a/page/',
  title: 'Page',
  category: 'Guides',
  words: Array.from({ length: total }, (_, i) => `w${i}`),
  headings,
});
/** The id the build gives a page of `total` words. */
const idOf = (total: number) => pageId('en_1a2b3c4', pageStride(total));

/** Pagefind's excerpt of `length` words from `start`, moved back so that it ends on the last word. */
const expectedWords = (total: number, start: number) => {
  const from = Math.max(0, Math.min(start, total - EXCERPT_WORDS));
  return Array.from({ length: Math.min(EXCERPT_WORDS, total) }, (_, i) => `w${from + i}`).join(' ');
};

describe('cutSlices and hitFromSlice', () => {
  it('give every possible excerpt from the one slice sliceFor names, for pages of any length', () => {
    for (const total of [
      1,
      23,
      24,
      25,
      SLICE_WORDS - 1,
      SLICE_WORDS,
      SLICE_WORDS + 1,
      SLICE_WORDS + EXCERPT_WORDS,
      517,
      2 * SLICE_WORDS + 1,
      3_333,
    ]) {
      const slices = cutSlices(page(total));
      // As few slices as keep each under SLICE_WORDS words and the overlap.
      expect(slices.length, `${total} words`).toBe(Math.ceil(total / SLICE_WORDS));
      for (const slice of slices) expect(slice.text.split(' ').length).toBeLessThanOrEqual(SLICE_WORDS + EXCERPT_WORDS);
      for (let start = 0; start < total; start++) {
        const slice = slices[sliceFor(idOf(total), start)];
        expect(slice, `${total} words, start ${start}`).toBeDefined();
        expect(hitFromSlice(slice!, [], start).excerpt, `${total} words, start ${start}`).toBe(
          expectedWords(total, start),
        );
      }
    }
  });

  it('need the stride in the page id', () => {
    expect(sliceFor('en_1a2b3c4-350', 349)).toBe(0);
    expect(sliceFor('en_1a2b3c4-350', 350)).toBe(1);
    expect(() => sliceFor('en_1a2b3c4', 10)).toThrow(/stride/);
  });

  it('keep the words as written and rebuild the whole page', () => {
    const words = pageWords('Ёлка ещё مهارت‌ها ۲۴ <b>&amp;</b>  first');
    const slices = cutSlices({ ...page(0), words });
    expect(slices).toHaveLength(1);
    expect(slices[0]!.text.split(' ')).toEqual(words);
  });

  it('mark the matched words and escape the rest as text', () => {
    const [slice] = cutSlices({ ...page(0), words: ['a<b>', 'x&y', 'match', 'end'] });
    expect(hitFromSlice(slice!, [2], 0).excerpt).toBe('a&lt;b&gt; x&amp;y <mark>match</mark> end');
  });

  it('name the section of the first match in the excerpt and link to its heading', () => {
    const headings = [
      { id: 'intro', text: 'Page', location: 0 },
      { id: 'billing', text: 'Billing', location: 60 },
      { id: 'refunds', text: 'Refunds', location: 130 },
    ];
    const slices = cutSlices(page(900, headings));
    const at = (location: number) =>
      hitFromSlice(slices[sliceFor(idOf(900), excerptStart([location]))]!, [location], excerptStart([location]));
    expect(at(10)).toMatchObject({ url: '/en/a/page/#intro', section: undefined, title: 'Page', category: 'Guides' });
    expect(at(60)).toMatchObject({ url: '/en/a/page/#billing', section: 'Billing' });
    expect(at(129)).toMatchObject({ url: '/en/a/page/#billing', section: 'Billing' });
    expect(at(131)).toMatchObject({ url: '/en/a/page/#refunds', section: 'Refunds' });
    expect(at(299)).toMatchObject({ url: '/en/a/page/#refunds', section: 'Refunds' });
    expect(at(899)).toMatchObject({ url: '/en/a/page/#refunds', section: 'Refunds' });
    // Every slice knows the heading in force at its first word.
    for (const slice of slices) expect(slice.headings[0]!.location).toBeLessThanOrEqual(slice.from);
  });

  it('keep the excerpt inside the section of its first match', () => {
    const slices = cutSlices(page(300, [{ id: 'billing', text: 'Billing', location: 60 }]));
    const hit = (locations: number[]) => {
      const start = excerptStart(locations);
      return hitFromSlice(slices[sliceFor(idOf(300), start)]!, locations, start);
    };
    // Matches at the end of the first section: the excerpt ends where the section does.
    const before = hit([58, 59]).excerpt.split(' ');
    expect(before).toHaveLength(EXCERPT_WORDS);
    expect(before.at(-1)).toBe('<mark>w59</mark>');
    // A match just after the heading: the excerpt starts at the heading, not in the section before.
    const after = hit([61, 62]);
    expect(after.excerpt.split(' ')[0]).toBe('w60');
    expect(after.url).toBe('/en/a/page/#billing');
  });

  it('link to the page itself when no heading comes before the match, and encode heading ids', () => {
    const slices = cutSlices(page(900, [{ id: 'چرا صبر', text: 'چرا صبر', location: 500 }]));
    expect(hitFromSlice(slices[0]!, [3], 0).url).toBe('/en/a/page/');
    expect(hitFromSlice(slices[1]!, [510], 500).url).toBe(`/en/a/page/#${encodeURIComponent('چرا صبر')}`);
  });
});

describe('excerptStart', () => {
  it('starts at the beginning when the matches fit in the first excerpt', () => {
    expect(excerptStart([])).toBe(0);
    expect(excerptStart([3, 20])).toBe(0);
  });
  it('picks the window with the most matches, the middle of equally good neighbours', () => {
    // Windows starting at 79..100 all hold the three matches; the middle one is chosen.
    const start = excerptStart([100, 101, 102, 400]);
    expect(start).toBe(90);
    expect(start + EXCERPT_WORDS).toBeGreaterThan(102);
    // Three matches close together beat one alone, wherever they are.
    expect(excerptStart([5, 300, 301, 302])).toBeGreaterThan(250);
  });
});

describe('readSlice', () => {
  it('reads the slice gzip-compressed as written, or already unpacked by the server', async () => {
    const slice = cutSlices(page(30))[0]!;
    const json = JSON.stringify(slice);
    expect(await readSlice(new Uint8Array(gzipSync(json)))).toEqual(slice);
    expect(await readSlice(new Uint8Array(Buffer.from(json)))).toEqual(slice);
  });
});
