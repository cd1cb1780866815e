// Pagefind, one index per locale, written after the build into <client>/pagefind/<locale>/ (by
// src/cli/search-index.ts, its own process after `astro build` exits).
// Each article page is indexed from a copy whose text went through our `normalize` (Arabic
// letters, digits, ZWNJ joins, ё) so that queries normalized the same way find it; the pages
// the reader sees are untouched, and so is the text of results: the excerpt slices results are
// drawn from hold the text as written (pagefind-display.ts). After Pagefind wrote a
// bundle, its word index is cut into smaller chunks (pagefind-chunks.ts), so that a query loads
// a few KB instead of ~6 KB per word, and each page's text is cut into slices
// (pagefind-excerpts.ts), so that a result's excerpt costs a slice rather than the whole page.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { locales } from '../i18n/locales.ts';
import { normalizeHtmlText } from '../lib/search/normalize.ts';
import { rechunkBundle, type SplitOptions } from './pagefind-chunks.ts';
import { writeExcerptSlices } from './pagefind-excerpts.ts';

function htmlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

async function newIndex(locale: string): Promise<pagefind.PagefindIndex> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: locale });
  if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
  return index;
}

async function addPage(index: pagefind.PagefindIndex, url: string, content: string): Promise<void> {
  const added = await index.addHTMLFile({ url, content });
  if (added.errors.length) throw new Error(`Pagefind could not index ${url}: ${added.errors.join('; ')}`);
}

/** Writes the bundle, then lets Pagefind's service free the index (it keeps every index until closed otherwise). */
async function writeBundle(index: pagefind.PagefindIndex, outputPath: string): Promise<void> {
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
  await index.deleteIndex();
}

/**
 * How the word index is cut, in gzip bytes (what a query downloads), chosen by measurement on the
 * benchmark's generated 5,000-article site (tests/bench/search.ts), where Pagefind's own chunks
 * cost a query ~6 KB per word. Chunks of ~1,750 bytes (16,000 CBOR bytes there, where the index
 * compresses ~9:1) cost ~2 KB per word (mean over words; the meta file every first search loads
 * grows by ~4 KB to ~13 KB per locale, ≈ 350 chunk names); 8,000 CBOR bytes saved little more
 * per word but sent more requests, a word and the stem Pagefind also looks up landing in
 * different chunks more often. A word keeps the words that extend it in its chunk up to 1.5
 * times that («مشتری» with «مشتریان», «مشتریها»), and words sharing three or more first letters
 * stay together up to twice that, so prefix search finds what one big chunk would for whole
 * words and most words being typed; only larger families (short words such as «по») are cut,
 * which Pagefind's own cuts do anywhere. Measured in gzip bytes so that a small site, whose index
 * compresses only ~2:1, gets chunks of the same download size rather than 6–7 KB ones.
 * The target is now 2,250 bytes: a little more per word, fewer files (the 1,000-article build's
 * search output went from just over twice plain Pagefind's file count to 1.99×), and a warm query
 * stays under 15 KB since it no longer loads slices for results it does not show (rank.ts).
 */
export const wordChunks: SplitOptions = {
  unit: 'gzip',
  targetBytes: 2_250,
  keepExtensionsUpTo: 3_375,
  minWordLength: 2,
  keepPrefixGroupsUpTo: 4_500,
  minPrefixLength: 3,
};

/**
 * Pages handed to Pagefind at once. Pagefind's service, its own process, indexes them one after
 * another while our normalization of the next pages runs; one at a time left both waiting on
 * each other.
 * Pagefind's output does not depend on the order pages arrive in (checked: same files).
 */
const PAGES_IN_FLIGHT = 32;

