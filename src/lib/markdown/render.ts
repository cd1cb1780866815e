// Markdown for user-written text (forum posts): CommonMark with GitHub's tables, strikethrough,
// task lists and bare-URL links, through markdown-it with raw HTML off, then an allowlist
// sanitizer (sanitize-html) as a second, independent wall: whatever a parser bug lets through,
// only the tags and attributes named here reach a page.
// Output rules, so Persian and English mix and nothing user-written can act on the page:
// - every block gets dir="auto" (each paragraph finds its own direction); code stays dir="ltr";
//   in a block with Persian letters each Latin run is set apart in a <bdi> (src/lib/markdown/bidi.ts);
// - links are http(s), mailto or relative only, with rel="nofollow ugc noopener" and no target;
// - images only from our own uploads (/uploads/…); any other image becomes its alt text;
// - the source goes through the shared cleaning of user-written text first (src/lib/text.ts:
//   bidi embedding/override controls, which can make text read differently than it is stored,
//   are removed and control characters become spaces), so posts stored before it are covered;
// - table column alignment is a class, never a style attribute (the CSP blocks those), and
//   headings start at h3 because the page already has its h1 and h2.
// Mentions (@username; @[Name With Spaces] from before usernames, looked up with its spaces as _)
// are found by `extractMentions` and linked only when the caller passes the users it resolved,
// so rendering stays a pure function of its input. A member without a public profile (no visible
// post yet) is written as plain @username, not a link to a page that answers 404.
import MarkdownIt from 'markdown-it';
import type { StateInline, Token } from 'markdown-it';
import { tasklist } from '@mdit/plugin-tasklist';
import sanitizeHtml from 'sanitize-html';
import { graphemeCount, NAME_MAX } from '../auth/names.ts';
import { normalizeUsername, usernameSkeleton } from '../auth/usernames.ts';
import { cleanUserText } from '../text.ts';
import { TABLE_ALIGN_CLASSES, tableAlignClass } from './table-align.ts';
import { latinRuns, readsRightToLeft } from './bidi.ts';

export interface MentionTarget {
  id: number;
  username: string;
  /** Has a public profile to link to. */
  profile: boolean;
}

export interface RenderOptions {
  /** Mentioned users the caller found, keyed by `mentionKey(name)`; others stay plain text. */
  mentions?: { locale: string; users: ReadonlyMap<string, MentionTarget> };
  /** For the preview: a mention that matches nobody is marked, so the writer sees it. */
  markUnknownMentions?: boolean;
}

interface RenderEnv {
  mentions?: RenderOptions['mentions'];
  markUnknown?: boolean;
  found?: Map<string, string>;
  /** The state of the task-list checkbox whose label comes next. */
  checkbox?: boolean | undefined;
}

/** How a mention is looked up: usernames that look alike (case, Arabic/Persian letters, homoglyphs) meet. */
export function mentionKey(name: string): string {
  return usernameSkeleton(normalizeUsername(name).replace(/\s+/gu, '_'));
}

/** Only files we host; no traversal, no protocol-relative or backslash tricks. */
export function isOwnUpload(src: string | undefined): boolean {
  if (!src || !src.startsWith('/uploads/')) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(src);
  } catch {
    return false;
  }
  return !/(^|\/)\.\.?(\/|$)|\\|[\u0000-\u001f]/.test(decoded);
}

const NAME_CHAR = /[\p{L}\p{M}\p{N}_.\u200C-]/u;
const MAX_MENTIONS = 20;

