// How article results are ranked, for every article search (results page, header box, contact
// and composer suggestions; src/lib/search/engine.ts runs it in the browser). Pagefind wants
// every word of a query and weighs each alike, so a whole question ("how to handle an angry
// customer") either finds nothing or ranks pages by its commonest words. Here each meaningful
// word of the query (src/lib/search/query.ts) is searched on its own, Pagefind scores it (BM25,
// with titles, headings and descriptions weighing more: `pagefindRanking`), and a page's score
// is the sum over the words it has, plus those of words typed side by side that it also has side
// by side («مشتری عصبانی»), scaled by the share of the query's words it has. Stop words are never
// searched, so they neither count as matches nor get highlighted.
//
// Pagefind also answers a word no page contains with its longest indexed prefix («напечатано»
// finds «на»). A word found only that way is no match: a slice of one of its results tells which
// page word matched, one the result list loads anyway where it can (`isPrefixFallback`).
import { excerptStart, sliceFor, type ExcerptSlice } from './excerpt.ts';
import { foldText } from './normalize.ts';
import type { AnalyzedQuery } from './query.ts';

export interface PagefindResult {
  id: string;
  score: number;
  /** Word numbers of the matches in the page. */
  words: number[];
}

export interface PagefindSearch {
  search(query: string, options?: { filters?: Record<string, string> }): Promise<{ results: PagefindResult[] }>;
}

/** Slice `k` of page `id` (src/lib/search/excerpt.ts). */
export type SliceSource = (id: string, k: number) => Promise<ExcerptSlice>;

export interface RankedPage extends PagefindResult {
  /** How many of the query's terms the page has. */
  matched: number;
}

/**
 * Pagefind's ranking weights (its `ranking` option), measured on the golden set
 * (tests/bench/ranking.ts): a title match counts ×5 (Pagefind's default), a description ×3 and
 * a tag or address word ×2 (meta fields written by src/pages/[locale]/[category]/[slug].astro);
 * headings already count more through Pagefind's heading weights (h1 7 … h6 2, text 1).
 */
export const pagefindRanking = { metaWeights: { title: 5, description: 3, keywords: 2 } };

/** A form that stands for a customer's word (CUSTOMER_WORDS) counts a little less than the word itself. */
const STAND_IN = 0.8;
/** How many first letters a matched page word must share with the searched word. */
const MIN_SHARED = 4;

/**
 * Whether `matched` (a page word as written) was found for `term` only because it is a short
 * prefix of it: it shares fewer than MIN_SHARED first letters with the term (all of them for a
 * shorter term). Stemmed and extended forms share more; a hyphenated word counts by each part.
 */
export function isPrefixBacktrack(term: string, matched: string): boolean {
  const folded = foldText(matched);
  const candidates = [folded.replace(/[^\p{L}\p{N}]/gu, ''), ...folded.split(/[^\p{L}\p{N}]+/u)].filter(Boolean);
  const want = [...term];
  const shared = (word: string) => {
    const letters = [...word];
    let n = 0;
    while (n < want.length && n < letters.length && want[n] === letters[n]) n++;
    return n;
  };
  return candidates.every((word) => shared(word) < Math.min(want.length, MIN_SHARED));
}

/**
 * Whether `form`'s results came from Pagefind's prefix fallback, told by the page word that
 * matched in `result`, read from slice `k` of its page; false when the slice has no match of it.
 */
async function foundByPrefixOnly(
  form: string,
  result: PagefindResult,
  k: number,
  slices: SliceSource,
): Promise<boolean> {
  const slice = await slices(result.id, k);
  const words = slice.text.split(' ');
  const at = result.words.find((l) => l >= slice.from && l < slice.from + words.length);
  return at !== undefined && isPrefixBacktrack(form, words[at - slice.from]!);
}

/** How many of the best pages the check of a form looks through for a slice the results load anyway. */
const CHECK_AMONG = 10;

/**
 * Whether `form` (with `results`) was found only through Pagefind's prefix fallback. Any matched
 * word of the form tells (the fallback answers the whole term with one prefix), so the word is
 * read from a slice the result list loads anyway: that of the best page of `ranked` (the ranking
 * as if every form counted) holding a match of the form inside its excerpt's slice. Only when
 * none of the first CHECK_AMONG pages does is a slice loaded for the check alone, that of the
 * form's first result. A failed slice leaves the results in: better a weak result than none.
 */
