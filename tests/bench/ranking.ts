// Ranking quality on the golden set (tests/e2e/golden-queries.ts): how often the expected article
// comes first and in the top 3, per locale, for the ways of ranking issue 18 asked to compare:
// - main-like: main's engine (the whole prepared query to Pagefind, stop words and all;
//   when that finds fewer than 3 pages, pages follow by how many meaningful words they have), but
//   over this branch's query layer (spoken Persian, longer stop lists): main itself is measured
//   by tests/e2e/search.spec.ts on main;
// - pagefind: Pagefind's own ranking of the meaningful words only (same fallback), with its
//   default weights, then with ours (pagefindRanking: description and tags weigh more);
// - rerank: our per-word ranking (src/lib/search/rank.ts) with Pagefind's default weights, then
//   with ours (what the site ships).
// Runs Pagefind's own browser runtime in Node over the built bundles (dist/client/pagefind, so
// `npm run build` first), as tests/unit/integrations/pagefind-runtime.ts does; no timing here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readSlice, sliceFile, type ExcerptSlice } from '../../src/lib/search/excerpt.ts';
import { analyzeQuery, latinToCyrillic, prepareQuery, type AnalyzedQuery } from '../../src/lib/search/query.ts';
import { pagefindRanking, rankPages, type PagefindResult, type PagefindSearch } from '../../src/lib/search/rank.ts';
import { goldenQueries } from '../e2e/golden-queries.ts';

interface Instance extends PagefindSearch {
  init(): Promise<void>;
  destroy(): Promise<void>;
  options(options: Record<string, unknown>): Promise<void>;
}

const networkFetch = globalThis.fetch;
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = String(input instanceof Request ? input.url : input);
  if (!url.startsWith('file:')) return networkFetch(input, init);
  try {
    return new Response(await readFile(fileURLToPath(url)));
  } catch {
    return new Response(null, { status: 404 });
  }
}) as typeof fetch;

const root = join(process.cwd(), 'dist/client/pagefind');
/** Pagefind's defaults (its RankingWeights::default): only the title weighs more. */
const defaultRanking = { metaWeights: { title: 5, description: 1, keywords: 1 } };

async function open(locale: string, ranking: object): Promise<Instance> {
  const dir = join(root, locale);
  const module = (await import(pathToFileURL(join(dir, 'pagefind.js')).href)) as {
    createInstance(options: { basePath: string }): Instance;
  };
  const instance = module.createInstance({ basePath: `${pathToFileURL(dir).href}/` });
  await instance.options({ ranking });
  await instance.init();
  return instance;
}

const slices = new Map<string, Promise<ExcerptSlice>>();
const slice = (locale: string, id: string, k: number) => {
  const path = join(root, locale, sliceFile(id, k));
  let found = slices.get(path);
  if (!found) slices.set(path, (found = readFile(path).then((bytes) => readSlice(new Uint8Array(bytes)))));
  return found;
};
const urlOf = async (locale: string, result: PagefindResult) => (await slice(locale, result.id, 0)).url;

