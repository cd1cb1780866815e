// Query side of the language layer: light Persian stemming (Pagefind then matches word
// prefixes, so «مهارت» finds «مهارتها») and the Russian wrong-keyboard-layout retry.
import { normalize } from './normalize.ts';

// Longest first. Only applied when at least three letters remain, so short words survive.
const PERSIAN_SUFFIXES = ['هایشان', 'هایتان', 'هامان', 'هایی', 'هایم', 'هایت', 'هایش', 'های', 'ها', 'ترین', 'تر', 'ان', 'ات', 'ای'];
const MIN_STEM = 3;

export function stemPersian(word: string): string {
  for (const suffix of PERSIAN_SUFFIXES) {
    if (word.endsWith(suffix) && [...word].length - [...suffix].length >= MIN_STEM) return word.slice(0, -suffix.length);
  }
  return word;
}

/** The string handed to Pagefind: normalized, Persian words stemmed. */
export function prepareQuery(locale: string, raw: string): string {
  return normalize(locale, raw)
    .split(' ')
    .map((word) => (/\p{Script=Arabic}/u.test(word) ? stemPersian(word) : word))
    .join(' ');
}

// Russian ЙЦУКЕН keys by their position on a US QWERTY keyboard.
const LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const CYRILLIC = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const LAYOUT = new Map([...LATIN].map((c, i) => [c, CYRILLIC[i]!]));

/** A query typed with the keyboard in the Latin layout, when it was meant in Russian. */
export function latinToCyrillic(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (!/[a-z]/.test(lower) || /[^a-z\s\[\];',.`]/.test(lower)) return undefined;
  return [...lower].map((c) => LAYOUT.get(c) ?? c).join('');
}
