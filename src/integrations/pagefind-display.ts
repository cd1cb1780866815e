// Result excerpts in the reader's own writing. Pagefind shows excerpts, titles and section names
// from the text it indexed, and we index a normalized copy of each page (Arabic letters folded,
// Persian digits as ASCII, ZWNJ dropped, ё as е), so results showed «مهارتهای» for «مهارت‌های».
// The excerpt slices a result's text comes from (pagefind-excerpts.ts) hold the page as written
// instead: the page's text nodes, each folded (what Pagefind was given) and as written
// (`displayText`, which cuts a text into the same words), are lined up word by word with the
// words of the fragment Pagefind wrote for the normalized copy. Pagefind marks matches by word
// number, so the index keeps finding the normalized words while the reader sees the original
// ones. This used to take a second Pagefind run over a display copy of every page, a third of
// the search index step's CPU. A page whose words do not line up (never seen) keeps the
// normalized text.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pageWords } from '../lib/search/excerpt.ts';
import { displayText, foldText, HTML_PARTS } from '../lib/search/normalize.ts';
import { SIGNATURE } from './pagefind-chunks.ts';

export interface Fragment {
  url: string;
  content: string;
  meta: Record<string, string>;
  anchors: { element: string; id: string; text: string; location: number }[];
  [field: string]: unknown;
}

export function readFragment(path: string): Fragment {
  const data = gunzipSync(readFileSync(path));
  if (data.subarray(0, SIGNATURE.length).toString('latin1') !== SIGNATURE)
    throw new Error(`Not a Pagefind fragment: ${path}`);
  return JSON.parse(data.subarray(SIGNATURE.length).toString('utf8')) as Fragment;
}

/** A word of a page's text: as indexed and as written; `glued` when no space parts it from the word before (a tag does). */
interface Token {
  indexed: string;
  shown: string;
  glued: boolean;
}

const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

/** Character references in text, as Pagefind reads them (Astro writes these). */
function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (reference, name: string) => {
    if (name[0] !== '#') return NAMED_REFERENCES[name.toLowerCase()] ?? reference;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : reference;
  });
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** A start or end tag's name, lowercased; undefined for comments, doctypes, scripts and styles' insides. */
function tagOf(markup: string): { name: string; closing: boolean } | undefined {
  const tag = /^<(\/?)([a-z][a-z0-9-]*)/i.exec(markup);
  return tag ? { name: tag[2]!.toLowerCase(), closing: tag[1] === '/' } : undefined;
}

/**
 * The words of a page's text nodes, folded and as written, in document order, without the text
 * of elements marked `data-pagefind-ignore` (Pagefind leaves it out; scripts and styles are
 * markup here).
 */
function pageTokens(html: string): Token[] {
  const tokens: Token[] = [];
  const parts = html.split(HTML_PARTS);
  let ignored: { name: string; depth: number } | undefined;
  let touching = false; // the last text ended without a space, right at the markup that followed it
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i % 2 === 1) {
      const tag = tagOf(part);
      if (!tag) continue;
      const { name, closing } = tag;
      if (ignored) {
        if (name === ignored.name && !VOID_ELEMENTS.has(name)) ignored.depth += closing ? -1 : 1;
        if (ignored.depth === 0) ignored = undefined;
      } else if (!closing && !VOID_ELEMENTS.has(name) && /\sdata-pagefind-ignore(?=[\s=/>])/i.test(part))
        ignored = { name, depth: 1 };
      continue;
    }
    if (ignored || !part) continue;
    const indexed = pageWords(decodeReferences(foldText(part, { keepCase: true })));
    const written = pageWords(decodeReferences(displayText(part)));
    // A text whose two copies differ in words (never seen) shows as indexed.
    const shown = written.length === indexed.length ? written : indexed;
    indexed.forEach((word, k) => {
      if (word) tokens.push({ indexed: word, shown: shown[k]!, glued: k === 0 && touching });
    });
    touching = indexed.at(-1) !== '';
  }
  return tokens;
}

/** What Pagefind adds to a word where a block of text ends without a stop (a heading, a list item). */
const ADDED_PUNCTUATION = /^[.,;:!?]*$/;

/**
 * Each word of `content` (Pagefind's text of the normalized page) as written, from the page's
 * tokens, or undefined where they do not line up. A word Pagefind made of text on both sides of
 * a tag (`<b>foo</b>bar`) takes both tokens; tokens Pagefind left out are passed over.
 */
