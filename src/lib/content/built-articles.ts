// What code outside Astro knows of the built site. Which article ids are published (for the vote
// beacon in front of Astro): an article is published when its page was built and carries the
// feedback box for that very id; drafts are never built for production. And the translation
// status the build computed (for the review reminders of the delivery worker).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTICLE_ID_PATTERN, articleUrl, parseArticleId } from './articles.ts';
import type { StatusGroup } from './status.ts';

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

/** The translation status of the build, next to its server bundle (src/integrations/content-status.ts). */
export const CONTENT_STATUS_FILE = 'content-status.json';

export interface BuiltContentStatus {
  generatedAt: string;
  groups: StatusGroup[];
}

/**
 * The status a build wrote into `serverDir`, read once per process (a build never changes under
 * a running server). A build from before the status existed reads as no content at all.
 */
export function builtContentStatus(serverDir: string): () => Promise<BuiltContentStatus> {
  let status: Promise<BuiltContentStatus> | undefined;
  return () =>
    (status ??= readFile(join(serverDir, CONTENT_STATUS_FILE), 'utf8').then(
      (text) => JSON.parse(text) as BuiltContentStatus,
      () => ({ generatedAt: '', groups: [] }),
    ));
}
