// Text and attribute values for XML documents we write by hand (Atom feeds, sitemaps).
// Escaping `& < > " '` is not enough for text a member or writer typed: XML 1.0 has no way at
// all to carry most C0 control characters, lone surrogates or U+FFFE/U+FFFF, not even as a
// character reference, so a parser refuses the whole document over one of them. They are
// dropped. A carriage return, tab or line feed survives only as a reference in attributes
// (attribute-value normalization turns them into spaces) and a carriage return in text (line-end
// normalization turns it into a line feed), so those are written as references.

/** Characters outside XML 1.0's `Char` production (lone surrogates included, with the `u` flag). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};

/** `text` as XML character data: what a parser reads back is `text` without the characters XML cannot hold. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);
}

/** `value` for an attribute in double or single quotes, read back unchanged (bar what XML cannot hold). */
export function xmlAttribute(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

/** What `xmlText` keeps of `text`: the string a conforming parser returns. */
export function xmlRepresentable(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}
