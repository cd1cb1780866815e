// Forum full-text search. The index holds normalized text (src/lib/search/normalize.ts, the same
// folding as article search: Arabic ي/ك → ی/ک, digits, ZWNJ joins, ё = е), and queries are
// normalized and stemmed the same way as article queries (src/lib/search/query.ts), then matched
// as word prefixes, so «مهارت» finds «مهارت‌ها» and "refund" finds "refunds".
// The index itself (writes, and the SQLite-only matching) is search-index.ts.
import type { Db } from '../db/index.ts';
import { htmlToText } from '../markdown/render.ts';
import { normalize } from '../search/normalize.ts';
import { analyzeQuery, latinToCyrillic } from '../search/query.ts';
import { forumSearchIndex, type ForumSearchMatch } from './search-index.ts';
import { threadSummaries, type ThreadSummary } from './threads.ts';

// Query-side endings only: the index keeps whole words and terms match as prefixes, so cutting
// an ending widens a query just enough ("возврата" → "возврат" finds "возврат", "возвратом").
const RUSSIAN_ENDINGS = [
  'ями',
  'ами',
  'ого',
  'ему',
  'ому',
  'ыми',
  'ими',
  'ах',
  'ях',
  'ов',
  'ев',
  'ей',
  'ой',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ом',
  'ем',
  'ам',
  'ям',
  'ую',
  'юю',
  'а',
  'я',
  'ы',
  'и',
  'у',
  'ю',
  'е',
  'о',
  'ь',
];
const ENGLISH_ENDINGS: [string, string][] = [
  ['ies', 'i'],
  ['ing', ''],
  ['ed', ''],
  ['es', ''],
  ['s', ''],
];

function stemForPrefix(word: string): string {
  if (/^[\p{Script=Cyrillic}]+$/u.test(word)) {
    for (const ending of RUSSIAN_ENDINGS)
      if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length);
  } else if (/^[a-z]+$/.test(word) && !word.endsWith('ss')) {
    for (const [ending, replacement] of ENGLISH_ENDINGS)
      if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length) + replacement;
  }
  return word;
}

const MAX_TERMS = 8;

/**
 * What a query is about, read as article search reads it (src/lib/search/query.ts: normalized,
 * spoken Persian written out, Persian-stemmed, stop words dropped; a question made only of stop
 * words still searches for them), with endings cut for prefix matching. Each term comes with the
 * words the articles use for it (customers' words: «кричит» is also «крик», «рассерж…»), any of
 * which matches the term.
 */
export function searchTermForms(locale: string, raw: string): string[][] {
  const terms = new Map<string, string[]>();
  for (const term of analyzeQuery(locale, raw.slice(0, 300)).terms) {
    const forms = [...new Set(term.forms.map(stemForPrefix).filter((w) => [...w].length >= 2))];
    if (forms.length && !terms.has(forms[0]!)) terms.set(forms[0]!, forms);
  }
  return [...terms.values()].slice(0, MAX_TERMS);
}

/** The query's terms as typed (each term's first form). */
export function searchTerms(locale: string, raw: string): string[] {
  return searchTermForms(locale, raw).map((forms) => forms[0]!);
}

export interface ForumSearchHit extends ThreadSummary {
  /** Words around the first match in the best-matching post. */
  excerpt: string;
  /** That post's number in the thread (1 = the question). */
  postNumber: number;
}

/** A short passage around the first word that matches a term, from the post as readers see it. */
export function excerptAround(locale: string, text: string, terms: readonly string[], before = 10, after = 22): string {
  const words = text.split(/\s+/u).filter(Boolean);
  const at = words.findIndex((word) => {
    const folded = normalize(locale, word);
    return terms.some((term) => folded.includes(term));
  });
  const start = Math.max(0, at - before);
  const end = Math.min(words.length, (at < 0 ? 0 : at) + after);
  return `${start > 0 ? '… ' : ''}${words.slice(start, end).join(' ')}${end < words.length ? ' …' : ''}`;
}

/** The threads and posts behind index matches, in the matches' order, each with an excerpt around the terms. */
export async function hitsFor(
  db: Db,
  locale: string,
  terms: string[],
  matches: ForumSearchMatch[],
): Promise<ForumSearchHit[]> {
  if (!matches.length) return [];
  const summaries = new Map(
    (
      await threadSummaries(
        db,
        matches.map((m) => m.threadId),
      )
    ).map((t) => [t.id, t]),
  );
  const posts = new Map(
    (
      await db
        .selectFrom('posts')
        .select(['id', 'number', 'html'])
        .where(
          'id',
          'in',
          matches.map((m) => m.postId),
        )
        .execute()
    ).map((p) => [p.id, p]),
  );
  return matches.flatMap((match) => {
    const thread = summaries.get(match.threadId);
    const post = posts.get(match.postId);
    if (!thread || !post) return [];
    return [{ ...thread, postNumber: post.number, excerpt: excerptAround(locale, htmlToText(post.html), terms) }];
  });
}

/**
 * Index matches for a query: every term, else (mode 'all', several terms) any term. A Russian
 * query typed in the Latin layout that finds nothing is retried in Cyrillic, as article search
 * does (src/lib/search/engine.ts); `correctedQuery` says so.
 */
export async function matchQuery(
  db: Db,
  locale: string,
  query: string,
  { mode, limit }: { mode: 'all' | 'any'; limit: number },
): Promise<{ terms: string[]; matches: ForumSearchMatch[]; correctedQuery?: string }> {
  const index = forumSearchIndex(db);
  const attempt = async (text: string) => {
    const forms = searchTermForms(locale, text);
    // Excerpts are cut around any form that matched.
    const terms = [...new Set(forms.flat())];
    if (!forms.length) return { terms, matches: [] };
    let matches = await index.match(db, { locale, terms: forms, mode, limit });
    if (!matches.length && mode === 'all' && forms.length > 1)
      matches = await index.match(db, { locale, terms: forms, mode: 'any', limit });
    return { terms, matches };
  };
  const first = await attempt(query);
  const cyrillic = locale === 'ru' && !first.matches.length ? latinToCyrillic(query) : undefined;
  if (!cyrillic) return first;
  const retry = await attempt(cyrillic);
  return retry.matches.length ? { ...retry, correctedQuery: cyrillic } : first;
}

/** Threads in a locale matching a query: every term first; when nothing has them all, any term. */
export async function searchThreads(
  db: Db,
  locale: string,
  query: string,
  options: { limit?: number } = {},
): Promise<{ terms: string[]; hits: ForumSearchHit[] }> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 50);
  const { terms, matches } = await matchQuery(db, locale, query, { mode: 'all', limit });
  return { terms, hits: await hitsFor(db, locale, terms, matches) };
}

/**
 * "Your question may already be answered": threads like the title being typed, solved ones
 * first. Any term may match, since the last word is often still half-typed.
 */
export async function suggestAnsweredThreads(
  db: Db,
  locale: string,
  title: string,
  options: { limit?: number } = {},
): Promise<ForumSearchHit[]> {
  if (normalize(locale, title).length < 4) return [];
  const limit = Math.min(Math.max(options.limit ?? 5, 1), 10);
  const { terms, matches } = await matchQuery(db, locale, title, { mode: 'any', limit: limit * 4 });
  const hits = await hitsFor(db, locale, terms, matches);
  return [...hits.filter((h) => h.solved), ...hits.filter((h) => !h.solved)].slice(0, limit);
}
