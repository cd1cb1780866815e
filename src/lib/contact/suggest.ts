// Articles like a subject, on the server, for the contact page without JavaScript (with it,
// the browser asks Pagefind, like the question composer). Same language layer as search:
// normalize(), Persian stemming, stop words; a word matches when an article word starts with it
// (as Pagefind matches prefixes). Titles count thrice, tags twice, descriptions once.
import { normalize } from '../search/normalize.ts';
import { prepareQuery, significantTerms } from '../search/query.ts';

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
  const terms = significantTerms(locale, prepareQuery(locale, query.slice(0, 300)))
    .filter((t) => [...t].length >= 2)
    .slice(0, 12);
  if (!terms.length) return [];
  const words = (text: string) => normalize(locale, text).split(' ').filter(Boolean);
  const scored = articles
    .filter((a) => a.locale === locale)
    .map((article) => {
      const fields: [string[], number][] = [
        [words(article.title), 3],
        [words(article.tags.join(' ')), 2],
        [words(article.description), 1],
      ];
      let score = 0;
      let matched = 0;
      for (const term of terms) {
        let best = 0;
        for (const [list, weight] of fields) if (list.some((w) => w.startsWith(term))) best = Math.max(best, weight);
        if (best) matched++;
        score += best;
      }
      return { article, score, matched };
    })
    .filter((s) => s.score > 0 && (terms.length === 1 || s.matched >= Math.min(2, terms.length)))
    .sort((a, b) => b.score - a.score || a.article.title.localeCompare(b.article.title));
  return scored.slice(0, limit).map((s) => s.article);
}
