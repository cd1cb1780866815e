// Articles like a subject, on the server, for the contact page without JavaScript (with it,
// the browser asks Pagefind, like the question composer). Same query layer as search
// (src/lib/search/query.ts: normalization, spoken Persian, stemming, stop words, customers'
// words) and the same way of combining words as article ranking (src/lib/search/rank.ts); a word
// matches when an article word starts with it (as Pagefind matches prefixes). Titles count
// five times, descriptions three, tags twice, as pagefindRanking weighs them.
import { normalize } from '../search/normalize.ts';
import { analyzeQuery } from '../search/query.ts';
import { combine, pagefindRanking, type PagefindResult } from '../search/rank.ts';

export interface SuggestibleArticle {
  id: string;
  locale: string;
  title: string;
  description: string;
  tags: readonly string[];
}

export function matchArticles<T extends SuggestibleArticle>(
  articles: readonly T[],
  locale: string,
  query: string,
  limit = 3,
): T[] {
  const terms = analyzeQuery(locale, query.slice(0, 300))
    .terms.filter((t) => [...t.word].length >= 2)
    .slice(0, 12);
  if (!terms.length) return [];
  const { title, description, keywords } = pagefindRanking.metaWeights;
  const words = (text: string) => normalize(locale, text).split(' ').filter(Boolean);
  const candidates = articles
    .filter((a) => a.locale === locale)
    .map((article) => ({
      article,
      fields: [
        [words(article.title), title],
        [words(article.description), description],
        [words(article.tags.join(' ')), keywords],
      ] as const,
    }));
  // Per term, each article's best field weight over the term's forms, as rankPages scores per term.
  const perTerm = terms.map((term) => {
    const found = new Map<string, PagefindResult>();
    candidates.forEach(({ fields }, i) => {
      let score = 0;
      for (const [list, weight] of fields)
        if (term.forms.some((form) => list.some((w) => w.startsWith(form)))) score = Math.max(score, weight);
      if (score) found.set(String(i), { id: String(i), score, words: [] });
    });
    return found;
  });
  const ranked = combine(perTerm).filter((page) => terms.length === 1 || page.matched >= Math.min(2, terms.length));
  return ranked.slice(0, limit).map((page) => candidates[Number(page.id)]!.article);
}