async function isPrefixFallback(
  form: string,
  results: readonly PagefindResult[],
  ranked: readonly RankedPage[],
  slices: SliceSource,
): Promise<boolean> {
  if (!results.length) return false;
  const own = new Map(results.map((result) => [result.id, result]));
  for (const page of ranked.slice(0, CHECK_AMONG)) {
    const result = own.get(page.id);
    if (!result) continue;
    const k = sliceFor(page.id, excerptStart(page.words));
    if (result.words.some((l) => sliceFor(page.id, l) === k))
      return foundByPrefixOnly(form, result, k, slices).catch(() => false);
  }
  const top = results[0]!;
  return foundByPrefixOnly(form, top, sliceFor(top.id, excerptStart(top.words)), slices).catch(() => false);
}

/** Each form's results, per term. */
async function formResults(
  api: PagefindSearch,
  query: AnalyzedQuery,
  filters: Record<string, string> | undefined,
): Promise<PagefindResult[][][]> {
  const options = filters ? { filters } : undefined;
  return Promise.all(
    query.terms.map((term) => Promise.all(term.forms.map(async (form) => (await api.search(form, options)).results))),
  );
}

/**
 * Each term's results: per page the best score of its forms (a stand-in form's ×STAND_IN) and
 * the locations of all of them, leaving out the forms `dropped` marks.
 */
function termResults(
  perForm: readonly (readonly PagefindResult[])[][],
  dropped: readonly boolean[][] = [],
): Map<string, PagefindResult>[] {
  return perForm.map((forms, t) => {
    const pages = new Map<string, PagefindResult>();
    forms.forEach((results, i) => {
      if (dropped[t]?.[i]) return;
      for (const found of results) {
        const result = { ...found, score: found.score * (i === 0 ? 1 : STAND_IN) };
        const seen = pages.get(result.id);
        pages.set(
          result.id,
          seen
            ? { id: result.id, score: Math.max(seen.score, result.score), words: [...seen.words, ...result.words] }
            : result,
        );
      }
    });
    return pages;
  });
}

/**
 * Combines per-term results: a page scores the sum of its terms' scores, plus for each pair of
 * terms typed side by side that the page has side by side (`together`, page ids per pair) the
 * two terms' scores again, times the square of the share of terms it has, so a page with every
 * word of a question comes before one that has only its commonest words many times.
 */
export function combine(
  perTerm: readonly Map<string, PagefindResult>[],
  pairs: readonly [number, number][] = [],
  together: readonly ReadonlySet<string>[] = [],
): RankedPage[] {
  const pages = new Map<string, RankedPage>();
  for (const results of perTerm) {
    for (const result of results.values()) {
      const page = pages.get(result.id) ?? { id: result.id, score: 0, words: [], matched: 0 };
      page.score += result.score;
      page.words.push(...result.words);
      page.matched++;
      pages.set(result.id, page);
    }
  }
  pairs.forEach(([a, b], i) => {
    for (const id of together[i] ?? []) {
      const page = pages.get(id);
      if (page) page.score += (perTerm[a]?.get(id)?.score ?? 0) + (perTerm[b]?.get(id)?.score ?? 0);
    }
  });
  const terms = perTerm.filter((results) => results.size > 0).length;
  return [...pages.values()]
    .map((page) => ({
      ...page,
      words: [...new Set(page.words)].sort((a, b) => a - b),
      score: page.score * (page.matched / terms) ** 2,
    }))
    .sort((a, b) => b.score - a.score);
}

/** The pages for an analyzed query, best first. */
export async function rankPages(
  api: PagefindSearch,
  query: AnalyzedQuery,
  slices: SliceSource,
  filters?: Record<string, string>,
): Promise<RankedPage[]> {
  if (!query.terms.length) return [];
  const options = filters ? { filters } : undefined;
  const [perForm, together] = await Promise.all([
    formResults(api, query, filters),
    // Pagefind's exact-phrase search: the two words next to each other in the page.
    Promise.all(
      query.pairs.map(async ([a, b]) => {
        const { results } = await api.search(`"${query.terms[a]!.word} ${query.terms[b]!.word}"`, options);
        return new Set(results.map((r) => r.id));
      }),
    ),
  ]);
  const ranked = combine(termResults(perForm), query.pairs, together);
  const dropped = await Promise.all(
    perForm.map((forms, t) =>
      Promise.all(forms.map((results, i) => isPrefixFallback(query.terms[t]!.forms[i]!, results, ranked, slices))),
    ),
  );
  if (!dropped.flat().some(Boolean)) return ranked;
  return combine(termResults(perForm, dropped), query.pairs, together);
}
