// Reads the XML we write the way a feed reader or crawler would: fast-xml-parser's validator for
// well-formedness, XML 1.0's Char production for every character (the validator does not check
// characters), then its parser for the tree, with every text and attribute kept as a string.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const REPEATED = new Set(['entry', 'author', 'link', 'category', 'url', 'sitemap', 'xhtml:link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  // Numeric character references (&#9; in an attribute, &#13; in text), which XML defines.
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/** Characters XML 1.0 allows anywhere in a document (its `Char` production). */
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

// The parsed tree is arbitrary; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseXml(xml: string): any {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw new Error(`not well-formed XML: ${JSON.stringify(verdict.err)}`);
  if (!XML_CHAR.test(xml)) throw new Error('a character XML 1.0 does not allow');
  return dropIndentation(parser.parse(xml));
}

/**
 * Text is kept exactly as written (a title of spaces is a title of spaces), so the line breaks
 * and indentation between child elements come out as `#text` too: dropped from elements that
 * have child elements.
 */
function dropIndentation(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropIndentation);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  const hasChildren = entries.some(([key]) => key !== '#text' && !key.startsWith('@'));
  return Object.fromEntries(
    entries
      .filter(([key, value]) => !(hasChildren && key === '#text' && typeof value === 'string' && !value.trim()))
      .map(([key, value]) => [key, dropIndentation(value)]),
  );
}

/** The text of an element as parsed: a plain string, or `#text` beside its attributes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const textOf = (node: any): string => (typeof node === 'string' ? node : (node?.['#text'] ?? ''));