/** markdown-it inline rule: `@Name` (letters of any script) or `@[Name With Spaces]`. */
function mentionRule(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x40 /* @ */) return false;
  // Inside a link's text a mention would nest one anchor in another (not in the types, but kept
  // by markdown-it since 13 for its own linkify rule).
  if ((state as StateInline & { linkLevel?: number }).linkLevel) return false;
  // Not inside a word or an address: user@example.com is not a mention.
  const before = pos > 0 ? src.slice(0, pos).at(-1)! : '';
  if (before && (NAME_CHAR.test(before) || before === '.' || before === '@')) return false;
  let end: number;
  let name: string;
  if (src[pos + 1] === '[') {
    const close = src.indexOf(']', pos + 2);
    if (close < 0 || close > posMax) return false;
    name = src
      .slice(pos + 2, close)
      .replace(/\s+/gu, ' ')
      .trim();
    if (!name || /[[\]\n]/.test(name)) return false;
    end = close + 1;
  } else {
    end = pos + 1;
    while (end < posMax) {
      const char = String.fromCodePoint(src.codePointAt(end)!);
      if (!NAME_CHAR.test(char)) break;
      end += char.length;
    }
    // A trailing dot, hyphen, underscore or ZWNJ is punctuation, not part of the name.
    while (end > pos + 1 && /[-._\u200C]/.test(src[end - 1]!)) end--;
    name = src.slice(pos + 1, end);
  }
  const length = graphemeCount(name);
  if (length < 2 || length > NAME_MAX || !/\p{L}/u.test(name)) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.content = src.slice(pos, end);
    token.meta = { name };
  }
  state.pos = end;
  return true;
}

const md = new MarkdownIt('default', {
  html: false,
  linkify: true,
  // Forum writers expect a new line to be a new line, as in GitHub comments.
  breaks: true,
  typographer: false,
});
// Each checkbox sits inside the label of its item's text (no ids, so posts never clash), so that
// assistive technology reads what was done and what was not.
md.use(tasklist, { disabled: true, label: true });
md.renderer.rules.checkbox_input = (tokens, index, _options, env: RenderEnv) => {
  env.checkbox = tokens[index]!.attrGet('checked') !== null;
  return '';
};
md.renderer.rules.label_open = (tokens, index, _options, env: RenderEnv) => {
  if (tokens[index]!.attrGet('class') !== 'task-list-item-label') return '<label>';
  const checked = env.checkbox ? ' checked' : '';
  env.checkbox = undefined;
  return `<label class="task-list-item-label"><input type="checkbox" class="task-list-item-checkbox"${checked} disabled>`;
};
md.inline.ruler.before('emphasis', 'mention', mentionRule);
// GitHub tables: markdown-it gives an aligned cell `style="text-align:…"`; a class instead.
md.core.ruler.push('table_align_class', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const style = token.attrGet('style');
    if (style === null) continue;
    token.attrs = token.attrs!.filter(([name]) => name !== 'style');
    const align = tableAlignClass(/^text-align:(\w+)$/.exec(style)?.[1]);
    if (align) token.attrJoin('class', align);
  }
});

// Latin runs in Persian blocks: each its own isolate, so they keep their written order. The
// block's own words decide, not the names mentioned in it nor its code; mentions isolate
// themselves (the mention renderer below).
md.core.ruler.push('bidi_isolate', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const prose = block.children.map((token) => (token.type === 'text' ? token.content : ' ')).join('');
    if (!readsRightToLeft(prose)) continue;
    block.children = block.children.flatMap((token) => {
      if (token.type !== 'text') return [token];
      return latinRuns(token.content).flatMap(({ text, isolate }) => {
        const piece = new state.Token('text', '', 0);
        piece.content = text;
        return isolate
          ? [new state.Token('bdi_open', 'bdi', 1), piece, new state.Token('bdi_close', 'bdi', -1)]
          : [piece];
      });
    });
  }
});

md.renderer.rules.mention = (tokens: Token[], index: number, _options, env: RenderEnv) => {
  const token = tokens[index]!;
  const name = (token.meta as { name: string }).name;
  const key = mentionKey(name);
  env.found?.set(key, name);
  const target = env.mentions?.users.get(key);
  if (target === undefined) {
    const text = md.utils.escapeHtml(token.content);
    return env.markUnknown ? `<mark class="mention-unknown" dir="auto">${text}</mark>` : `<bdi>${text}</bdi>`;
  }
  // Every mention is isolated (a link or mark by its dir attribute), so "@sara_k" in a Persian
  // sentence keeps its @ in front.
  const text = `@${md.utils.escapeHtml(target.username)}`;
  if (!target.profile) return `<bdi>${text}</bdi>`;
  const locale = encodeURIComponent(env.mentions!.locale);
  return `<a href="/${locale}/community/u/${target.id}/" class="mention" dir="auto">${text}</a>`;
};

const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  if (isOwnUpload(token.attrGet('src') ?? undefined)) return defaultImage(tokens, index, options, env, self);
  return md.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
};

