import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFrontmatter } from '@astrojs/internal-helpers/frontmatter';
import { satteri } from '@astrojs/markdown-satteri';
import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';
import { afterEach, describe, expect, it } from 'vitest';
import bidiIsolation from '../../../../src/integrations/bidi-isolation.ts';
import { checkArticles, formatProblems } from '../../../../src/lib/content/check.ts';
import { ImportError, importArticle, type ImportOptions } from '../../../../src/lib/content/import/index.ts';
import { missingWords } from '../../../../src/lib/content/import/words.ts';
import { articleSchema } from '../../../../src/lib/content/schema.ts';

const FIXTURES = 'tests/fixtures/import';
const today = new Date(2026, 11, 5);
const folders: string[] = [];

/** A copy of the project's content folder (categories and the shipped articles) to import into. */
function contentCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pasokh-import-'));
  folders.push(folder);
  cpSync('content', join(folder, 'content'), { recursive: true });
  return join(folder, 'content');
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const ids = () => (JSON.parse(readFileSync('content/categories.json', 'utf8')) as { id: string }[]).map((c) => c.id);

/** The article's frontmatter as Astro reads it (js-yaml), checked by the collection's schema. */
function frontmatterOf(source: string) {
  const { frontmatter, content } = parseFrontmatter(source);
  return { data: articleSchema(ids() as [string, ...string[]]).parse(frontmatter), content };
}

/** Compiles an article the way the build does: Astro's Sätteri MDX renderer with the site's hast plugin. */
async function compileLikeTheBuild(file: string, source: string): Promise<string> {
  const { frontmatter, content } = parseFrontmatter(source);
  const renderer = await satteri({ hastPlugins: [bidiIsolation] }).createMdxRenderer!(
    { syntaxHighlight: false, gfm: true, smartypants: true },
    { optimize: false, srcDir: pathToFileURL(join(process.cwd(), 'src/')) },
  );
  return (await renderer.process(content, file, frontmatter)).code;
}