/** Pagefind ranks `query`; when it finds fewer than 3 pages, pages with more of `terms` follow (main's engine). */
async function pagefindWithFallback(api: PagefindSearch, query: string, terms: string[]): Promise<PagefindResult[]> {
  const { results } = await api.search(query);
  if (results.length >= 3 || terms.length < 2) return results;
  const tally = new Map<string, { result: PagefindResult; terms: number; score: number }>();
  for (const { results: termResults } of await Promise.all(terms.map((term) => api.search(term)))) {
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

type Strategy = (api: PagefindSearch, locale: string, raw: string, query: AnalyzedQuery) => Promise<PagefindResult[]>;
const words = (query: AnalyzedQuery) => query.terms.map((t) => t.word);
const variants: [string, object, Strategy][] = [
  [
    'main-like: whole query to Pagefind',
    defaultRanking,
    // main's fallback used the prepared words minus its shorter stop-word list; close enough
    // to main's behaviour here, since its fallback only runs when the whole query finds < 3 pages.
    (api, locale, raw, query) => pagefindWithFallback(api, prepareQuery(locale, raw), words(query)),
  ],
  [
    'pagefind, default weights',
    defaultRanking,
    (api, _l, _r, query) => pagefindWithFallback(api, words(query).join(' '), words(query)),
  ],
  [
    'pagefind, our weights',
    pagefindRanking,
    (api, _l, _r, query) => pagefindWithFallback(api, words(query).join(' '), words(query)),
  ],
  [
    'rerank, default weights',
    defaultRanking,
    (api, locale, _r, query) => rankPages(api, query, (id, k) => slice(locale, id, k)),
  ],
  [
    'rerank, our weights (shipped)',
    pagefindRanking,
    (api, locale, _r, query) => rankPages(api, query, (id, k) => slice(locale, id, k)),
  ],
];

export async function benchRanking(): Promise<void> {
  const locales = [...new Set(goldenQueries.map(([locale]) => locale))];
  console.log(
    `${goldenQueries.length} golden queries; top-1 / top-3 per locale (whole questions: the ${goldenQueries.filter(([, q]) => q.split(' ').length >= 4).length} of 4+ words)\n`,
  );
  console.log(
    `| ranking | ${locales.map((l) => `${l} top-1 | ${l} top-3`).join(' | ')} | all top-1 | all top-3 | questions top-1 |`,
  );
  console.log(`|---|${locales.map(() => '---|---').join('|')}|---|---|---|`);
  for (const [name, ranking, strategy] of variants) {
    const apis = new Map(await Promise.all(locales.map(async (l) => [l, await open(l, ranking)] as const)));
    const score = new Map(locales.map((l) => [l, { top1: 0, top3: 0, total: 0 }]));
    const questions = { top1: 0, total: 0 };
    const missed: string[] = [];
    // As the engine does: the Latin-layout retry, then the other locales (src/lib/search/engine.ts).
    const top3 = async (locale: string, raw: string) => {
      const results = await strategy(apis.get(locale)!, locale, raw, analyzeQuery(locale, raw));
      return Promise.all(results.slice(0, 3).map((r) => urlOf(locale, r)));
    };
    for (const [locale, raw, expected] of goldenQueries) {
      let top = await top3(locale, raw);
      const cyrillic = locale === 'ru' ? latinToCyrillic(raw) : undefined;
      if (!top.length && cyrillic) top = await top3(locale, cyrillic);
      for (const other of locales) if (!top.length && other !== locale) top = await top3(other, raw);
      const entry = score.get(locale)!;
      entry.total++;
      if (top[0] === expected) entry.top1++;
      else
        missed.push(
          `  ${locale} «${raw}» → ${top.map((u) => u.split('/').slice(1, 4).join('/')).join(', ') || 'nothing'}`,
        );
      if (top.includes(expected)) entry.top3++;
      if (raw.split(' ').length >= 4) {
        questions.total++;
        if (top[0] === expected) questions.top1++;
      }
    }
    const all = [...score.values()].reduce((a, e) => ({
      top1: a.top1 + e.top1,
      top3: a.top3 + e.top3,
      total: a.total + e.total,
    }));
    const pct = (n: number, of: number) => `${n}/${of} (${Math.round((100 * n) / of)} %)`;
    console.log(
      `| ${name} | ${locales.map((l) => `${pct(score.get(l)!.top1, score.get(l)!.total)} | ${score.get(l)!.top3}`).join(' | ')} | ${pct(all.top1, all.total)} | ${pct(all.top3, all.total)} | ${pct(questions.top1, questions.total)} |`,
    );
    if (process.env.BENCH_VERBOSE) console.log(missed.join('\n'));
    await Promise.all([...apis.values()].map((api) => api.destroy()));
  }
}
