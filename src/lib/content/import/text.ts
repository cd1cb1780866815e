// Plain text as support teams paste it from a blog or a chat window: no Markdown at all, so the
// structure is read from the shape of the lines:
// - a heading is a short line without final punctuation that stands alone (a blank line after it)
//   and is followed by more text, or a label of a few words that ends with ':' and stands alone or
//   leads a list ("مراحل کار:"; the colon goes, it only said "here it comes");
// - numbered items start with 1. 1) 1- in Latin, Persian or Arabic-Indic digits; bullets with
//   - • * · ▪ –; an indented line continues the item above it;
// - a block whose lines run long and do not end in a full stop was wrapped by hand and is one
//   paragraph; otherwise every line is a paragraph (pasted pages put one paragraph on a line), and a
//   short unpunctuated line right before a longer one is a heading there too;
// - web addresses become links.
// Every character of the text ends up in a text node; the MDX writer escapes what MDX would read as
// code, so nothing here needs to.
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';

const ORDERED = /^\s*([0-9]{1,3}|[\u06F0-\u06F9]{1,3}|[\u0660-\u0669]{1,3})[.)-]\s+(\S.*)$/u;
const BULLET = /^\s*[-•*·▪–]\s+(\S.*)$/u;
/** Closing quotes and brackets after the last word do not end a sentence by themselves. */
const TRAILING_CLOSERS = /["'»”’)\]]+$/u;
const ENDS_SENTENCE = /[.!?؟…]$/u;
const ENDS_CLAUSE = /[.!?؟…,،;؛:]$/u;
const URL = /(?:https?:\/\/|www\.)[^\s<>"'«»]+/giu;
const URL_TRAILING_PUNCTUATION = /[.,;:!?)\]،؛؟]+$/u;

/** Longest line (characters, words) that may still be a heading. */
const HEADING_MAX_CHARS = 80;
const HEADING_MAX_WORDS = 12;
/** A line ending with ':' is a heading only when it is a label ("Steps:"), not a sentence. */
const LABEL_MAX_WORDS = 5;
/** Lines at least this long, in a block of several, are taken for text wrapped by hand. */
const WRAPPED_LINE_CHARS = 50;

type Line =
  | { kind: 'ordered'; number: number; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'text'; text: string; indented: boolean };

/** One piece of the document before headings are decided. */
type Piece =
  | { kind: 'paragraph'; text: string; alone: boolean; nextInBlock?: 'paragraph' | 'list' }
  | { kind: 'list'; ordered: boolean; start: number; items: string[] };

