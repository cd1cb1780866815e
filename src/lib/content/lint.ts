// The content linter: what `npm run lint:content` reports in the articles and the writers' guide.
// Orthography comes from orthography.ts (the same rules the fixer and the importer apply); the
// structure checks live here: empty headings, heading levels that skip one, images without alt
// text and links to draft articles. Plain functions over file contents; the CLI reads the files.
import { extractLinks } from './check.ts';
import {
  findOrthographyIssues,
  fixOrthography,
  IGNORE_MARKER,
  orthographyChanges,
  type OrthographyChange,
  type OrthographyLocale,
} from './orthography.ts';

export const structureKinds = ['empty-heading', 'heading-jump', 'image-alt', 'draft-link'] as const;
export type LintKind = OrthographyChange | (typeof structureKinds)[number];
export const lintKinds: readonly LintKind[] = [...orthographyChanges, ...structureKinds];

export interface ContentFile {
  /** Path shown to the writer, relative to the project: content/articles/fa/x/y.mdx */
  file: string;
  source: string;
}

export interface LintFinding {
  file: string;
  line: number;
  column: number;
  kind: LintKind;
  found: string;
  suggestion: string;
  /** `--fix` applies it (orthography only, never structure). */
  safe: boolean;
}

/** The locale of an article (content/articles/<locale>/…) or a page of the writers' guide (<locale>.mdx). */
export function contentLocale(file: string): OrthographyLocale | undefined {
  const match = /(?:^|\/)content\/(?:articles\/(fa|ru|en)\/|writers-guide\/(fa|ru|en)\.mdx$)/.exec(
    file.replace(/\\/g, '/'),
  );
  return (match?.[1] ?? match?.[2]) as OrthographyLocale | undefined;
}

/** `<locale>/<category>/<slug>` of an article file, else undefined. */
function articleId(file: string): string | undefined {
  return /(?:^|\/)content\/articles\/((?:fa|ru|en)\/[^/]+\/[^/]+)\.mdx$/.exec(file.replace(/\\/g, '/'))?.[1];
}

function frontmatter(source: string): string {
  return /^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1] ?? '';
}

export function isDraft(source: string): boolean {
  return /^draft:[ \t]*true[ \t]*(#.*)?$/m.test(frontmatter(source));
}

/**
 * Lints `files`. `articles` are all article files (for the drafts links may point at); by
 * default the files themselves.
 */
export function lintContent(files: readonly ContentFile[], articles: readonly ContentFile[] = files): LintFinding[] {
  const drafts = new Set(articles.filter((a) => isDraft(a.source)).map((a) => articleId(a.file)));
  const findings: LintFinding[] = [];
  for (const { file, source } of files) {
    const locale = contentLocale(file);
    const ignored = ignoredLines(source);
    const own: Omit<LintFinding, 'file'>[] = [
      ...(locale ? findOrthographyIssues(source, locale) : []),
      ...headingFindings(source),
      ...imageFindings(source),
      ...(isDraft(source) ? [] : draftLinkFindings(source, drafts)),
    ];
    for (const finding of own) if (!ignored.has(finding.line)) findings.push({ file, ...finding });
  }
  return findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      lintKinds.indexOf(a.kind) - lintKinds.indexOf(b.kind),
  );
}

/** Applies the safe orthography fixes to one file; structure is never changed. */
export function fixContentFile({ file, source }: ContentFile) {
  const locale = contentLocale(file);
  if (!locale) return { text: source, changes: {} as Partial<Record<OrthographyChange, number>> };
  return fixOrthography(source, locale);
}

/** Lines (1-based) silenced by `{/* lint-content-ignore *\/}`: its own and the next. */
function ignoredLines(source: string): Set<number> {
  const lines = new Set<number>();
  source.split('\n').forEach((line, index) => {
    if (line.includes(IGNORE_MARKER)) lines.add(index + 1).add(index + 2);
  });
  return lines;
}

/**
 * The body's lines with fenced code blanked and code spans blanked (same lengths), so the
 * structure checks see neither; frontmatter lines are empty.
 */
