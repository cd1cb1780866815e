// Persian and Russian typography for Markdown/MDX sources: the one place that knows the rules.
// The content linter reports what findOrthographyIssues finds, `lint:content --fix` and the
// importer apply fixOrthography; both run the same rule table (orthography/rules.ts) over the
// prose of the file only (orthography/mask.ts: never code, URLs, tags, frontmatter keys or
// import/export lines). Fixing applies only the changes a rule is sure of; it is idempotent and
// keeps every word (tests/unit/content/orthography.test.ts).
import { HOLE, maskMdx, unmask } from './orthography/mask.ts';
import {
  orthographyChanges,
  rules,
  type Edit,
  type OrthographyChange,
  type OrthographyLocale,
} from './orthography/rules.ts';

export { IGNORE_MARKER } from './orthography/mask.ts';
export { orthographyChanges, type OrthographyChange, type OrthographyLocale } from './orthography/rules.ts';

export interface OrthographyIssue {
  /** 1-based line and column (UTF-16 units) of the start of `found` in the source. */
  line: number;
  column: number;
  kind: OrthographyChange;
  found: string;
  suggestion: string;
  /** `fixOrthography` applies it; otherwise the writer decides. */
  safe: boolean;
}

export interface OrthographyFix {
  text: string;
  /** How many changes of each kind were made (every kind present, 0 when none). */
  changes: Record<OrthographyChange, number>;
}

function rulesFor(locale: OrthographyLocale) {
  return rules.filter((rule) => rule.locales.includes(locale));
}

export function fixOrthography(markdown: string, locale: OrthographyLocale): OrthographyFix {
  const changes = Object.fromEntries(orthographyChanges.map((kind) => [kind, 0])) as Record<OrthographyChange, number>;
  const masked = maskMdx(markdown);
  let text = masked;
  // One pass fixes nearly everything; a second one catches what overlapped a change of the first
  // (two findings of one rule on the same characters), so fixing twice changes nothing more.
  for (let pass = 0; pass < 4; pass++) {
    const before = text;
    text = fixPass(text, locale, changes);
    if (text === before) break;
  }
  return { text: unmask(text, masked, markdown), changes };
}

function fixPass(text: string, locale: OrthographyLocale, changes: Record<OrthographyChange, number>): string {
  for (const rule of rulesFor(locale)) {
    const edits: Edit[] = [];
    const taken = new Uint8Array(text.length + 1);
    const span = (e: Edit) => [e.index, e.index + Math.max(e.length, 1)] as const;
    for (const finding of rule.find(text, locale)) {
      if (!finding.safe) continue;
      // Findings of one rule may overlap (a word, and the same word with the space after it): the
      // first wins; the next pass looks at the other again.
      if (finding.edits.some((e) => taken.subarray(...span(e)).includes(1))) continue;
      if (finding.edits.some((e) => text.slice(e.index, e.index + e.length).includes(HOLE) || e.text.includes(HOLE)))
        continue;
      for (const e of finding.edits) taken.fill(1, ...span(e));
      edits.push(...finding.edits);
      changes[rule.kind]++;
    }
    if (edits.length === 0) continue;
    // One pass over the text: a slice per edit would be quadratic on a long pasted document.
    const parts: string[] = [];
    let at = 0;
    for (const edit of edits.sort((a, b) => a.index - b.index)) {
      parts.push(text.slice(at, edit.index), edit.text);
      at = edit.index + edit.length;
    }
    parts.push(text.slice(at));
    text = parts.join('');
  }
  return text;
}

export function findOrthographyIssues(markdown: string, locale: OrthographyLocale): OrthographyIssue[] {
  const masked = maskMdx(markdown);
  const lineStarts = [0];
  for (let i = markdown.indexOf('\n'); i >= 0; i = markdown.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const issues: (OrthographyIssue & { index: number })[] = [];
  for (const rule of rulesFor(locale)) {
    for (const finding of rule.find(masked, locale)) {
      // What the writer wrote, protected parts included (a quoted `code span`), not the holes.
      const found = markdown.slice(finding.index, finding.index + finding.found.length);
      const hidden = found.split('').filter((_, i) => finding.found[i] === HOLE);
      let k = 0;
      const suggestion = finding.suggestion.replace(new RegExp(HOLE, 'g'), () => hidden[k++] ?? '');
      let line = lineStarts.length - 1;
      while (lineStarts[line]! > finding.index) line--;
      issues.push({
        index: finding.index,
        line: line + 1,
        column: finding.index - lineStarts[line]! + 1,
        kind: rule.kind,
        found,
        suggestion,
        safe: finding.safe,
      });
    }
  }
  return issues
    .sort((a, b) => a.index - b.index || orthographyChanges.indexOf(a.kind) - orthographyChanges.indexOf(b.kind))
    .map(({ index: _index, ...issue }) => issue);
}
