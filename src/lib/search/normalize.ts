// One normalization for search and moderation, applied to indexed text and to every query, so
// the same word typed in different ways meets itself:
// - Arabic ي ى ك ة and hamza forms of alef fold to the Persian/plain forms;
// - Persian and Arabic-Indic digits become ASCII digits;
// - tatweel and harakat are dropped;
// - ZWNJ, space and no-space joins of Persian affixes (می‌شود, می شود, میشود; مهارت‌ها,
//   مهارت ها, مهارتها) all become the joined form;
// - Arabic and typographic punctuation (، ؛ ؟ « » “ ” ‘ ’) becomes its ASCII form, which
//   Pagefind takes off the ends of words (it keeps the others: «مشتری،» was a word of its own);
// - ё is е; everything is lower case (except in the indexed HTML copy, see foldText); runs of
//   white space and control characters are one space (a NUL or any other C0/C1 control inside a
//   query separates two words; it must never reach a full-text index's query syntax).
// No Astro, no DOM: runs at build time in Node and in the browser for queries.

const LETTERS: Record<string, string> = {
  '\u064A': '\u06CC', // ي → ی
  '\u0649': '\u06CC', // ى → ی
  '\u0643': '\u06A9', // ك → ک
  '\u0629': '\u0647', // ة → ه
  '\u06C0': '\u0647', // ۀ → ه
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u06CC', // ئ → ی
  ё: 'е',
  Ё: 'Е',
};
const PUNCTUATION: Record<string, string> = {
  '\u060C': ',', // ، Arabic comma
  '\u061B': ';', // ؛ Arabic semicolon
  '\u061F': '?', // ؟ Arabic question mark
  '\u066A': '%', // ٪ Arabic percent sign
  '\u00AB': '"', // «
  '\u00BB': '"', // »
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
};
const PERSIAN_DIGITS = '\u06F0-\u06F9';
const ARABIC_DIGITS = '\u0660-\u0669';
const TATWEEL_AND_HARAKAT = '\u0640\u064B-\u065F\u0670';
const INVISIBLE_JOINERS = '\u200B\u200C\u200D\u200E\u200F\u2060\uFEFF'; // ZWNJ too: joins are written joined

/** What each character the folding changes becomes ('' for dropped ones), applied in one pass. */
const CHARACTERS = new Map<string, string>([
  ...Object.entries(LETTERS),
  ...Object.entries(PUNCTUATION),
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0x06f0 + d), String(d)] as const),
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0x0660 + d), String(d)] as const),
]);
const CHARACTER_RE = new RegExp(
  `[${Object.keys(LETTERS).join('')}${Object.keys(PUNCTUATION).join('')}${PERSIAN_DIGITS}${ARABIC_DIGITS}${TATWEEL_AND_HARAKAT}${INVISIBLE_JOINERS}]`,
  'g',
);
/** Text with only these characters folds to itself (but for case): NFKC and every rule leave ASCII alone. */
const ASCII_ONLY = /^[\x00-\x7F]*$/;
/** The affix joins below need Arabic letters (the affixes are written with them). */
const ARABIC_BLOCK = /[\u0600-\u06FF]/;
/** Characters that are, or fold (NFKC) to, Arabic script: presentation forms and the like are Arabic script too. */
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/** Affixes written joined, with ZWNJ or with a space; all three become joined. */
const PREFIXES = ['نمی', 'می'];
// Short endings such as ای or ام are also separate words, so only these are joined across a space.
const SUFFIXES = ['هایی', 'هایم', 'هایت', 'هایش', 'هامان', 'هایتان', 'هایشان', 'های', 'ها', 'ترین', 'تر'];
/** A join across a space needs a prefix's last letter before it or a suffix's first letter after it. */
const PREFIX_END = new RegExp(`[${[...new Set(PREFIXES.map((prefix) => prefix.at(-1)))].join('')}]$`);
const SUFFIX_START = new RegExp(`^[${[...new Set(SUFFIXES.map((suffix) => suffix[0]))].join('')}]`);
const PREFIX_SPACE = new RegExp(`(^|[^\\p{L}])(${PREFIXES.join('|')})[ \\u00A0](?=\\p{Script=Arabic})`, 'gu');
const SUFFIX_SPACE = new RegExp(`(?<=\\p{Script=Arabic})[ \\u00A0](${SUFFIXES.join('|')})(?![\\p{L}\\p{M}])`, 'gu');

