// Bringing in text a support team already has: a .txt, .md, .html or .docx file becomes a draft
// article, content/articles/<locale>/<category>/<slug>.mdx, with its frontmatter filled and valid,
// its headings and lists recognised, its orthography fixed (orthography.ts) and its text safe to
// compile as MDX. Nothing is lost on the way: every word of the input must be a word of the
// draft, and the report says so (or names the words that are not).
// The CLI (src/cli/content-import.ts) parses arguments and prints; everything else is here.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { Root } from 'mdast';
import { stringify as yamlString } from 'yaml';
import { isLocale, locales, type Locale } from '../../../i18n/locales.ts';
import { cleanUserText } from '../../text.ts';
import { articleUrl, categoryUrl } from '../articles.ts';
import { fixOrthography } from '../orthography.ts';
import { articleSchema } from '../schema.ts';
import { readDocx } from './docx.ts';
import { readHtml } from './html.ts';
import { readMarkdown } from './markdown.ts';
import { mdxProblem, mdxText, parseMdx, writeMdx } from './mdx.ts';
import { settleReferences, type Asset } from './references.ts';
import { SLUG_PATTERN, slugFromTitle } from './slug.ts';
import { readText } from './text.ts';
import {
  DESCRIPTION_MIN,
  countStructure,
  cutAtWord,
  DESCRIPTION_MAX,
  findDescription,
  oneLine,
  settleHeadings,
  takeTitle,
  tidy,
  type Structure,
  type TitleSource,
} from './tree.ts';
import { missingWords, wordsOf } from './words.ts';

export const FORMATS = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
} as const;
export type Format = (typeof FORMATS)[keyof typeof FORMATS];

/** A mistake of the writer's (a wrong category, an existing file): the CLI prints the message alone. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportOptions {
  file: string;
  locale: string;
  category: string;
  /** The content folder (content/ of the project). */
  contentDir: string;
  slug?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  /** Overwrite an existing article (and its images). */
  force?: boolean | undefined;
  /** The `updated` date: today, in the writer's time zone. */
  today: Date;
}

export interface ImportReport {
  format: Format;
  /** The article written, relative to the folder above the content folder (content/articles/…). */
  path: string;
  url: string;
  title: { value: string; from: TitleSource };
  description: { value: string; from: 'option' | 'frontmatter' | 'first paragraph' };
  structure: Structure;
  escaped: Record<string, number>;
  /** Orthography changes by kind (title, description and body together). */
  orthography: Record<string, number>;
  words: { input: number; missing: string[] };
  images: string[];
  warnings: string[];
}

interface Reading {
  tree: Root;
  text: string;
  title?: string | undefined;
  description?: string | undefined;
  warnings: string[];
}

async function read(format: Format, file: string): Promise<Reading> {
  if (format === 'docx') return readDocx(readFileSync(file));
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(readFileSync(file));
  } catch {
    // Old Persian text files are often Windows-1256: read as UTF-8 they would lose every letter.
    throw new ImportError(
      `${file}: the file is not UTF-8 text; save it as UTF-8 (in most editors: Save as… → Encoding) and import it again`,
    );
  }
  const source = cleanUserText(decoded);
  if (format === 'markdown') return readMarkdown(source);
  if (format === 'html') return { ...readHtml(source), warnings: [] };
  return { tree: readText(source), text: source, warnings: [] };
}

function categoryIds(contentDir: string): string[] {
  if (!existsSync(join(contentDir, 'categories.json'))) {
    throw new ImportError(`${join(contentDir, 'categories.json')} not found: run the command in the project folder`);
  }
  const categories = JSON.parse(readFileSync(join(contentDir, 'categories.json'), 'utf8')) as { id: string }[];
  return categories.map((c) => c.id);
}

/** Every path of the site an article may link to: homes, categories, articles. */
function siteRoutes(contentDir: string, ids: readonly string[]): Set<string> {
  const routes = new Set<string>();
  for (const locale of locales) {
    routes.add(`/${locale}/`);
    for (const category of ids) routes.add(categoryUrl(locale, category));
  }
  const articles = join(contentDir, 'articles');
  for (const entry of existsSync(articles) ? readdirSync(articles, { recursive: true, encoding: 'utf8' }) : []) {
    const [locale, category, file] = entry.split(/[\\/]/);
    if (isLocale(locale) && category && file?.endsWith('.mdx')) {
      routes.add(articleUrl({ locale, category, slug: basename(file, '.mdx') }));
    }
  }
  return routes;
}

