// Which article ids are published, read from the built site (for code that runs outside Astro,
// like the vote beacon in front of it): an article is published when its page was built and
// carries the feedback box for that very id. Drafts are never built for production.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTICLE_ID_PATTERN, articleUrl, parseArticleId } from './articles.ts';

export function builtArticleCheck(clientDir: string): (article: string) => Promise<boolean> {
  // Published pages do not change while the server runs; misses are not kept (any id may be asked).
  const published = new Set<string>();
  return async (article) => {
    if (published.has(article)) return true;
    const ref = ARTICLE_ID_PATTERN.test(article) ? parseArticleId(article) : undefined;
    if (!ref) return false;
    const html = await readFile(join(clientDir, articleUrl(ref), 'index.html'), 'utf8').catch(() => '');
    const found = html.includes(`data-article="${article}"`);
    if (found) published.add(article);
    return found;
  };
}
