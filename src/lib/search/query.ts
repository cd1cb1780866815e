// Query side of the language layer: the `?q=` a search page reads, light Persian stemming
// (Pagefind then matches word prefixes, so «مهارت» finds «مهارتها») and the Russian
// wrong-keyboard-layout retry.
import { cleanUserText } from '../text.ts';
import { normalize } from './normalize.ts';

export const QUERY_MAX = 200;

/**
 * A search query as a page reads it from `?q=` and shows it again ("Results for …", the search
 * field): the shared cleaning of user-written text (no bidi overrides, controls as spaces), one
 * line, at most QUERY_MAX characters.
 */
export function searchQueryParam(raw: string | null | undefined): string {
  return cleanUserText(raw ?? '')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, QUERY_MAX);
}

// Longest first. Only applied when at least three letters remain, so short words survive.
const PERSIAN_SUFFIXES = [
  'هایشان',
  'هایتان',
  'هامان',
  'هایی',
  'هایم',
  'هایت',
  'هایش',
  'های',
  'ها',
  'ترین',
  'تر',
  'ان',
  'ات',
  'ای',
];
const MIN_STEM = 3;

export function stemPersian(word: string): string {
  for (const suffix of PERSIAN_SUFFIXES) {
    if (word.endsWith(suffix) && [...word].length - [...suffix].length >= MIN_STEM)
      return word.slice(0, -suffix.length);
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
  if (!/[a-z]/.test(lower) || /[^a-z\s[\];',.`]/.test(lower)) return undefined;
  return [...lower].map((c) => LAYOUT.get(c) ?? c).join('');
}

// Words that carry no topic in a question. Kept short on purpose: a false stop word hides results.
const STOP_WORDS: Record<string, ReadonlySet<string>> = {
  fa: new Set([
    'چطور',
    'چگونه',
    'چه',
    'چی',
    'چرا',
    'کجا',
    'را',
    'از',
    'به',
    'که',
    'در',
    'با',
    'این',
    'ان',
    'یک',
    'است',
    'کنم',
    'کنیم',
    'کنید',
    'من',
    'ما',
    'برای',
    'و',
    'یا',
    'باید',
    'میشود',
    'میتوانم',
    'داریم',
    'دارد',
  ]),
  ru: new Set([
    'как',
    'что',
    'где',
    'почему',
    'зачем',
    'ли',
    'и',
    'в',
    'во',
    'на',
    'с',
    'со',
    'по',
    'для',
    'не',
    'я',
    'мне',
    'мы',
    'нам',
    'это',
    'то',
    'а',
    'или',
    'чтобы',
    'можно',
    'нужно',
    'ли',
    'у',
    'к',
    'о',
    'об',
  ]),
  en: new Set([
    'how',
    'do',
    'does',
    'i',
    'we',
    'what',
    'is',
    'are',
    'the',
    'a',
    'an',
    'to',
    'for',
    'of',
    'in',
    'on',
    'my',
    'our',
    'can',
    'why',
    'where',
    'with',
    'and',
    'or',
    'you',
    'your',
    'it',
    'should',
    'when',
  ]),
};

/** The words of an already prepared query that say what it is about. */
export function significantTerms(locale: string, prepared: string): string[] {
  const stop = STOP_WORDS[locale] ?? new Set<string>();
  return [...new Set(prepared.split(' ').filter((word) => word && !stop.has(word)))];
}
