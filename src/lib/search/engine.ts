// Browser-side search over the per-locale Pagefind bundles, with our language layer around it:
// queries are normalized and stemmed like the index, a Russian query typed in the Latin layout
// is retried in Cyrillic, and when a locale has nothing the other locales are searched.
import { locales } from '../../i18n/locales.ts';
import {
  excerptStart,
  hitFromSlice,
  readSlice,
  sliceFile,
  sliceFor,
  type ExcerptSlice,
  type SliceHit,
} from './excerpt.ts';
import { latinToCyrillic, prepareQuery, significantTerms } from './query.ts';

interface PagefindResult {
  id: string;
  score: number;
  /** Word numbers of the matches in the page. */
  words: number[];
}
interface PagefindApi {
  init(): Promise<void>;
  search(query: string, options?: { filters?: Record<string, string> }): Promise<{ results: PagefindResult[] }>;
  preload(query: string): Promise<void>;
}

export interface SearchHit extends SliceHit {
  locale: string;
}

export interface SearchOutcome {
  hits: SearchHit[];
  total: number;
  /** Set when the results are for a rewritten query (Latin layout → Cyrillic). */
  correctedQuery?: string | undefined;
  /** True when the current locale had nothing and the hits come from other locales. */
  fromOtherLocales: boolean;
  /** What was sent to Pagefind, for analytics. */
  normalized: string;
}

/** How many results the header dialog shows (and loads excerpts for), as Pagefind's own UI does. */
export const quickResultCount = 5;

const bundles = new Map<string, Promise<PagefindApi>>();
const slices = new Map<string, Promise<ExcerptSlice>>();

/**
 * Title, category, section and excerpt of a result, from the slice of the page that holds the
 * excerpt (written by the build next to Pagefind's files, src/integrations/pagefind-excerpts.ts)
 * rather than from Pagefind's fragment of the whole page.
 */
async function hitOf(locale: string, result: PagefindResult): Promise<SearchHit> {
  const start = excerptStart(result.words);
  const url = `/pagefind/${locale}/${sliceFile(result.id, sliceFor(result.id, start))}`;
  let slice = slices.get(url);
  if (!slice) {
    slice = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return readSlice(new Uint8Array(await response.arrayBuffer()));
    });
    slice.catch(() => slices.delete(url));
    slices.set(url, slice);
  }
  // As the writer wrote it (Persian digits, ZWNJ, ё): slices hold the page as written, while the
  // index holds the normalized words (src/integrations/pagefind-display.ts).
  return { ...hitFromSlice(await slice, result.words, start), locale };
}

/** Loads a locale's Pagefind bundle once; nothing is fetched before the first search. */
export function loadBundle(locale: string): Promise<PagefindApi> {
  let bundle = bundles.get(locale);
  if (!bundle) {
    const path = `/pagefind/${locale}/pagefind.js`;
    bundle = (import(/* @vite-ignore */ path) as Promise<PagefindApi>).then(async (api) => {
      await api.init();
      return api;
    });
    bundles.set(locale, bundle);
  }
  return bundle;
}

/**
 * Loads the index chunks a query will need, without searching: called on every keystroke while
 * the search itself waits for typing to pause, so the chunks arrive during the pause (as
 * Pagefind's own UI does).
 */
export async function preload(locale: string, raw: string): Promise<void> {
  const normalized = prepareQuery(locale, raw);
  if (normalized) await (await loadBundle(locale)).preload(normalized);
}

/**
 * Pagefind wants every word. A question in plain words ("how do I calm an angry customer") has
 * words no article contains, so when the whole query finds little, the results continue with
 * pages ranked by how many of the meaningful words they contain.
 */
async function matching(
  api: PagefindApi,
  locale: string,
  query: string,
  filters?: Record<string, string>,
): Promise<PagefindResult[]> {
  const options = filters ? { filters } : undefined;
  const { results } = await api.search(query, options);
  const terms = significantTerms(locale, query);
  if (results.length >= 3 || terms.length < 2) return results;
  const tally = new Map<string, { result: PagefindResult; terms: number; score: number }>();
  for (const { results: termResults } of await Promise.all(terms.map((term) => api.search(term, options)))) {
    for (const result of termResults) {
      const entry = tally.get(result.id) ?? { result, terms: 0, score: 0 };
      entry.terms += 1;
      entry.score += result.score;
      tally.set(result.id, entry);
    }
  }
  const seen = new Set(results.map((r) => r.id));
  const more = [...tally.values()]
    .filter((e) => !seen.has(e.result.id))
    .sort((a, b) => b.terms - a.terms || b.score - a.score)
    .map((e) => e.result);
  return [...results, ...more];
}

async function run(locale: string, query: string, limit: number, filters?: Record<string, string>) {
  const api = await loadBundle(locale);
  const results = await matching(api, locale, query, filters);
  // A result whose slice cannot be loaded is left out; if none can, the search failed.
  const loaded = await Promise.allSettled(results.slice(0, limit).map((result) => hitOf(locale, result)));
  const hits = loaded.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  if (loaded.length && !hits.length) throw (loaded[0] as PromiseRejectedResult).reason;
  return { hits, total: results.length };
}

export async function search(
  locale: string,
  raw: string,
  options: { limit?: number; filters?: Record<string, string> } = {},
): Promise<SearchOutcome> {
  const limit = options.limit ?? 10;
  const normalized = prepareQuery(locale, raw);
  if (!normalized) return { hits: [], total: 0, fromOtherLocales: false, normalized };
  let found = await run(locale, normalized, limit, options.filters);
  let correctedQuery: string | undefined;
  if (found.total === 0 && locale === 'ru') {
    const cyrillic = latinToCyrillic(raw);
    if (cyrillic) {
      const retry = await run(locale, prepareQuery(locale, cyrillic), limit, options.filters);
      if (retry.total > 0) {
        found = retry;
        correctedQuery = cyrillic;
      }
    }
  }
  if (found.total > 0 || options.filters) return { ...found, correctedQuery, fromOtherLocales: false, normalized };
  const others = await Promise.all(locales.filter((l) => l !== locale).map((l) => run(l, prepareQuery(l, raw), limit)));
  const hits = others.flatMap((o) => o.hits).slice(0, limit);
  return { hits, total: others.reduce((n, o) => n + o.total, 0), fromOtherLocales: hits.length > 0, normalized };
}
