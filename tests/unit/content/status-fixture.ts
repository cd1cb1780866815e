// One article as the build's translation status sees it (src/lib/content/status.ts), for the
// tests of the status, its admin view, the review reminders and the digest: `locale/category/slug`
// with everything else made up from it.
import { contentHash, type StatusArticle } from '../../../src/lib/content/status.ts';

export function statusArticle(id: string, over: Partial<StatusArticle> = {}): StatusArticle {
  const [locale, category, slug] = id.split('/') as [StatusArticle['locale'], string, string];
  return {
    id,
    locale,
    category,
    slug,
    title: `Title of ${id}`,
    file: `content/articles/${id}.mdx`,
    draft: false,
    updated: '2026-06-01T00:00:00.000Z',
    hash: contentHash(`Title of ${id}`, `Body of ${id}`),
    ...over,
  };
}
