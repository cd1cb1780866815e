// Which characters of an MDX file are prose. Everything else — frontmatter (but the text of
// `title` and `description`), fenced code, code spans, import/export statements, JSX and HTML
// tags with their attributes, {expressions} and {/* comments */}, link targets, bare URLs and
// e-mail addresses, entities, backslash escapes, list markers, table rules, reference
// definitions, footnote labels and lines marked with `lint-content-ignore` — becomes HOLE, one
// HOLE per UTF-16 unit, so offsets (and so lines and columns) stay those of the source. The
// rules see a hole as neither a letter nor a space, so they cannot reach into one, and the
// fixer puts the original characters back in order afterwards.

/** A private-use character; one that is in the source itself is masked too. */
export const HOLE = '\uE000';

/** The comment that keeps the orthography rules and the content linter off its line and the next. */
export const IGNORE_MARKER = 'lint-content-ignore';

/** Frontmatter keys whose values are text the reader sees. */
const TEXT_KEYS = /^(title|description):[ \t]*/;

export function maskMdx(source: string): string {
  const hidden = new Uint8Array(source.length);
  const hide = (from: number, to: number, value = 1) =>
    hidden.fill(value, Math.max(0, from), Math.min(source.length, to));
  const bodyStart = maskFrontmatter(source, hide);
  maskBody(source, bodyStart, hide);
  maskIgnoredLines(source, hide);
  const units = new Uint16Array(source.length);
  for (let i = 0; i < source.length; i++) units[i] = hidden[i] ? HOLE_CODE : source.charCodeAt(i);
  // String.fromCharCode, not a TextDecoder: it keeps a lone surrogate as it is.
  const chunks: string[] = [];
  for (let i = 0; i < units.length; i += 8192) chunks.push(String.fromCharCode(...units.subarray(i, i + 8192)));
  return chunks.join('');
}
const HOLE_CODE = HOLE.charCodeAt(0);

/** Puts the masked characters of `original` back into the holes of `fixed`, in order. */
export function unmask(fixed: string, masked: string, original: string): string {
  const kept: string[] = [];
  for (let i = 0; i < masked.length; i++) if (masked[i] === HOLE) kept.push(original[i]!);
  let k = 0;
  const out: string[] = [];
  for (let i = 0; i < fixed.length; i++) out.push(fixed[i] === HOLE ? (kept[k++] ?? '') : fixed[i]!);
  // The rules never match a hole; if one ever did, failing loudly beats losing the writer's text.
  if (k !== kept.length) throw new Error(`orthography: ${kept.length - k} protected characters were lost`);
  return out.join('');
}

type Hide = (from: number, to: number, value?: number) => void;

function lineEndAt(source: string, from: number): number {
  const end = source.indexOf('\n', from);
  return end < 0 ? source.length : end;
}

/** Masks the frontmatter but for the text of title and description; returns where the body starts. */
function maskFrontmatter(source: string, hide: Hide): number {
  const first = lineEndAt(source, 0);
  if (source.slice(0, first).trimEnd() !== '---') return 0;
  for (let at = first + 1; at < source.length;) {
    const end = lineEndAt(source, at);
    if (/^(---|\.\.\.)\s*$/.test(source.slice(at, end))) {
      hide(0, end);
      for (let line = first + 1; line < at; line = lineEndAt(source, line) + 1) {
        unhideTextValue(source, line, lineEndAt(source, line), hide);
      }
      return end;
    }
    at = end + 1;
  }
  return 0; // an unclosed frontmatter is not frontmatter
}

/**
 * Unhides the text of a one-line `title:` or `description:` value. YAML syntax stays hidden: the
 * quotes around a quoted value and its escapes (\" and ''), and in a plain value every `:` and
 * `#`, so no rule can make `a: b` or ` #` out of it, which YAML would read as something else.
 */