function shownWords(content: string, tokens: readonly Token[]): string[] | undefined {
  const shown: string[] = [];
  let next = 0;
  for (const word of pageWords(content)) {
    if (!word) {
      shown.push(word);
      continue;
    }
    let found: string | undefined;
    while (found === undefined && next < tokens.length) {
      let indexed = '';
      let written = '';
      let end = next;
      while (end < tokens.length && (end === next || tokens[end]!.glued)) {
        indexed += tokens[end]!.indexed;
        written += tokens[end]!.shown;
        end++;
        if (!word.startsWith(indexed)) break;
        // The word goes on with the next token: «CSAT،» is <bdi>CSAT</bdi>،
        if (tokens[end]?.glued && word.startsWith(indexed + tokens[end]!.indexed)) continue;
        const added = word.slice(indexed.length);
        if (ADDED_PUNCTUATION.test(added)) {
          // Pagefind ends a block with a stop unless its last character is one: the copy as
          // written may end on one the normalized copy does not (» where it has ").
          const stops = added && written.at(-1) !== indexed.at(-1) && /\p{P}$/u.test(written);
          found = stops ? written : written + added;
          break;
        }
      }
      next = found === undefined ? next + 1 : end;
    }
    if (found === undefined) return undefined;
    shown.push(found);
  }
  return shown;
}

const collapse = (text: string) => text.replace(/[^\S\uFEFF]+/g, ' ').trim();

/**
 * The title as written. Metadata written in `data-pagefind-meta` is an attribute, which
 * normalization leaves alone; a page without a title there gets its first <h1>'s text from
 * Pagefind, normalized, so that one is taken from the page again.
 */
function shownTitle(html: string, indexed: string | undefined): string | undefined {
  if (indexed === undefined || /data-pagefind-meta=["'][^"']*\btitle:/i.test(html)) return indexed;
  const heading = /<h1[\s>][\s\S]*?<\/h1>/i.exec(html)?.[0];
  if (!heading) return indexed;
  const text = heading
    .split(HTML_PARTS)
    .filter((_, i) => i % 2 === 0)
    .map((part) => decodeReferences(displayText(part)))
    .join('');
  return collapse(foldText(text, { keepCase: true })) === collapse(indexed) ? collapse(text) : indexed;
}

/** `HTML_PARTS` for stepping through markup from a given index (`lastIndex`). */
const MARKUP = new RegExp(HTML_PARTS.source, 'gi');

/**
 * An anchor's text as written. Pagefind names an element with an id after its own text nodes,
 * not its children's (`<h3 id=…><bdi>CSAT</bdi>، <bdi>NPS</bdi></h3>` is «،»), so the same text
 * nodes are taken from the page; where they do not fold to the indexed name, that stays.
 */
function shownAnchorText(html: string, anchor: Fragment['anchors'][number]): string {
  const at = html.indexOf(` id="${anchor.id.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
  const start = html.lastIndexOf('<', at);
  if (at < 0 || start < 0) return anchor.text;
  // Markup from the element's start tag on, as far as its end tag: not the whole rest of the page
  // for every heading.
  MARKUP.lastIndex = start;
  const own: string[] = [];
  let depth = 0;
  let textStart = start;
  const ownText = (end: number) => {
    if (depth === 1) own.push(decodeReferences(displayText(html.slice(textStart, end))));
  };
  for (let part = MARKUP.exec(html); part; part = MARKUP.exec(html)) {
    ownText(part.index);
    textStart = part.index + part[0].length;
    const tag = tagOf(part[0]);
    if (!tag || VOID_ELEMENTS.has(tag.name) || part[0].endsWith('/>')) continue;
    depth += tag.closing ? -1 : 1;
    if (depth === 0) break;
  }
  if (depth > 0) ownText(html.length);
  const text = collapse(own.join(''));
  return collapse(foldText(text, { keepCase: true })) === collapse(anchor.text) ? text : anchor.text;
}

/**
 * The fragment as the reader sees it: its text, title and section names as written (the page's
 * `html`, the part Pagefind was given before normalization), or undefined where the words do not
 * line up.
 */
export function shownFragment(indexed: Fragment, html: string): Fragment | undefined {
  const words = shownWords(indexed.content, pageTokens(html));
  if (!words) return undefined;
  const anchors = indexed.anchors.map((anchor) => ({ ...anchor, text: shownAnchorText(html, anchor) }));
  const title = shownTitle(html, indexed.meta.title);
  return {
    ...indexed,
    content: words.join(' '),
    anchors,
    meta: title === undefined ? indexed.meta : { ...indexed.meta, title },
  };
}