/** Runs `task` for every item, at most `limit` at once. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * What Pagefind reads of a page: the one element marked `data-pagefind-body` (our article pages
 * hold every `data-pagefind-meta` and `-filter` inside it) in the page's own <html> tag; Pagefind
 * indexes nothing outside it, and the language is forced per index. Half of an article page is
 * the header, navigation and footer around it, which Pagefind would parse and our folding would
 * fold, twice per page, for nothing. A page where the body cannot be cut out unambiguously (more
 * than one mention of the attribute, an <html> tag or the element's end not found) goes whole.
 */
export function searchablePart(html: string): string {
  const marker = 'data-pagefind-body';
  const at = html.indexOf(marker);
  if (at < 0 || html.indexOf(marker, at + marker.length) >= 0) return html;
  const start = html.lastIndexOf('<', at);
  const name = /^<([a-z][a-z0-9-]*)[\s>]/i.exec(html.slice(start, at))?.[1]?.toLowerCase();
  const htmlTag = /<html(?:\s[^>]*)?>/i.exec(html);
  if (!name || !htmlTag || htmlTag.index > start) return html;
  // The matching end tag: elements of the same name may nest inside it.
  const tags = new RegExp(`<(/?)${name}[\\s>/]`, 'gi');
  tags.lastIndex = start + 1;
  let depth = 1;
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    depth += tag[1] ? -1 : 1;
    if (depth > 0) continue;
    const end = html.indexOf('>', tag.index);
    if (end < 0) return html;
    return `<!doctype html>${htmlTag[0]}<body>${html.slice(start, end + 1)}</body></html>`;
  }
  return html;
}

/** What building one locale's bundle gives: its pages indexed, and those whose results show the normalized text. */
export interface LocaleIndexReport {
  pages: number;
  kept: string[];
}

/** The built pages of a locale: the HTML files under <root>/<locale>/. */
export interface LocalePages {
  locale: string;
  pageFiles: string[];
}

/**
 * Our bundle of one locale: the normalized index, the pages' text as written in excerpt slices,
 * smaller chunks. Uses this thread's Pagefind service (buildPagefindIndexes runs it on a worker
 * thread with a service of its own, pagefind-locale.ts).
 */
