// Result excerpts without loading whole pages. Pagefind draws a result's excerpt from the page's
// fragment, which holds the page's full text: ~2.5 KB gzip per result, too much for a warm query
// of five results. The build cuts each page's text into a few overlapping slices instead
// (src/integrations/pagefind-excerpts.ts) and writes no fragments; the word locations Pagefind's
// ranking returns with each result say where the excerpt goes, so a result costs one slice.
// Used by the build (cutting) and by the browser (choosing and rendering); no DOM, no Node.

/** Words in an excerpt. */
export const EXCERPT_WORDS = 24;
/**
 * A page is cut into as few slices as keep each under SLICE_WORDS words (plus the overlap):
 * one file per ~SLICE_WORDS words of text, where one file per 48 words (132,245 files for 9,022
 * articles) made builds slow and deploys too large for hosts that cap a deploy's file count.
 * Chosen by measurement (npm run bench -- build, search): a typical article of 500–900 words
 * gets two slices of ~1.3–1.8 KB gzip. 400 gave articles of 800–900 words three slices, and the
 * 1,000-article build 2.08× plain Pagefind's files, over the 2× goal.
 */
export const SLICE_WORDS = 450;

export interface Heading {
  id: string;
  text: string;
  /** Word number where the section starts. */
  location: number;
}

export interface ExcerptSlice {
  url: string;
  title: string;
  category: string;
  /** Word number of the first word of `text` in the page. */
  from: number;
  /** The page's words from `from`, as written, joined by single spaces (words never hold one). */
  text: string;
  /** Headings that open sections: the last one before `from`, then those inside the slice. */
  headings: Heading[];
}

export interface PageText {
  url: string;
  title: string;
  category: string;
  /** The page's words, numbered as Pagefind numbers them (its word locations). */
  words: string[];
  headings: Heading[];
}

/** How Pagefind cuts a page's text into numbered words (its `word_separators`). */
export const pageWords = (content: string): string[] => content.split(/[^\S\uFEFF]+/);

/**
 * Where a page of `total` words is cut: every `pageStride(total)` words, into as few even slices
 * as keep each under SLICE_WORDS words.
 */
export function pageStride(total: number): number {
  const slices = Math.max(1, Math.ceil(total / SLICE_WORDS));
  return Math.max(1, Math.ceil(total / slices));
}

/**
 * Slice k holds words [k·stride, k·stride + stride + EXCERPT_WORDS), stride = pageStride(total),
 * so every excerpt fits in the slice its start falls in. The last slice starts earlier instead
 * where that keeps a whole excerpt in it (an excerpt never runs past the last word).
 */
export function cutSlices(page: PageText): ExcerptSlice[] {
  const total = page.words.length;
  const stride = pageStride(total);
  const span = stride + EXCERPT_WORDS;
  const slices: ExcerptSlice[] = [];
  for (let start = 0; start === 0 || start < total; start += stride) {
    const from = Math.max(0, Math.min(start, total - span));
    const to = Math.min(total, from + span);
    const before = page.headings.filter((h) => h.location <= from).at(-1);
    const inside = page.headings.filter((h) => h.location > from && h.location < to);
    slices.push({
      url: page.url,
      title: page.title,
      category: page.category,
      from,
      text: page.words.slice(from, to).join(' '),
      headings: before ? [before, ...inside] : inside,
    });
  }
  return slices;
}

/**
 * Where the excerpt starts: the window of EXCERPT_WORDS words holding the most matches, the
 * middle one of equally good neighbouring windows (Pagefind's `calculate_excerpt_region`, with
 * every match weighing the same: the weights stay inside Pagefind's worker).
 */