function isoDate(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** A YAML scalar (YAML 1.1 rules, as js-yaml reads them: "2026-01-02" or "yes" stay strings). */
function scalar(value: string): string {
  return yamlString(value, { version: '1.1', lineWidth: 0 }).trimEnd();
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [kind, count] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + count;
}

export async function importArticle(options: ImportOptions): Promise<ImportReport> {
  const format = FORMATS[extname(options.file).toLowerCase() as keyof typeof FORMATS];
  if (!format) {
    throw new ImportError(`${options.file}: cannot import this kind of file; use ${Object.keys(FORMATS).join(', ')}`);
  }
  if (!existsSync(options.file)) throw new ImportError(`${options.file}: no such file`);
  if (!isLocale(options.locale)) throw new ImportError(`--locale must be one of: ${locales.join(', ')}`);
  const locale: Locale = options.locale;
  const ids = categoryIds(options.contentDir);
  if (!ids.includes(options.category)) {
    throw new ImportError(
      `--category "${options.category}" is not in ${join(options.contentDir, 'categories.json')}; use one of: ${ids.join(', ')}`,
    );
  }
  if (options.slug !== undefined && !SLUG_PATTERN.test(options.slug)) {
    throw new ImportError(
      `--slug "${options.slug}": expected lower-case ASCII words joined by "-", e.g. calm-angry-customer`,
    );
  }

  const reading = await read(format, options.file);
  const warnings = [...reading.warnings];
  const { tree } = reading;
  tidy(tree);
  const givenTitle = options.title ?? reading.title;
  const title = takeTitle(
    tree,
    givenTitle === undefined ? undefined : { value: givenTitle, from: options.title ? 'option' : 'frontmatter' },
  );
  if (title.value.length < 3) {
    throw new ImportError(`${options.file}: found no title of 3 characters or more; give one with --title "…"`);
  }
  settleHeadings(tree);

  const givenDescription = options.description ?? reading.description;
  const description = givenDescription
    ? {
        value: cutAtWord(oneLine(givenDescription), DESCRIPTION_MAX),
        from: options.description ? ('option' as const) : ('frontmatter' as const),
      }
    : { value: findDescription(tree), from: 'first paragraph' as const };
  if (!description.value || description.value.length < DESCRIPTION_MIN) {
    throw new ImportError(
      `${options.file}: found no paragraph of ${DESCRIPTION_MIN} characters or more for the description; give one with --description "…"`,
    );
  }

  const slug = options.slug ?? slugFromTitle(locale, title.value);
  if (!slug) {
    throw new ImportError(
      locale === 'fa'
        ? 'Persian titles give no address: give the slug with --slug, lower-case English words joined by "-" (the slug of the translation when there is one), e.g. --slug calm-angry-customer'
        : `the title "${title.value}" gives no slug: give one with --slug, e.g. --slug calm-angry-customer`,
    );
  }
  const target = join(options.contentDir, 'articles', locale, options.category, `${slug}.mdx`);
  if (existsSync(target) && !options.force) {
    throw new ImportError(`${target} already exists; pick another --slug, or add --force to replace it`);
  }

  const references = settleReferences(tree, {
    inputDir: dirname(options.file),
    routes: siteRoutes(options.contentDir, ids),
    slug,
  });
  warnings.push(...references.warnings);
  const written = writeMdx(tree);

  const orthography: Record<string, number> = {};
  const fixed = (text: string) => {
    const result = fixOrthography(text, locale);
    addCounts(orthography, result.changes);
    return result.text;
  };
  const body = fixed(written.mdx);
  const frontmatter = {
    title: oneLine(fixed(title.value)),
    description: oneLine(fixed(description.value)),
    category: options.category,
    updated: isoDate(options.today),
    draft: true,
  };

  const problem = mdxProblem(body);
  if (problem)
    throw new Error(`${options.file}: the draft would not build, ${problem}. This is a bug of the importer.`);
  // Counted in the finished body, as the build will read it.
  const structure = countStructure(parseMdx(body));
  const valid = articleSchema(ids as [string, ...string[]]).safeParse({
    ...frontmatter,
    updated: new Date(frontmatter.updated),
  });
  if (!valid.success) {
    const issue = valid.error.issues[0]!;
    throw new ImportError(
      `${options.file}: the frontmatter would not be valid (${issue.path.join('.')}: ${issue.message}); give it with --title or --description`,
    );
  }
  const missing = missingWords(
    locale,
    reading.text,
    `${frontmatter.title}\n${frontmatter.description}\n${mdxText(body)}`,
  );
  if (missing.length)
    warnings.push(`${missing.length} word(s) of the input are not in the draft: ${missing.slice(0, 20).join(' ')}`);

  const source = [
    '---',
    `title: ${scalar(frontmatter.title)}`,
    `description: ${scalar(frontmatter.description)}`,
    `category: ${frontmatter.category}`,
    `updated: ${frontmatter.updated}`,
    'draft: true',
    '---',
    '',
    body,
  ].join('\n');
  writeAssets(options.contentDir, references.assets, options.force);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, source);

  return {
    format,
    path: relative(dirname(options.contentDir), target),
    url: articleUrl({ locale, category: options.category, slug }),
    title: { value: frontmatter.title, from: title.from },
    description: { value: frontmatter.description, from: description.from },
    structure,
    escaped: written.escaped,
    orthography,
    words: { input: wordsOf(locale, reading.text).length, missing },
    images: references.assets.map((a) => join('images', a.name)),
    warnings,
  };
}

function writeAssets(contentDir: string, assets: readonly Asset[], force: boolean | undefined): void {
  const folder = join(contentDir, 'images');
  for (const asset of assets) {
    if (existsSync(join(folder, asset.name)) && !force) {
      throw new ImportError(`${join(folder, asset.name)} already exists; add --force to replace it`);
    }
  }
  mkdirSync(folder, { recursive: true });
  for (const asset of assets) writeFileSync(join(folder, asset.name), asset.data);
}
