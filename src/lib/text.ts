// The one cleaning step for text people write — display names, posts, article feedback
// comments, watched words, contact requests, search queries — before it is stored, searched or
// shown again:
// - Unicode NFC, so the same words are stored the same way;
// - bidi embedding, override and isolate controls removed: they make text read differently than
//   it is stored ("invoice", U+202E, "fdp.exe" shows as "invoiceexe.pdf"), and `dir="auto"` on
//   every user-written block already gives mixed Persian and English lines their direction.
//   ZWNJ and ZWJ stay (Persian spelling and emoji need them), and so do the invisible marks LRM,
//   RLM and ALM, which only place punctuation; names drop those too (auth/names.ts);
// - CR LF and CR become LF, tab and LF stay, and every other C0 and C1 control becomes a space:
//   a control inside a word most likely stood for a break, and as a space it cannot reach SQL
//   full-text syntax, a mail header or a page (a NUL in "refund\0order" made FTS5 fail).
// A plain string function: used on the server and, on the site search page, in the browser.

/** LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and LRI, RLI, FSI, PDI (U+2066–U+2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0 and C1 controls but tab, line feed and carriage return (U+0009, U+000A, U+000D). */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function cleanUserText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ');
}
