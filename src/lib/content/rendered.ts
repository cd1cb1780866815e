// Where an article's rendered HTML waits between the content loader and its page: in a file of
// its own, named by its content, not in Astro's data store. The data store is bundled whole into
// both server bundles and parsed by each; with every article's HTML and MDX source in it, it was
// 18 KB per article (54 MB at 3,000 articles), and the 10,000-article build ran at its 4 GB heap limit.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { MarkdownHeading } from 'astro';

/** What the data store keeps of a rendered article (as its `rendered.metadata`). */
export interface RenderedArticle {
  /** The HTML's file (see keepHtml). */
  htmlFile: string;
  headings: MarkdownHeading[];
  readingMinutes: number;
}

/** Writes `html` into `dir` under a name made from its content, once, and returns the file's path. */
export function keepHtml(dir: string, html: string): string {
  const file = join(dir, `${createHash('sha256').update(html).digest('base64url').slice(0, 24)}.html`);
  if (existsSync(file)) {
    // Its time says when a build last used it (pruneHtml).
    const now = new Date();
    utimesSync(file, now, now);
    return file;
  }
  mkdirSync(dir, { recursive: true });
  // Written aside, then renamed: a page of a build running beside this one never reads half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, html);
  renameSync(partial, file);
  return file;
}

/** Files unused for this long are removed; a build that started earlier may still read younger ones. */
const UNUSED_FOR_MS = 60 * 60 * 1000;

/** Removes the files in `dir` that no article renders to now and no build used in the last hour. */
export function pruneHtml(dir: string, used: ReadonlySet<string>): void {
  if (!existsSync(dir)) return;
  const before = Date.now() - UNUSED_FOR_MS;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (used.has(file)) continue;
    try {
      if (statSync(file).mtimeMs < before) rmSync(file, { force: true });
    } catch {
      // Removed by a build beside this one.
    }
  }
}

export function readHtml(file: string): string {
  return readFileSync(file, 'utf8');
}

/** The stored rendering of an entry the content loader rendered, or undefined if it did not. */
export function renderedArticle(metadata: Record<string, unknown> | undefined): RenderedArticle | undefined {
  if (typeof metadata?.htmlFile !== 'string') return undefined;
  return metadata as unknown as RenderedArticle;
}