export function excerptStart(locations: readonly number[]): number {
  if (!locations.length) return 0;
  const end = Math.max(...locations) + 1;
  if (end <= EXCERPT_WORDS) return 0;
  const hits = new Uint16Array(end + EXCERPT_WORDS);
  for (const location of locations) hits[location]! += 1;
  let sum = 0;
  for (let i = 0; i < EXCERPT_WORDS; i++) sum += hits[i]!;
  let best = sum;
  let bestAt = [0];
  for (let i = 1; i < end; i++) {
    sum += hits[i + EXCERPT_WORDS - 1]! - hits[i - 1]!;
    if (sum > best) {
      best = sum;
      bestAt = [i];
    } else if (sum === best && bestAt.at(-1) === i - 1) bestAt.push(i);
  }
  return bestAt[Math.floor(bestAt.length / 2)]!;
}

/**
 * The id a page gets in the index: a name for its slices (`name`, a content hash) and the
 * page's stride, which the browser needs to find the slice of an excerpt and has nothing else
 * to learn it from (Pagefind returns only the id, score and match locations of a result).
 */
export const pageId = (name: string, stride: number): string => `${name}-${stride}`;

/** Which slice of the page `id` holds the excerpt starting at `start`. */
export function sliceFor(id: string, start: number): number {
  const stride = Number(/-(\d+)$/.exec(id)?.[1]);
  if (!stride) throw new Error(`Search page id without a stride: ${id}`);
  return Math.floor(start / stride);
}

/**
 * The slices' shape: browsers keep slices for good (src/lib/http/cache-control.ts), so a build
 * that cuts or writes them differently must use new names. Raise the first number when the
 * file's fields or the way pages are cut change.
 */
const SLICE_FORMAT = `2-${SLICE_WORDS}-${EXCERPT_WORDS}`;

/** The folder of the slices inside a Pagefind bundle. */
export const SLICE_DIR = `excerpt/${SLICE_FORMAT}`;

/** Where slice k of the page `id` is, inside the page's Pagefind bundle. */
export const sliceFile = (id: string, k: number): string => `${SLICE_DIR}/${id}_${k}.pf_slice`;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SliceHit {
  /** The page, or the heading of the section the excerpt's first match is in. */
  url: string;
  title: string;
  /** That heading's text, unless it is the page title. */
  section?: string | undefined;
  category: string;
  /** Escaped text with <mark> around the matched words. */
  excerpt: string;
}

/**
 * The result as shown: the excerpt starting at `start` (moved back to end on the page's last
 * word), kept inside the section of its first match as Pagefind's section results are, and that
 * section's heading as the link.
 */
export function hitFromSlice(slice: ExcerptSlice, locations: readonly number[], start: number): SliceHit {
  const sliceWords = slice.text.split(' ');
  const last = slice.from + sliceWords.length;
  let from = Math.max(slice.from, Math.min(start, last - EXCERPT_WORDS));
  const firstMatch = locations.filter((l) => l >= from && l < from + EXCERPT_WORDS).sort((a, b) => a - b)[0] ?? from;
  const heading = slice.headings.filter((h) => h.location <= firstMatch).at(-1);
  const sectionEnd = Math.min(last, slice.headings.find((h) => h.location > firstMatch)?.location ?? last);
  from = Math.max(slice.from, heading?.location ?? 0, Math.min(from, sectionEnd - EXCERPT_WORDS));
  const to = Math.min(sectionEnd, from + EXCERPT_WORDS);
  const marked = new Set(locations);
  const words = [];
  for (let at = from; at < to; at++) {
    const word = escapeHtml(sliceWords[at - slice.from]!);
    words.push(marked.has(at) ? `<mark>${word}</mark>` : word);
  }
  return {
    url: heading ? `${slice.url}#${encodeURIComponent(heading.id)}` : slice.url,
    title: slice.title,
    section: heading && heading.text !== slice.title ? heading.text : undefined,
    category: slice.category,
    excerpt: words.join(' ').trim(),
  };
}

/** A slice file's bytes: gzip as written, or already unpacked by a server that sent it with Content-Encoding. */
export async function readSlice(bytes: Uint8Array<ArrayBuffer>): Promise<ExcerptSlice> {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = gzipped
    ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text()
    : new TextDecoder().decode(bytes);
  return JSON.parse(text) as ExcerptSlice;
}
