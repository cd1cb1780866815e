// Whole-collection checks that a per-file schema cannot make: the folder and the frontmatter
// agree, `related` entries and in-text links point at articles that exist, translation keys are
// unique per locale, a `translatedFrom` names an article of the same key in another locale.
// Each problem carries the file and line so the build error is actionable.
import { locales } from '../../i18n/locales.ts';
import { articleUrl, categoryUrl, parseArticleId } from './articles.ts';

export interface ArticleSource {
  /** Collection id: `<locale>/<category>/<slug>`. */
  id: string;
  /** Path shown to the writer, e.g. content/articles/fa/agent-skills/patience.mdx */
  file: string;
  /** The whole file as written (frontmatter included), for line numbers. */
  source: string;
  category: string;
  draft: boolean;
  related: string[];
  translationKey?: string | undefined;
  /** The original's locale, when this is a translation (its hash is npm run content:status's concern). */
  translatedFrom?: { locale: string } | undefined;
}

export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

export interface CheckOptions {
  categoryIds: readonly string[];
  /** Drafts are published in dev only, so only there may other articles link to them. */
  includeDrafts: boolean;
  /** Site sections outside the articles that a link may point into, e.g. `community`. */
  appSections?: readonly string[];
  /** Files outside the articles whose links must work too: the writers' guide. */
  linkingPages?: readonly { file: string; source: string }[];
}

export function formatProblems(problems: readonly ContentProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}  ${p.message}`).join('\n');
}

/** 1-based line of the first frontmatter line that starts with `field:`, else 1. */
function fieldLine(source: string, field: string): number {
  const index = source.split('\n').findIndex((line) => line.startsWith(`${field}:`));
  return index >= 0 ? index + 1 : 1;
}

/** Link targets written in Markdown (`](href)`) or JSX (`href="…"`), outside code; images are not links. */
export function extractLinks(source: string): { href: string; line: number }[] {
  const links: { href: string; line: number }[] = [];
  const lines = source.split('\n');
  let inFrontmatter = lines[0]?.trim() === '---';
  let inFence = false;
  lines.forEach((raw, index) => {
    if (index === 0 && inFrontmatter) return;
    if (inFrontmatter) {
      if (raw.trim() === '---') inFrontmatter = false;
      return;
    }
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    // Images are not links: the build resolves a relative image path itself (a missing file stops it).
    const line = raw.replace(/`[^`]*`/g, '').replace(/!\[[^\]]*\]\([^)]*\)/g, '');
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)/g)) links.push({ href: match[1]!, line: index + 1 });
    for (const match of line.matchAll(/\bhref=["']([^"']+)["']/g)) links.push({ href: match[1]!, line: index + 1 });
  });
  return links;
}

function linkProblem(href: string, routes: ReadonlySet<string>, appSections: readonly string[]): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) return undefined;
  if (!href.startsWith('/')) {
    return `relative link "${href}": write the absolute path, e.g. /en/<category>/<slug>/`;
  }
  const path = href.split(/[?#]/)[0]!;
  const [, locale, section] = path.split('/');
  if (section && appSections.includes(section)) return undefined;
  if (routes.has(path)) return undefined;
  if (routes.has(`${path}/`)) return `link "${href}" needs a trailing slash: ${path}/`;
  return `broken link "${href}": no such article or page${locale && !(locales as readonly string[]).includes(locale) ? ` (unknown locale "${locale}")` : ''}`;
}

export function checkArticles(articles: readonly ArticleSource[], options: CheckOptions): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const published = articles.filter((a) => options.includeDrafts || !a.draft);

  const routes = new Set<string>();
  for (const locale of locales) {
    routes.add(`/${locale}/`);
    for (const category of options.categoryIds) routes.add(categoryUrl(locale, category));
  }
  const keys = new Map<string, ArticleSource>();
  for (const article of published) {
    const parsed = parseArticleId(article.id);
    if (parsed) {
      routes.add(articleUrl(parsed));
      keys.set(`${parsed.locale}/${parsed.category}/${parsed.slug}`, article);
    }
  }

  const seenTranslationKeys = new Map<string, ArticleSource>();
  for (const article of articles) {
    const parsed = parseArticleId(article.id);
    if (!parsed) {
      problems.push({
        file: article.file,
        line: 1,
        message: 'an article must live at content/articles/<locale>/<category>/<slug>.mdx',
      });
      continue;
    }
    if (!options.categoryIds.includes(parsed.category)) {
      problems.push({
        file: article.file,
        line: 1,
        message: `folder "${parsed.category}" is not a category id in content/categories.json`,
      });
    }
    if (article.category !== parsed.category) {
      problems.push({
        file: article.file,
        line: fieldLine(article.source, 'category'),
        message: `category "${article.category}" does not match the folder "${parsed.category}"`,
      });
    }
    for (const related of article.related) {
      if (!keys.has(`${parsed.locale}/${related}`)) {
        problems.push({
          file: article.file,
          line: fieldLine(article.source, 'related'),
          message: `related "${related}" is not a published ${parsed.locale} article (expected <category>/<slug>)`,
        });
      }
    }
    if (article.translationKey) {
      const key = `${parsed.locale}:${article.translationKey}`;
      const other = seenTranslationKeys.get(key);
      if (other) {
        problems.push({
          file: article.file,
          line: fieldLine(article.source, 'translationKey'),
          message: `translationKey "${article.translationKey}" is already used by ${other.file}`,
        });
      } else seenTranslationKeys.set(key, article);
    }
    const from = article.translatedFrom;
    if (from) {
      const original = articles.find(
        (a) => a.translationKey === article.translationKey && a.id.startsWith(`${from.locale}/`),
      );
      const message = !article.translationKey
        ? "translatedFrom needs a translationKey, the same as the original's"
        : from.locale === parsed.locale
          ? `translatedFrom names this article's own language (${from.locale}); name the original's`
          : !original
            ? `translatedFrom: no ${from.locale} article has translationKey "${article.translationKey}"`
            : undefined;
      if (message) problems.push({ file: article.file, line: fieldLine(article.source, 'translatedFrom'), message });
    }
    if (article.draft && !options.includeDrafts) continue;
    for (const { href, line } of extractLinks(article.source)) {
      const message = linkProblem(href, routes, options.appSections ?? []);
      if (message) problems.push({ file: article.file, line, message });
    }
  }
  for (const page of options.linkingPages ?? []) {
    for (const { href, line } of extractLinks(page.source)) {
      const message = linkProblem(href, routes, options.appSections ?? []);
      if (message) problems.push({ file: page.file, line, message });
    }
  }
  return problems;
}
