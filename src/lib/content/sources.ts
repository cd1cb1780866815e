// The articles as files: content/articles/<locale>/<category>/<slug>.mdx read from disk, their
// frontmatter parsed by Astro's own parser and checked by the same schema as the build, and each
// one's content hash. For what runs outside Astro's content layer (npm run content:status) and for
// the build steps that compute the translation status, so both hash the very same text.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFrontmatter } from 'astro/markdown';
import { parseArticleId } from './articles.ts';
import { articleSchema } from './schema.ts';
import { contentHash, type StatusArticle } from './status.ts';
import { lastUpdated } from './updated.ts';

export const ARTICLES_DIR = 'content/articles';
export const CATEGORIES_FILE = 'content/categories.json';

export interface SourceProblem {
  file: string;
  message: string;
}

function mdxFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? mdxFiles(path) : entry.name.endsWith('.mdx') ? [path] : [];
    })
    .sort();
}

const isoDay = (date: Date | undefined) => date?.toISOString().slice(0, 10);

/**
 * Every article under `root`/content/articles with what its status needs. A file whose
 * frontmatter does not parse or fit the schema is left out and named in `problems` (the build
 * stops on it with the same message).
 */
export function readStatusArticles(root = process.cwd()): { articles: StatusArticle[]; problems: SourceProblem[] } {
  const categories = (JSON.parse(readFileSync(join(root, CATEGORIES_FILE), 'utf8')) as { id: string }[]).map(
    (c) => c.id,
  );
  const schema = articleSchema(categories as [string, ...string[]]);
  const articles: StatusArticle[] = [];
  const problems: SourceProblem[] = [];
  for (const path of mdxFiles(join(root, ARTICLES_DIR))) {
    const file = relative(root, path).split('\\').join('/');
    const id = file.slice(ARTICLES_DIR.length + 1, -'.mdx'.length);
    const parsed = parseArticleId(id);
    if (!parsed) {
      problems.push({ file, message: 'an article must live at content/articles/<locale>/<category>/<slug>.mdx' });
      continue;
    }
    let frontmatter: Record<string, unknown>;
    let body: string;
    try {
      const result = parseFrontmatter(readFileSync(path, 'utf8'));
      frontmatter = result.frontmatter;
      body = result.content;
    } catch (error) {
      problems.push({ file, message: `frontmatter: ${error instanceof Error ? error.message.split('\n')[0] : error}` });
      continue;
    }
    const checked = schema.safeParse(frontmatter);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.join('.') || 'frontmatter'}: ${i.message}`);
      problems.push({ file, message: issues.join('; ') });
      continue;
    }
    const data = checked.data;
    articles.push({
      id,
      ...parsed,
      title: data.title,
      file,
      draft: data.draft,
      translationKey: data.translationKey,
      translatedFrom: data.translatedFrom && {
        locale: data.translatedFrom.locale,
        hash: data.translatedFrom.hash,
        date: isoDay(data.translatedFrom.date),
      },
      owner: data.owner,
      reviewBy: isoDay(data.reviewBy),
      updated: lastUpdated(path, data.updated, root).toISOString(),
      hash: contentHash(data.title, body),
    });
  }
  return { articles, problems };
}
