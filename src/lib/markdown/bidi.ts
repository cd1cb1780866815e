// Left-to-right runs inside right-to-left text. In a Persian sentence the bidi algorithm joins
// a version number, the Latin words and the brackets after it into one left-to-right stretch:
// «نسخه‌ی برنامه: v2.3.1 (Android 14)» then shows "(Android 14)" where the reader expects the
// version. Set apart (<bdi>, each its own isolate), every Latin run stays whole and the runs
// keep the order they were written in. Used for articles (src/integrations/bidi-isolation.ts)
// and forum posts (src/lib/markdown/render.ts), in blocks that hold Arabic-script letters.

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/** Whether text has Arabic-script letters (Persian), so a block of it reads right to left. */
export function hasArabicScript(text: string): boolean {
  return ARABIC_SCRIPT.test(text);
}

/** Whether a block's prose reads right to left: it starts with a Persian letter, or has more
 * Persian letters than Latin ones («Android 14 روی گوشی من…»: once that run is a <bdi>,
 * `dir="auto"` skips it and finds the Persian). An English sentence that names a Persian word
 * stays left to right and is left alone. */
export function readsRightToLeft(prose: string): boolean {
  const firstLetter = /\p{L}/u.exec(prose)?.[0] ?? '';
  if (ARABIC_SCRIPT.test(firstLetter)) return true;
  const arabic = prose.match(/\p{Script=Arabic}/gu)?.length ?? 0;
  const latin = prose.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return arabic > latin;
}

// A word: Latin letters and ASCII digits, joined inside by the punctuation of versions, paths,
// addresses and URLs, and ending with a letter or digit (or + and #, as in C++ and C#), so
// sentence punctuation stays outside.
const WORD = String.raw`[\p{Script=Latin}0-9](?:[\p{Script=Latin}0-9._\-/:@&'’?=%~+#]*[\p{Script=Latin}0-9])?[+#]*`;
// Words separated by spaces form one run ("Android 14", "npm run build").
const RUN = new RegExp(`${WORD}(?:[ \\u00A0]+${WORD})*`, 'gu');
const LATIN_LETTER = /\p{Script=Latin}/u;

export interface Piece {
  text: string;
  /** A left-to-right run to set apart. */
  isolate: boolean;
}

/** Text cut into Latin runs (with at least one Latin letter: bare numbers read fine) and the rest. */
export function latinRuns(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(RUN)) {
    if (!LATIN_LETTER.test(match[0])) continue;
    if (match.index > last) pieces.push({ text: text.slice(last, match.index), isolate: false });
    pieces.push({ text: match[0], isolate: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), isolate: false });
  return pieces;
}