/** The build's whole-collection checks (folders, links, related) over a content folder. */
function collectionProblems(contentDir: string, includeDrafts: boolean): string {
  const base = join(contentDir, 'articles');
  const articles = readdirSync(base, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.mdx'))
    .map((entry) => {
      const source = readFileSync(join(base, entry), 'utf8');
      const { data } = frontmatterOf(source);
      return { id: entry.replace(/\.mdx$/, ''), file: entry, source, ...data };
    });
  return formatProblems(checkArticles(articles, { categoryIds: ids(), includeDrafts }));
}

/** Each fixture's words as a reader of the original sees them, read without the importer's code. */
async function originalText(file: string): Promise<string> {
  const raw = readFileSync(file);
  if (file.endsWith('.docx')) return (await mammoth.extractRawText({ buffer: raw })).value;
  const text = raw.toString('utf8');
  if (file.endsWith('.html')) {
    const alts = [...text.matchAll(/alt="([^"]*)"/g)].map((m) => m[1]).join(' ');
    const visible = sanitizeHtml(text, {
      allowedTags: [],
      allowedAttributes: {},
      nonTextTags: ['script', 'style', 'title', 'head'],
    });
    return `${visible
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/&nbsp;/g, ' ')} ${alts}`;
  }
  if (file.endsWith('.md')) {
    // The frontmatter's title and description are text; its other fields, HTML tags and comments are not.
    const [, frontmatter = '', body = text] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    const kept = frontmatter.split('\n').filter((line) => /^(title|description):/.test(line));
    return `${kept.join('\n')}\n${body.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<\/?[a-z][^>]*>/gi, ' ')}`.replace(
      /^(title|description):/gm,
      '',
    );
  }
  return text;
}

const fixtures: { file: string; locale: string; category: string; slug?: string; url: RegExp }[] = [
  {
    file: 'fa-pasted-blog.txt',
    locale: 'fa',
    category: 'difficult-customers',
    slug: 'answer-unhappy-email',
    url: /^\/fa\/difficult-customers\/answer-unhappy-email\/$/,
  },
  {
    file: 'fa-blog-post.html',
    locale: 'fa',
    category: 'communication-kpis',
    slug: 'five-weekly-kpis',
    url: /^\/fa\/communication-kpis\/five-weekly-kpis\/$/,
  },
  {
    file: 'ru-review-reply.md',
    locale: 'ru',
    category: 'difficult-customers',
    url: /^\/ru\/difficult-customers\/kak-otvechat-na-otzyv-s-odnoy-zvezdoy\/$/,
  },
  {
    file: 'en-agent-onboarding.docx',
    locale: 'en',
    category: 'team-building',
    url: /^\/en\/team-building\/onboarding-a-new-support-agent-in-ten-days\/$/,
  },
];

describe('importing the fixtures', () => {
  for (const fixture of fixtures) {
    it(`${fixture.file}: writes a draft that passes the schema, compiles as the build compiles it and keeps every word`, async () => {
      const contentDir = contentCopy();
      const file = join(FIXTURES, fixture.file);
      const report = await importArticle({
        file,
        locale: fixture.locale,
        category: fixture.category,
        slug: fixture.slug,
        contentDir,
        today,
      });
      expect(report.url).toMatch(fixture.url);
      const path = join(contentDir, '..', report.path);
      const source = readFileSync(path, 'utf8');

      const { data, content } = frontmatterOf(source);
      expect(data).toMatchObject({ category: fixture.category, draft: true, updated: new Date('2026-12-05') });
      expect(data.description.length).toBeGreaterThanOrEqual(10);
      expect(data.description.length).toBeLessThanOrEqual(300);
      await expect(compileLikeTheBuild(path, source)).resolves.toMatch(/MDXContent/);

      // Every word of the original is in the draft, checked here from the file on disk.
      expect(missingWords(fixture.locale, await originalText(file), source)).toEqual([]);
      expect(report.words.missing).toEqual([]);
      expect(report.structure.headings).toBeGreaterThan(0);
      expect(content).not.toMatch(/^# /m); // the title is the page's only h1

      // The collection checks pass in dev (drafts shown) and once the draft is published.
      expect(collectionProblems(contentDir, true)).toBe('');
      writeFileSync(path, source.replace('draft: true\n', ''));
      expect(collectionProblems(contentDir, false)).toBe('');
    });
  }

  it('the Persian text: title, headings, lists, link and the escaped placeholders', async () => {
    const contentDir = contentCopy();
    const report = await importArticle({
      file: join(FIXTURES, 'fa-pasted-blog.txt'),
      locale: 'fa',
      category: 'difficult-customers',
      slug: 'answer-unhappy-email',
      contentDir,
      today,
    });
    expect(report.title.from).toBe('first heading');
    expect(report.structure).toMatchObject({ headings: 4, lists: 2, listItems: 9, links: 1, images: 0 });
    expect(report.escaped).toMatchObject({ '{': 1, '}': 1, '<': 1 });
    const source = readFileSync(join(contentDir, '..', report.path), 'utf8');
    expect(source).toMatch(/^## .+$/m);
    expect(source).toMatch(/\\\{/);
  });

  it('the Word file: its picture is saved under content/images/ and linked relatively', async () => {
    const contentDir = contentCopy();
    const report = await importArticle({
      file: join(FIXTURES, 'en-agent-onboarding.docx'),
      locale: 'en',
      category: 'team-building',
      contentDir,
      today,
    });
    expect(report.images).toEqual(['images/onboarding-a-new-support-agent-in-ten-days-1.png']);
    expect(existsSync(join(contentDir, report.images[0]!))).toBe(true);
    const source = readFileSync(join(contentDir, '..', report.path), 'utf8');
    expect(source).toContain('](../../../images/onboarding-a-new-support-agent-in-ten-days-1.png)');
    expect(report.structure).toMatchObject({ tables: 1, links: 1, images: 1 });
    // The Word table has no header cells: its first row becomes the header, not an empty row.
    expect(source).toContain('| Day | The new agent can |\n| - | - |\n');
  });

  it('the HTML page: a link that leads nowhere here keeps its text, a remote image is kept with a warning', async () => {
    const contentDir = contentCopy();
    const report = await importArticle({
      file: join(FIXTURES, 'fa-blog-post.html'),
      locale: 'fa',
      category: 'communication-kpis',
      slug: 'kpis',
      contentDir,
      today,
    });
    expect(report.warnings.join('\n')).toMatch(/\/blog\/kpi-guide.*text was kept/);
    expect(report.warnings.join('\n')).toMatch(/cdn\.example\.com.*Content-Security-Policy/);
    const source = readFileSync(join(contentDir, '..', report.path), 'utf8');
    expect(source).not.toContain('/blog/kpi-guide');
    expect(source).not.toMatch(/gtag|trackPageView|<span|&nbsp;/);
  });
});

describe('import rules', () => {
  const base = (contentDir: string): ImportOptions => ({
    file: join(FIXTURES, 'fa-pasted-blog.txt'),
    locale: 'fa',
    category: 'difficult-customers',
    slug: 'answer-unhappy-email',
    contentDir,
    today,
  });

  it('refuses an unknown category and lists the ids', async () => {
    const contentDir = contentCopy();
    await expect(importArticle({ ...base(contentDir), category: 'cooking' })).rejects.toThrow(
      new ImportError(
        `--category "cooking" is not in ${join(contentDir, 'categories.json')}; use one of: ${ids().join(', ')}`,
      ),
    );
  });

  it('asks for --slug for a Persian title, and checks a given slug', async () => {
    const contentDir = contentCopy();
    await expect(importArticle({ ...base(contentDir), slug: undefined })).rejects.toThrow(/give the slug with --slug/);
    await expect(importArticle({ ...base(contentDir), slug: 'Bad Slug' })).rejects.toThrow(/lower-case ASCII words/);
  });

  it('refuses to overwrite an article without --force', async () => {
    const contentDir = contentCopy();
    const first = await importArticle(base(contentDir));
    const path = join(contentDir, '..', first.path);
    writeFileSync(path, 'edited by the writer');
    await expect(importArticle(base(contentDir))).rejects.toThrow(
      /already exists; pick another --slug, or add --force/,
    );
    expect(readFileSync(path, 'utf8')).toBe('edited by the writer');
    await importArticle({ ...base(contentDir), force: true });
    expect(readFileSync(path, 'utf8')).toMatch(/^---\ntitle: /);
  });

  it('takes --title and --description over what the text offers, and cuts a long description at a word', async () => {
    const contentDir = contentCopy();
    const long = 'واژه '.repeat(100);
    const report = await importArticle({ ...base(contentDir), title: 'عنوان دیگر', description: long });
    expect(report.title).toMatchObject({ value: 'عنوان دیگر', from: 'option' });
    expect(report.description.value.length).toBeLessThanOrEqual(300);
    expect(report.description.value).toMatch(/واژه…$/);
  });

  it('refuses files of other kinds and files that do not exist', async () => {
    const contentDir = contentCopy();
    await expect(importArticle({ ...base(contentDir), file: 'README.pdf' })).rejects.toThrow(
      /cannot import this kind of file/,
    );
    await expect(importArticle({ ...base(contentDir), file: 'nothing.txt' })).rejects.toThrow(/no such file/);
  });

  it('refuses a text file that is not UTF-8 (a Windows-1256 Persian file) instead of losing its letters', async () => {
    const contentDir = contentCopy();
    const input = join(contentDir, 'cp1256.txt');
    writeFileSync(input, Buffer.from([0xe1, 0xed, 0xd3, 0xca, 0x20, 0xe3, 0xd4, 0xca, 0xd1, 0xed, 0x0a])); // «لیست مشتری» in Windows-1256
    await expect(importArticle({ ...base(contentDir), file: input })).rejects.toThrow(
      /not UTF-8 text; save it as UTF-8/,
    );
  });

  it('writes YAML that reads back as strings, whatever the title looks like', async () => {
    const contentDir = contentCopy();
    const input = join(contentDir, 'odd.txt');
    for (const title of [
      '2026-12-05',
      'yes',
      'Title: with colon #hash',
      '\'quoted\' "both"',
      '- dash first',
      '{braces}',
    ]) {
      writeFileSync(input, `${title}\n\nA paragraph long enough to describe the article.\n`);
      const report = await importArticle({ ...base(contentDir), file: input, locale: 'en', slug: 'odd', force: true });
      const { data } = frontmatterOf(readFileSync(join(contentDir, '..', report.path), 'utf8'));
      expect(data.title).toBe(report.title.value);
    }
  });
});

describe('npm run content:import', () => {
  it('prints the report, the path written and the next steps; usage and errors go to stderr', () => {
    const contentDir = contentCopy();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['src/cli/content-import.ts', ...args, '--content-dir', contentDir], {
        encoding: 'utf8',
      });
    const ok = run(
      join(FIXTURES, 'fa-pasted-blog.txt'),
      '--locale',
      'fa',
      '--category',
      'difficult-customers',
      '--slug',
      'answer-unhappy-email',
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(
      `Wrote ${join(basename(contentDir), 'articles/fa/difficult-customers/answer-unhappy-email.mdx')} (draft)`,
    );
    expect(ok.stdout).toMatch(/headings\s+4/);
    expect(ok.stdout).toMatch(/Words: all \d+ words of the input are in the draft\./);
    expect(ok.stdout).toMatch(/delete the line "draft: true"/);
    expect(ok.stdout).toMatch(/npm run dev.*\/fa\/difficult-customers\/answer-unhappy-email\//);

    const again = run(
      join(FIXTURES, 'fa-pasted-blog.txt'),
      '--locale',
      'fa',
      '--category',
      'difficult-customers',
      '--slug',
      'answer-unhappy-email',
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const usage = run('--locale', 'fa');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^Usage: npm run content:import/);
  });
});