/**
 * The folding of `normalize` without touching white space at the ends (for HTML text nodes).
 * `keepCase` leaves letter case alone: Pagefind compares words case-insensitively itself, and
 * the indexed copy is also where result excerpts come from, so readers see "FCR", not "fcr".
 */
export function foldText(text: string, { keepCase = false } = {}): string {
  // Most of an English or Russian page, and its markup's white space, takes this path.
  if (ASCII_ONLY.test(text)) return keepCase ? text : text.toLowerCase();
  const composed = text.normalize('NFKC');
  // One pass for the characters that map one to one (letters, punctuation, digits, the dropped
  // marks and joiners): none maps to a character another of them changes.
  const folded = (keepCase ? composed : composed.toLowerCase()).replace(CHARACTER_RE, (c) => CHARACTERS.get(c) ?? '');
  return ARABIC_BLOCK.test(folded) ? folded.replace(PREFIX_SPACE, '$1$2').replace(SUFFIX_SPACE, '$1') : folded;
}

// `locale` is part of the contract so rules may differ per language; today they apply to any
// text (a Persian word in a Russian query must still fold).
export function normalize(_locale: string, text: string): string {
  return foldText(text)
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

/**
 * An HTML document cut into text and markup, alternating (text first; odd parts are tags, whole
 * scripts and whole styles): what `normalizeHtmlText` folds, part by part, and the search index
 * lines up with the text as written (src/integrations/pagefind-display.ts).
 */
export const HTML_PARTS = /(<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>)/i;

/** Applies `fold` to the text of an HTML document; tags, scripts and styles stay as they are. */
function mapHtmlText(html: string, fold: (text: string) => string): string {
  return html
    .split(HTML_PARTS)
    .map((part, i) => (i % 2 === 1 ? part : fold(part)))
    .join('');
}

/** Normalizes the text of an HTML document for indexing; tags, scripts and styles stay as they are. */
export function normalizeHtmlText(html: string): string {
  return mapHtmlText(html, (text) => foldText(text, { keepCase: true }));
}

/**
 * The reader's own text, cut into the same words as `foldText` cuts it, so that a search result
 * can show the one while the index holds the other (word N of each is the same word): where
 * `foldText` joins an affix across a space (می شود → میشود, مهارت ها → مهارتها) this writes
 * the join with ZWNJ (می‌شود, مهارت‌ها), as Persian spells it; zero-width spaces go, because
 * Pagefind's excerpts would take them for word breaks. Everything else is left as written:
 * Arabic-keyboard letters, Persian digits, ё, ZWNJ, case.
 */
export function displayText(text: string): string {
  const parts = text.replace(/\u200B/g, '').split(/(\s+)/u);
  // A page's words repeat: each folds once.
  const folds = new Map<string, string>();
  const fold = (words: string) => {
    let folded = folds.get(words);
    if (folded === undefined) folds.set(words, (folded = foldText(words)));
    return folded;
  };
  let out = parts[0] ?? '';
  let group = out; // the words since the last break, as written, to ask foldText about the next join
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const space = parts[i]!;
    const next = parts[i + 1]!;
    // foldText joins across a space only before a word with Arabic letters (a prefix is followed
    // by one, a suffix is one), and only after a prefix or before a suffix: the folding keeps a
    // word's first and last characters at its ends (it drops only spaces inside it), so other
    // spaces, most of a page's, need no folding of the two words together.
    const joins =
      (space === ' ' || space === '\u00A0') &&
      group !== '' &&
      ARABIC_SCRIPT.test(next) &&
      (PREFIX_END.test(fold(group)) || SUFFIX_START.test(fold(next))) &&
      foldText(`${group}${space}${next}`) === fold(group) + fold(next);
    out += (joins ? '\u200C' : space) + next;
    group = joins ? `${group}${space}${next}` : next;
  }
  return out;
}

/**
 * Words an article is also found by without showing them: its tags and the words of its address
 * (slugs are English, so «patience» typed in the Persian search still finds the Persian article),
 * folded like the indexed text. Pagefind searches page metadata; a comma would end the field.
 */
export function articleKeywords(article: { slug: string; tags: readonly string[] }): string {
  return foldText([...article.tags, ...article.slug.split('-')].join(' ')).replace(/,/g, ' ');
}