function unhideTextValue(source: string, start: number, end: number, hide: Hide) {
  const key = TEXT_KEYS.exec(source.slice(start, end));
  if (!key) return;
  const from = start + key[0].length;
  const value = source.slice(from, end).replace(/\s+$/, '');
  const quote = value[0];
  if (!value || '|>&*!%@`[{'.includes(quote!)) return; // block scalars, anchors, flow collections: left alone
  if (quote === '"' || quote === "'") {
    const close = value.lastIndexOf(quote);
    if (close <= 0) return;
    hide(from + 1, from + close, 0);
    const escape = quote === '"' ? /\\./g : /''/g;
    for (const m of value.slice(1, close).matchAll(escape)) hide(from + 1 + m.index, from + 1 + m.index + m[0].length);
    return;
  }
  const comment = value.search(/\s#/);
  const text = comment >= 0 ? value.slice(0, comment).trimEnd() : value;
  hide(from, from + text.length, 0);
  for (const m of text.matchAll(/[:#]/g)) hide(from + m.index, from + m.index + 1);
}

/** Protected constructs at the start of a line (after indentation and blockquote markers). */
const FENCE = /^( {0,3}(?:>[ \t]?)*[ \t]*)(`{3,}|~{3,})/;
const IMPORT_EXPORT = /^(import|export)\s/;
const LIST_MARKER = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const TABLE_RULE = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const THEMATIC_BREAK = /^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/;
const REFERENCE_DEFINITION = /^[ \t]{0,3}\[(?!\^)[^\]]+\]:[ \t]*\S/; // not footnotes: their text is prose
// Sticky: tried at one position of the source (see at()).
const URL_START = /(?:https?:\/\/|ftp:\/\/|mailto:|www\.)[^\s<>()[\]{}"'«»]*/iy;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/y;
const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/iy;
const TAG_START = /<(?:\/?[A-Za-z][\w.:-]*|\/?>|!--)/y;

/** The match of a sticky pattern at `index`, or undefined. */
function at(pattern: RegExp, source: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(source)?.[0];
}

function maskBody(source: string, from: number, hide: Hide) {
  let i = from;
  let lineStart = true;
  while (i < source.length) {
    if (lineStart) {
      lineStart = false;
      const end = lineEndAt(source, i);
      const line = source.slice(i, end);
      const fence = FENCE.exec(line);
      if (fence) {
        const close = closingFence(source, end, fence[2]!);
        hide(i, close);
        i = close;
        continue;
      }
      if (IMPORT_EXPORT.test(line)) {
        const close = statementEnd(source, i);
        hide(i, close);
        i = close;
        continue;
      }
      if (TABLE_RULE.test(line) || THEMATIC_BREAK.test(line) || REFERENCE_DEFINITION.test(line)) {
        hide(i, end);
        i = end;
        continue;
      }
      const marker = LIST_MARKER.exec(line);
      if (marker) {
        hide(i, i + marker[0].length);
        i += marker[0].length;
        continue;
      }
    }
    const ch = source[i]!;
    if (ch === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    const wordStart = i === 0 || !/[\p{L}\p{N}_.+-]/u.test(source[i - 1]!);
    let skip = 0;
    if (ch === '`') skip = codeSpan(source, i);
    else if (ch === '\\' && /[!-/:-@[-`{-~]/.test(source[i + 1] ?? '')) skip = 2;
    else if (ch === '<' && at(TAG_START, source, i)) skip = tagLength(source, i);
    else if (ch === '{') skip = balancedLength(source, i, '{', '}');
    else if (ch === '&') skip = at(ENTITY, source, i)?.length ?? 0;
    else if (ch === ']' && source[i + 1] === '(') skip = 1 + balancedLength(source, i + 1, '(', ')');
    else if (ch === ']' && source[i + 1] === '[') skip = 1 + balancedLength(source, i + 1, '[', ']');
    else if (ch === '[' && source[i + 1] === '^') skip = balancedLength(source, i, '[', ']');
    else if (wordStart && /\w/.test(ch)) {
      const match = at(URL_START, source, i) ?? at(EMAIL, source, i);
      if (match) skip = match.replace(/[.,;:!?]+$/, '').length; // a sentence's full stop after a URL is prose
    }
    if (skip > 0) {
      hide(i, i + skip);
      i += skip;
    } else i++;
  }
}

/** End (exclusive) of the line that closes a fence opened by `fence`, or the end of the file. */
function closingFence(source: string, from: number, fence: string): number {
  const closer = new RegExp(`^ {0,3}(?:>[ \\t]?)*[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
  for (let at = from + 1; at < source.length;) {
    const end = lineEndAt(source, at);
    if (closer.test(source.slice(at, end))) return end;
    at = end + 1;
  }
  return source.length;
}

/** End of an import/export statement: its line, or until its brackets close. */
function statementEnd(source: string, from: number): number {
  let depth = 0;
  for (let at = from; at < source.length;) {
    const end = lineEndAt(source, at);
    for (const ch of source.slice(at, end)) {
      if (ch === '{' || ch === '(' || ch === '[') depth++;
      else if (ch === '}' || ch === ')' || ch === ']') depth--;
    }
    if (depth <= 0) return end;
    at = end + 1;
  }
  return source.length;
}

/** Length of a code span opened at `at` (a run of backticks closed by a run as long), else 0. */
function codeSpan(source: string, at: number): number {
  let run = 0;
  while (source[at + run] === '`') run++;
  const paragraphEnd = source.indexOf('\n\n', at);
  const limit = paragraphEnd < 0 ? source.length : paragraphEnd;
  for (let i = at + run; i < limit;) {
    if (source[i] !== '`') {
      i++;
      continue;
    }
    let close = 0;
    while (source[i + close] === '`') close++;
    if (close === run) return i + close - at;
    i += close;
  }
  return run; // an unclosed run is literal backticks: protect just them
}

/** Length of a JSX/HTML tag or comment starting at `at`: to its `>`, past quoted and {…} attributes. */
function tagLength(source: string, at: number): number {
  if (source.startsWith('<!--', at)) {
    const end = source.indexOf('-->', at + 4);
    return end < 0 ? 0 : end + 3 - at;
  }
  for (let i = at + 1; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '>') return i + 1 - at;
    if (ch === '\n' && source[i + 1] === '\n') return 0; // a tag does not span paragraphs
    if (ch === '"' || ch === "'") {
      const end = source.indexOf(ch, i + 1);
      if (end < 0) return 0;
      i = end;
    } else if (ch === '{') {
      const length = balancedLength(source, i, '{', '}');
      if (length === 0) return 0;
      i += length - 1;
    } else if (ch === '<') return 0; // "a < b <c" is prose, not a tag
  }
  return 0;
}

/**
 * Length of a bracketed run from `at` (source[at] === open) to its matching close, skipping
 * strings and template literals inside braces; 0 when it never closes.
 */
function balancedLength(source: string, at: number, open: string, close: string): number {
  let depth = 0;
  for (let i = at; i < source.length; i++) {
    const ch = source[i]!;
    if (open === '{' && (ch === '"' || ch === "'" || ch === '`')) {
      const end = stringEnd(source, i);
      if (end < 0) return 0;
      i = end;
    } else if (open === '{' && ch === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) return 0;
      i = end + 1;
    } else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return i + 1 - at;
    else if (ch === '\n' && open !== '{' && source[i + 1] === '\n') return 0; // links end with their paragraph
  }
  return 0;
}

/** Index of the quote that closes the JavaScript string opened at `at`, or -1. */
function stringEnd(source: string, at: number): number {
  const quote = source[at];
  for (let i = at + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return -1;
}

function maskIgnoredLines(source: string, hide: Hide) {
  for (let at = source.indexOf(IGNORE_MARKER); at >= 0; at = source.indexOf(IGNORE_MARKER, at + 1)) {
    const start = source.lastIndexOf('\n', at) + 1;
    const end = lineEndAt(source, at);
    hide(start, end < source.length ? lineEndAt(source, end + 1) : end);
  }
}
