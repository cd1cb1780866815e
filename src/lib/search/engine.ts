// Browser-side search over the per-locale Pagefind bundles, with our language layer around it:
// queries are read by src/lib/search/query.ts (normalized and stemmed like the index, stop words
// dropped) and ranked by src/lib/search/rank.ts, a Russian query typed in the Latin layout is
// retried in Cyrillic, and when a locale has nothing the other locales are searched.
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
import { analyzeQuery, latinToCyrillic, type AnalyzedQuery } from './query.ts';
import { pagefindRanking, rankPages, type PagefindResult, type PagefindSearch } from './rank.ts';

interface PagefindApi extends PagefindSearch {
  init(): Promise<void>;
  options(options: { ranking: typeof pagefindRanking }): Promise<void>;
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

/** Slice `k` of page `id` in a locale's bundle (src/integrations/pagefind-excerpts.ts), fetched once. */
function loadSlice(locale: string, id: string, k: number): Promise<ExcerptSlice> {
  const url = `/pagefind/${locale}/${sliceFile(id, k)}`;
  let slice = slices.get(url);
  if (!slice) {
    slice = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return readSlice(new Uint8Array(await response.arrayBuffer()));
    });
    slice.catch(() => slices.delete(url));
    slices.set(url, slice);
  }
  return slice;
}

/**
 * Title, category, section and excerpt of a result, from the slice of the page that holds the
 * excerpt (written by the build next to Pagefind's files, src/integrations/pagefind-excerpts.ts)
 * rather than from Pagefind's fragment of the whole page.
 */
async function hitOf(locale: string, result: PagefindResult): Promise<SearchHit> {
  const start = excerptStart(result.words);
  // As the writer wrote it (Persian digits, ZWNJ, ё): slices hold the page as written, while the
  // index holds the normalized words (src/integrations/pagefind-display.ts).
  return {
    ...hitFromSlice(await loadSlice(locale, result.id, sliceFor(result.id, start)), result.words, start),
    locale,
  };
}

/** Loads a locale's Pagefind bundle once; nothing is fetched before the first search. */
export function loadBundle(locale: string): Promise<PagefindApi> {
  let bundle = bundles.get(locale);
  if (!bundle) {
    const path = `/pagefind/${locale}/pagefind.js`;
    bundle = (import(/* @vite-ignore */ path) as Promise<PagefindApi>).then(async (api) => {
      await api.options({ ranking: pagefindRanking });
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
  const words = analyzeQuery(locale, raw).terms.flatMap((term) => term.forms);
  if (words.length) await (await loadBundle(locale)).preload(words.join(' '));
}

async function run(locale: string, query: AnalyzedQuery, limit: number, filters?: Record<string, string>) {
  const api = await loadBundle(locale);
  const results = await rankPages(api, query, (id, k) => loadSlice(locale, id, k), filters);
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
  const query = analyzeQuery(locale, raw);
  const normalized = query.prepared;
  if (!query.terms.length) return { hits: [], total: 0, fromOtherLocales: false, normalized };
  let found = await run(locale, query, limit, options.filters);
  let correctedQuery: string | undefined;
  if (found.total === 0 && locale === 'ru') {
    const cyrillic = latinToCyrillic(raw);
    if (cyrillic) {
      const retry = await run(locale, analyzeQuery(locale, cyrillic), limit, options.filters);
      if (retry.total > 0) {
        found = retry;
        correctedQuery = cyrillic;
      }
    }
  }
  if (found.total > 0 || options.filters) return { ...found, correctedQuery, fromOtherLocales: false, normalized };
  const others = await Promise.all(locales.filter((l) => l !== locale).map((l) => run(l, analyzeQuery(l, raw), limit)));
  const hits = others.flatMap((o) => o.hits).slice(0, limit);
  return { hits, total: others.reduce((n, o) => n + o.total, 0), fromOtherLocales: hits.length > 0, normalized };
}
