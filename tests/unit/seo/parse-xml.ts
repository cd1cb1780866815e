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
  return parser.parse(xml);
}

/** The text of an element as parsed: a plain string, or `#text` beside its attributes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const textOf = (node: any): string => (typeof node === 'string' ? node : (node?.['#text'] ?? ''));