function proseLines(source: string): string[] {
  const lines = source.split('\n');
  let fence: string | undefined;
  let inFrontmatter = lines[0]?.trimEnd() === '---';
  return lines.map((line, index) => {
    if (inFrontmatter) {
      if (index > 0 && /^(---|\.\.\.)\s*$/.test(line)) inFrontmatter = false;
      return '';
    }
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener)
        fence = undefined;
      return ' '.repeat(line.length);
    }
    if (opener) {
      fence = opener;
      return ' '.repeat(line.length);
    }
    return line.replace(/(`+)(?:(?!\1)[\s\S])+?\1/g, (code) => ' '.repeat(code.length));
  });
}

function headingFindings(source: string): Omit<LintFinding, 'file'>[] {
  const findings: Omit<LintFinding, 'file'>[] = [];
  let previous = 1; // the page shows the title as the one h1; the body starts at ##
  proseLines(source).forEach((line, index) => {
    const heading = /^ {0,3}(#{1,6})(?:[ \t]+|$)(.*)$/.exec(line);
    if (!heading) return;
    const level = heading[1]!.length;
    const text = heading[2]!.replace(/[ \t]+#+[ \t]*$/, '').replace(/^#+[ \t]*$/, '');
    const position = { line: index + 1, column: line.indexOf('#') + 1, safe: false };
    if (!text.replace(/[*_~`\s]|\{\/\*.*?\*\/\}/g, '')) {
      findings.push({
        ...position,
        kind: 'empty-heading',
        found: line.trim(),
        suggestion: 'write the heading or remove the line',
      });
    }
    if (level > previous + 1) {
      findings.push({
        ...position,
        kind: 'heading-jump',
        found: `${'#'.repeat(level)} after ${'#'.repeat(previous)}`,
        suggestion: `${'#'.repeat(previous + 1)} ${text.trim()}`.trimEnd(),
      });
    }
    previous = level;
  });
  return findings;
}

/** Markdown images with an empty alt, and <img>/<Figure> without a non-empty alt attribute. */
function imageFindings(source: string): Omit<LintFinding, 'file'>[] {
  const lines = proseLines(source);
  const text = lines.join('\n');
  const findings: Omit<LintFinding, 'file'>[] = [];
  const at = (index: number) => {
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    return { line, column: index - before.lastIndexOf('\n') };
  };
  for (const m of text.matchAll(/!\[([^\]]*)\]\s*[([]/g)) {
    if (m[1]!.trim()) continue;
    findings.push({
      ...at(m.index),
      kind: 'image-alt',
      found: m[0],
      suggestion: '![what the image shows](…)',
      safe: false,
    });
  }
  for (const m of text.matchAll(/<(img|Figure)\b(?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*>/g)) {
    const alt = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^}]*))\s*\})/.exec(m[0]);
    const value = alt ? alt.slice(1).find((v) => v !== undefined) : undefined;
    if (value !== undefined && value.trim() && value.trim() !== 'undefined') continue;
    const found = m[0].length > 60 ? `${m[0].slice(0, 57)}…` : m[0];
    findings.push({
      ...at(m.index),
      kind: 'image-alt',
      found,
      suggestion: `add alt="what the image shows" to <${m[1]}>`,
      safe: false,
    });
  }
  return findings;
}

function draftLinkFindings(source: string, drafts: ReadonlySet<string | undefined>): Omit<LintFinding, 'file'>[] {
  const lines = source.split('\n');
  const findings: Omit<LintFinding, 'file'>[] = [];
  for (const { href, line } of extractLinks(source)) {
    const target = /^\/((?:fa|ru|en)\/[^/?#]+\/[^/?#]+)\/?(?:[?#]|$)/.exec(href)?.[1];
    if (!target || !drafts.has(target)) continue;
    findings.push({
      line,
      column: (lines[line - 1] ?? '').indexOf(href) + 1,
      kind: 'draft-link',
      found: href,
      suggestion: 'link a published article, or publish the draft first',
      safe: false,
    });
  }
  return findings;
}

/** What the writer sees for invisible characters in a finding. */
function visible(text: string): string {
  const shown = text
    .replace(/\u200C/g, '⟨zwnj⟩')
    .replace(/\u00A0/g, '⟨nbsp⟩')
    .replace(/\n/g, '⏎');
  return shown.length > 70 ? `${shown.slice(0, 34)}…${shown.slice(-34)}` : shown;
}

/** `file:line:col  kind  found → suggestion`, one block per file, then the counts per kind. */
export function formatFindings(findings: readonly LintFinding[]): string {
  const out: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (file !== undefined && f.file !== file) out.push('');
    file = f.file;
    out.push(
      `${f.file}:${f.line}:${f.column}  ${f.kind}  ${visible(f.found)} → ${visible(f.suggestion)}${f.safe ? '' : '  (by hand)'}`,
    );
  }
  if (findings.length === 0) return 'No findings.';
  const counts = lintKinds
    .map((kind) => [kind, findings.filter((f) => f.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`);
  const files = new Set(findings.map((f) => f.file)).size;
  const fixable = findings.filter((f) => f.safe).length;
  out.push(
    '',
    `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${counts.join(', ')}` +
      ` (${fixable} fixable with --fix; the rest by hand, or silenced with {/* ${IGNORE_MARKER} */})`,
  );
  return out.join('\n');
}