function digitValue(digits: string): number {
  const latin = digits.replace(/[\u06F0-\u06F9\u0660-\u0669]/gu, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
  return Number(latin);
}

function classify(raw: string): Line {
  const ordered = ORDERED.exec(raw);
  if (ordered) return { kind: 'ordered', number: digitValue(ordered[1]!), text: ordered[2]!.trim() };
  const bullet = BULLET.exec(raw);
  if (bullet) return { kind: 'bullet', text: bullet[1]!.trim() };
  return { kind: 'text', text: raw.trim(), indented: /^\s/.test(raw) };
}

function bare(text: string): string {
  return text.replace(TRAILING_CLOSERS, '');
}

function isShort(text: string): boolean {
  return text.length <= HEADING_MAX_CHARS && text.split(/\s+/u).length <= HEADING_MAX_WORDS;
}

/** Splits one block's text lines into paragraphs: joined when wrapped by hand, else one per line. */
function paragraphsOf(lines: string[]): string[] {
  const body = lines.slice(0, -1);
  const wrapped =
    lines.length > 1 &&
    body.every((line) => line.length >= WRAPPED_LINE_CHARS) &&
    !body.every((line) => ENDS_SENTENCE.test(bare(line)));
  return wrapped ? [lines.join(' ')] : lines;
}

function piecesOf(block: Line[]): Piece[] {
  const pieces: Piece[] = [];
  let textRun: string[] = [];
  const flushText = () => {
    if (textRun.length === 0) return;
    for (const text of paragraphsOf(textRun)) pieces.push({ kind: 'paragraph', text, alone: false });
    textRun = [];
  };
  for (const line of block) {
    const last = pieces.at(-1);
    if (line.kind === 'text') {
      if (line.indented && textRun.length === 0 && last?.kind === 'list') {
        last.items[last.items.length - 1] += ` ${line.text}`;
      } else textRun.push(line.text);
      continue;
    }
    flushText();
    const ordered = line.kind === 'ordered';
    const current = pieces.at(-1);
    if (current?.kind === 'list' && current.ordered === ordered) current.items.push(line.text);
    else pieces.push({ kind: 'list', ordered, start: line.kind === 'ordered' ? line.number : 1, items: [line.text] });
  }
  flushText();
  if (pieces.length === 1 && pieces[0]!.kind === 'paragraph') pieces[0]!.alone = true;
  pieces.forEach((piece, i) => {
    const next = pieces[i + 1];
    if (piece.kind === 'paragraph' && next) piece.nextInBlock = next.kind;
  });
  return pieces;
}

/** Text with its web addresses as links. */
export function phrasing(text: string): PhrasingContent[] {
  const nodes: PhrasingContent[] = [];
  let at = 0;
  for (const match of text.matchAll(URL)) {
    const address = match[0].replace(URL_TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (start > at) nodes.push({ type: 'text', value: text.slice(at, start) });
    const url = address.toLowerCase().startsWith('www.') ? `https://${address}` : address;
    nodes.push({ type: 'link', url, children: [{ type: 'text', value: address }] });
    at = start + address.length;
  }
  if (at < text.length) nodes.push({ type: 'text', value: text.slice(at) });
  return nodes;
}

function headingText(piece: Piece, next: Piece | undefined): string | undefined {
  if (piece.kind !== 'paragraph' || !next || !isShort(piece.text) || !/\p{L}/u.test(piece.text)) return undefined;
  const { text } = piece;
  const end = bare(text);
  if (end.endsWith(':')) {
    const label = text.split(/\s+/u).length <= LABEL_MAX_WORDS && !/[,،;؛]/u.test(text);
    const leadsOn = piece.alone || piece.nextInBlock === 'list';
    return label && leadsOn ? text.replace(/\s*:$/u, '') : undefined;
  }
  if (ENDS_CLAUSE.test(end)) return undefined;
  if (piece.alone) return text;
  // One paragraph a line, no blank line: a short line before a clearly longer one.
  const longerNext =
    piece.nextInBlock === 'paragraph' && next.kind === 'paragraph' && next.text.length >= 2 * text.length;
  return longerNext ? text : undefined;
}

/** Items apart by blank lines are still one list ("1. …", blank, "2. …"), if the numbers go on. */
function continues(previous: List, piece: Piece & { kind: 'list' }): boolean {
  if (previous.ordered !== piece.ordered) return false;
  return !piece.ordered || piece.start === (previous.start ?? 1) + previous.children.length;
}

/** Reads pasted plain text into a Markdown tree (headings at depth 2; the caller picks the title). */
export function readText(source: string): Root {
  const blocks: Line[][] = [];
  let block: Line[] = [];
  for (const raw of source.replace(/^\uFEFF/u, '').split('\n')) {
    if (raw.trim() === '') {
      if (block.length) blocks.push(block);
      block = [];
    } else block.push(classify(raw.replace(/\t/g, '    ')));
  }
  if (block.length) blocks.push(block);

  const pieces = blocks.flatMap(piecesOf);
  const children: RootContent[] = [];
  pieces.forEach((piece, i) => {
    const heading = headingText(piece, pieces[i + 1]);
    if (heading !== undefined) {
      children.push({ type: 'heading', depth: 2, children: phrasing(heading) } satisfies Heading);
    } else if (piece.kind === 'paragraph') {
      children.push({ type: 'paragraph', children: phrasing(piece.text) } satisfies Paragraph);
    } else {
      const previous = children.at(-1);
      const items = piece.items.map((text): ListItem => ({
        type: 'listItem',
        spread: false,
        children: [{ type: 'paragraph', children: phrasing(text) }],
      }));
      if (previous?.type === 'list' && continues(previous, piece)) previous.children.push(...items);
      else
        children.push({
          type: 'list',
          ordered: piece.ordered,
          start: piece.start,
          spread: false,
          children: items,
        } satisfies List);
    }
  });
  return { type: 'root', children };
}