export async function buildLocaleIndex(root: string, { locale, pageFiles }: LocalePages): Promise<LocaleIndexReport> {
  const index = await newIndex(locale);
  /** url → file of each page indexed, read again for its text as written (see pagefind-display.ts). */
  const files = new Map<string, string>();
  let pages = 0;
  await forEachLimited(pageFiles, PAGES_IN_FLIGHT, async (file) => {
    // Read synchronously: a page is read in well under a millisecond, and the promise API's
    // open/stat/read/close round trips cost more CPU than the read itself.
    const page = readFileSync(file, 'utf8');
    if (!page.includes('data-pagefind-body')) return;
    const html = searchablePart(page);
    const url = `/${relative(root, file).split(sep).join('/')}`.replace(/index\.html$/, '');
    files.set(url, file);
    await addPage(index, url, normalizeHtmlText(html));
    pages++;
  });
  const outputPath = join(root, 'pagefind', locale);
  await writeBundle(index, outputPath);
  // A language without articles yet: Pagefind's bundle finds nothing, and has no words to cut.
  if (existsSync(join(outputPath, 'index'))) rechunkBundle(outputPath, wordChunks);
  // Pagefind's ready-made UIs: the site has its own (src/components/search/), nothing loads these.
  for (const file of readdirSync(outputPath))
    if (/^pagefind-(.+-)?ui\.(js|css)$|^pagefind-highlight\.js$/.test(file)) rmSync(join(outputPath, file));
  // Pagefind's runtime loads the WASM the entry names for the language (wasm.ru.pagefind) and
  // wasm.unknown.pagefind only when it names none (Persian has no stemmer), so a bundle whose
  // language has its own keeps the generic one for nothing.
  const entry = JSON.parse(readFileSync(join(outputPath, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { wasm: string | null }>;
  };
  if (Object.values(entry.languages).every((language) => language.wasm))
    rmSync(join(outputPath, 'wasm.unknown.pagefind'), { force: true });
  // Read again rather than kept from indexing: a large site's pages would all stay in memory
  // until Pagefind has written the bundle.
  const pageHtml = (url: string) => {
    const file = files.get(url);
    return file === undefined ? undefined : searchablePart(readFileSync(file, 'utf8'));
  };
  const kept = writeExcerptSlices(outputPath, pageHtml).flatMap((report) => report.kept);
  return { pages, kept };
}

/** Plain Pagefind, as its documentation sets it up (the benchmarks' baseline): a locale's pages, found and indexed by Pagefind. */
async function buildPlainLocaleIndex(root: string, locale: string): Promise<number> {
  const index = await newIndex(locale);
  const added = await index.addDirectory({ path: root, glob: `${locale}/**/*.{html}` });
  if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
  await writeBundle(index, join(root, 'pagefind', locale));
  return added.page_count;
}

/**
 * The locales each worker thread builds (pagefind-locale.ts): one worker per core, up to one per
 * locale, each with its own Pagefind service, which indexes one page at a time. Locales are dealt
 * largest first to the worker with the fewest pages so far, so that the workers finish together
 * (fa alone and ru with en at 10,000 generated articles). More workers than cores ran no faster
 * and took more CPU: each worker compiles the code again and each service keeps its own threads.
 */
export function localeGroups<T>(sites: readonly T[], pages: (site: T) => number, workers: number): T[][] {
  const groups = Array.from({ length: Math.max(1, Math.min(workers, sites.length)) }, () => ({
    sites: [] as T[],
    pages: 0,
  }));
  for (const site of [...sites].sort((a, b) => pages(b) - pages(a))) {
    const group = groups.reduce((least, next) => (next.pages < least.pages ? next : least));
    group.sites.push(site);
    group.pages += pages(site);
  }
  return groups.filter((group) => group.sites.length).map((group) => group.sites);
}

/** Builds the bundles of `group`'s locales on a worker thread of their own (pagefind-locale.ts). */
function buildInWorker(root: string, group: LocalePages[]): Promise<[string, LocaleIndexReport][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pagefind-locale.ts', import.meta.url), { workerData: { root, group } });
    let reports: [string, LocaleIndexReport][] | undefined;
    worker.once('message', (message: [string, LocaleIndexReport][]) => (reports = message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reports
        ? resolve(reports)
        : reject(
            new Error(`the index of ${group.map((pages) => pages.locale).join(', ')} stopped (exit code ${code})`),
          ),
    );
  });
}

async function buildOurIndexes(root: string): Promise<number[]> {
  const sites = locales.map((locale) => ({ locale, pageFiles: htmlFiles(join(root, locale)) }));
  const groups = localeGroups(sites, (site) => site.pageFiles.length, availableParallelism());
  const reports = new Map((await Promise.all(groups.map((group) => buildInWorker(root, group)))).flat());
  return locales.map((locale) => {
    const { pages, kept } = reports.get(locale)!;
    if (kept.length)
      console.warn(
        `Pagefind (${locale}): results of ${kept.join(', ')} show the normalized text; their words did not line up with the text as written`,
      );
    return pages;
  });
}

async function buildPlainIndexes(root: string): Promise<number[]> {
  try {
    return await Promise.all(locales.map((locale) => buildPlainLocaleIndex(root, locale)));
  } finally {
    await pagefind.close();
  }
}

/**
 * Writes one Pagefind bundle per locale into <root>/pagefind/<locale>/ from the built pages under
 * <root>/<locale>/, the locales side by side. `{ plain: true }` gives plain Pagefind (the
 * benchmarks' baseline), one service for all locales as its documentation sets it up.
 */
export async function buildPagefindIndexes(root: string, { plain = false } = {}): Promise<Record<string, number>> {
  const counts = plain ? await buildPlainIndexes(root) : await buildOurIndexes(root);
  return Object.fromEntries(locales.map((locale, i) => [locale, counts[i]!]));
}
