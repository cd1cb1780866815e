// The importer's promise that it never loses text, as a check: every word of the input, folded by
// the search normalization (Arabic letters, digits, ZWNJ and affix spacing, quotes), must be a word
// of the draft. Orthography changes how a word is written, never which word it is, so the two
// sides meet after folding, with one allowance: a ZWNJ counts as a word break before folding, and
// a word of the input may be two or three neighbouring words of the draft run together. Search
// folds only the sure joins (می شود, کتاب ها), while orthography also writes «کلیشه‌ای» for the
// pasted «کلیشه ای» or «کلیشهای»: the same letters, cut at another place.
import type { Nodes } from 'mdast';
import { normalize } from '../../search/normalize.ts';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const PHRASING = new Set([
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'break',
  'link',
  'linkReference',
  'image',
  'imageReference',
]);

/** The words of a text, normalized as search normalizes them (a ZWNJ first read as a space). */
export function wordsOf(locale: string, text: string): string[] {
  return normalize(locale, text.replace(/\u200C/g, ' ')).match(WORD) ?? [];
}

/** Words of `input` that `output` lacks (each once, in the order they first appear). */
export function missingWords(locale: string, input: string, output: string): string[] {
  const words = wordsOf(locale, output);
  const present = new Set(words);
  words.forEach((word, i) => {
    if (i + 1 < words.length) present.add(word + words[i + 1]);
    if (i + 2 < words.length) present.add(word + words[i + 1] + words[i + 2]);
  });
  return [...new Set(wordsOf(locale, input))].filter((word) => !present.has(word));
}

/**
 * What a reader of a Markdown tree reads: text, code, image alt text and the numbers of numbered
 * lists (a "2." typed in the input is a word of it), with blocks apart and inline runs joined, so
 * `**un**done` stays one word and two paragraphs never run together.
 */
export function markdownText(node: Nodes, number?: number): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') return node.value;
  if (node.type === 'image' || node.type === 'imageReference') return ` ${node.alt ?? ''} `;
  if (node.type === 'break') return ' ';
  if (!('children' in node)) return '';
  const start = node.type === 'list' && node.ordered ? (node.start ?? 1) : undefined;
  const inner = (node.children as Nodes[])
    .map((child, i) => markdownText(child, start === undefined ? undefined : start + i))
    .join('');
  if (PHRASING.has(node.type)) return inner;
  return `\n${number === undefined ? '' : `${number} `}${inner}\n`;
}