const BLOCKS = ['p', 'blockquote', 'ul', 'ol', 'li', 'table', 'th', 'td', 'h3', 'h4', 'h5', 'h6'];
const HEADING_SHIFT: Record<string, string> = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' };
const withDir = (dir: 'auto' | 'ltr') => (tagName: string, attribs: sanitizeHtml.Attributes) => ({
  tagName,
  attribs: { ...attribs, dir },
});

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    ...BLOCKS,
    'br',
    'hr',
    'pre',
    'code',
    'strong',
    'em',
    's',
    'a',
    'img',
    'thead',
    'tbody',
    'tr',
    'input',
    'label',
    'mark',
    'bdi',
  ],
  allowedAttributes: {
    // Only transformTags below sets dir (raw HTML is off), always to auto or ltr.
    '*': ['dir'],
    a: ['href', 'title', 'rel', 'class'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    ol: ['start'],
    ul: ['class'],
    li: ['class'],
    input: [{ name: 'type', multiple: false, values: ['checkbox'] }, 'checked', 'disabled', 'class'],
    label: ['class'],
    mark: ['class'],
    th: ['class'],
    td: ['class'],
  },
  allowedClasses: {
    a: ['mention'],
    code: [/^language-[\w+#.-]{1,30}$/],
    ul: ['task-list-container'],
    li: ['task-list-item'],
    input: ['task-list-item-checkbox'],
    label: ['task-list-item-label'],
    mark: ['mention-unknown'],
    th: [...TABLE_ALIGN_CLASSES],
    td: [...TABLE_ALIGN_CLASSES],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    ...Object.fromEntries(BLOCKS.map((tag) => [tag, withDir('auto')])),
    ...Object.fromEntries(
      Object.entries(HEADING_SHIFT).map(([from, to]) => [
        from,
        (_tag: string, attribs: sanitizeHtml.Attributes) => ({ tagName: to, attribs: { ...attribs, dir: 'auto' } }),
      ]),
    ),
    pre: withDir('ltr'),
    code: withDir('ltr'),
    a: (tagName, attribs) => {
      const { target: _target, ...rest } = attribs;
      return { tagName, attribs: { ...rest, rel: 'nofollow ugc noopener' } };
    },
  },
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !isOwnUpload(frame.attribs.src)) ||
    (frame.tag === 'input' && frame.attribs.type !== 'checkbox'),
};

/** Text to put inside HTML as text (& < > " ' escaped). */
export const escapeHtml: (text: string) => string = md.utils.escapeHtml;

/** Markdown source to safe HTML. Pure: the same source and options always give the same HTML. */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  const env: RenderEnv = {
    ...(options.mentions ? { mentions: options.mentions } : {}),
    markUnknown: options.markUnknownMentions ?? false,
  };
  const html = md.render(cleanUserText(source), env);
  return sanitizeHtml(html, sanitizeOptions).trim();
}

/** The names mentioned in a post (outside code), first spelling of each, at most 20. */
export function extractMentions(source: string): string[] {
  const env: RenderEnv = { found: new Map() };
  md.render(cleanUserText(source), env);
  return [...env.found!.values()].slice(0, MAX_MENTIONS);
}

/** Plain text of rendered HTML, for excerpts and notification previews. */
export function htmlToText(html: string): string {
  // Only ever given our own sanitized output (tags well-formed, no comments or raw HTML), and the
  // text goes to JSON-LD and search, never back into HTML: stripping tags needs no parser here,
  // and a thread page does this for 50 posts on every request.
  return html
    .replace(/<\/(p|li|h\d|pre|blockquote|tr)>|<br\s*\/?>/g, '$& ')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Plain text of the first paragraph of rendered HTML (of the whole text when it has none), cut
 * to `maxLength` characters as readers count them, for feed summaries.
 */
export function firstParagraphText(html: string, maxLength = 500): string {
  const paragraph = /<p\b[^>]*>[\s\S]*?<\/p>/.exec(html)?.[0] ?? html;
  const text = htmlToText(paragraph);
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  if (graphemes.length <= maxLength) return text;
  return `${graphemes
    .slice(0, maxLength - 1)
    .map((g) => g.segment)
    .join('')
    .trimEnd()}…`;
}
