// Query side of the language layer, one for every search (results page, header box, contact and
// composer suggestions, community search): the `?q=` a search page reads, spoken Persian written
// out, light Persian stemming (Pagefind then matches word prefixes, so «مهارت» finds «مهارتها»),
// stop and question words per language, the few words customers use where writers use others,
// and the Russian wrong-keyboard-layout retry.
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

/**
 * Spoken Persian as customers type it, in the written forms articles use (after `normalize`, so
 * joined: «می‌زنه» is «میزنه»). Whole words only; stop words among the results go later.
 */
const SPOKEN_FA: Record<string, string> = {
  رو: 'را',
  اگه: 'اگر',
  چیکار: 'چه',
  چکار: 'چه',
  چی: 'چه',
  چیه: 'چیست',
  یه: 'یک',
  اون: 'ان',
  اینو: 'این',
  اونو: 'ان',
  بهش: 'به',
  ازش: 'از',
  باهاش: 'با',
  میخوام: 'میخواهم',
  میخواد: 'میخواهد',
  میخوایم: 'میخواهیم',
  میشه: 'میشود',
  نمیشه: 'نمیشود',
  بشه: 'بشود',
  میتونم: 'میتوانم',
  میتونیم: 'میتوانیم',
  بکنه: 'بکند',
  کنه: 'کند',
  نکنه: 'نکند',
  بده: 'بدهد',
  میده: 'میدهد',
  داره: 'دارد',
  نداره: 'ندارد',
  باشه: 'باشد',
  مهمه: 'مهم',
  چطوری: 'چطور',
  کجاست: 'کجا',
};
/** Spoken present-tense endings on a verb with می/نمی: «میزنه» → «میزند», «میپرسه» → «میپرسد». */
const SPOKEN_VERB_FA = /^(ن?می\p{L}{2,})ه$/u;
const NOT_SPOKEN_VERBS = new Set(['میانه', 'میوه', 'میله', 'میکده']);
/** Spoken subjunctive with ب: «بگیره» → «بگیرد»; words such as «برنامه» also start with ب, so a list. */
const SPOKEN_SUBJUNCTIVE_FA: Record<string, string> = { بگیره: 'بگیرد', بزنه: 'بزند', بپرسه: 'بپرسد', بگه: 'بگوید' };

/** A Persian word as written: spoken forms replaced, then stemmed. */
function writtenPersian(word: string): string {
  if (STOP_WORDS.fa!.has(word)) return word; // «ایشان» is not «ایش» + ان
  const written = SPOKEN_FA[word] ?? SPOKEN_SUBJUNCTIVE_FA[word];
  if (written) return written;
  const verb = SPOKEN_VERB_FA.exec(word);
  if (verb && !NOT_SPOKEN_VERBS.has(word)) return `${verb[1]}د`;
  return stemPersian(word);
}

/** The query as the index reads it: normalized, spoken Persian written out, Persian words stemmed. */
export function prepareQuery(locale: string, raw: string): string {
  return normalize(locale, raw)
    .split(' ')
    .map((word) => (/\p{Script=Arabic}/u.test(word) ? writtenPersian(word) : word))
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

// Words that carry no topic in a question: not searched, so never counted as a match nor
// highlighted. In prepared form (normalized: no ZWNJ, آ → ا; spoken Persian already written out).
// Kept to function words: a false stop word hides results.
const STOP_WORDS: Record<string, ReadonlySet<string>> = {
  fa: new Set(
    [
      // question words
      'چطور چگونه چه چرا کجا کی کدام ایا چند چیست',
      // object marker, prepositions, conjunctions
      'را از به که در با برای تا بر بی سر پیش و یا اگر وقتی چون اما ولی هم پس یعنی',
      // pronouns and determiners
      'من تو او ما شما انها ایشان خودم خودمان این ان یک هر همین',
      // light and modal verbs as questions use them
      'است هست هستم نیست باید نباید کنم کنی کند کنیم کنید کنند بکنم بکند بکنیم نکنم نکند کرد کردم کردن',
      'شود شوم بشود میشود نمیشود باشم باشد باشیم دارم دارد داریم ندارد',
      'میخواهم میخواهد میخواهیم میتوانم میتوانیم میتوان بدهم بدهد بدهیم بپرسم بگویم بگوید',
    ]
      .join(' ')
      .split(' '),
  ),
  ru: new Set(
    [
      'как что где почему зачем когда кто какой какая какое какие каким какую такое ли',
      'и а но или да нет не ни же бы в во на с со по для у к о об от до из за при про без через под над',
      'я мне меня мы нам нас вы вам вас ты тебе он она они его ее их себя себе мой моя мои свой свою наш',
      'это этот эта эти то тот все так уже еще очень там тут чтобы если',
      'можно нужно надо делать сделать быть есть пожалуйста',
    ]
      .join(' ')
      .split(' '),
  ),
  en: new Set(
    [
      'how what why where when which who whom',
      'do does did is are was were be been am can could should would will shall may might must',
      'i me my we us our you your it its he she his her they them their this that these those there',
      'a an the to for of in on at by from with about into and or if so then not no any some more very just please',
      'have has had get',
    ]
      .join(' ')
      .split(' '),
  ),
};

/**
 * Words customers use where the articles use others (prepared form → the articles' words). A
 * small table on purpose: each row was a whole question that found nothing relevant.
 */
const CUSTOMER_WORDS: Record<string, [RegExp, string[]][]> = {
  fa: [[/^فریاد/u, ['فریاد', 'عصبانی', 'خشمگین']]],
  // «кричит» shares its root with «крик», which the stemmer does not see (ч/к).
  ru: [[/^(крич|ор[её]т$|орут$|орать$)/u, ['крик', 'рассерж']]],
  en: [
    [/^(yell|scream|shout)/u, ['shout', 'angry']],
    [/^(furious|mad|upset)$/u, ['angry', 'upset']],
  ],
};
/** «داد زدن» is «فریاد» (shouting) however the verb is conjugated: «داد میزنه», «داد زد». */
const SHOUTING_FA = /(^| )داد (?:(?:ن?می|ب)?زن\p{L}*|زد\p{L}*)(?= |$)/gu;

/** Each term is a search of its own: a pasted paragraph searches by its first words only. */
export const MAX_TERMS = 10;

export interface QueryTerm {
  /** The word as typed, prepared. */
  word: string;
  /** What is searched for it: the word, then the articles' words for it (CUSTOMER_WORDS). */
  forms: string[];
}

export interface AnalyzedQuery {
  /** The whole query, prepared (what analytics records as normalized). */
  prepared: string;
  /** Its meaningful words, or all of its words when it has none (a question of stop words only). */
  terms: QueryTerm[];
  /** Terms (by index) typed next to each other, as «مشتری عصبانی»: a page that has them side by side ranks higher. */
  pairs: [number, number][];
}

/** How every search reads a query: prepared, stop words dropped, customers' words given the articles' words too. */
export function analyzeQuery(locale: string, raw: string): AnalyzedQuery {
  let prepared = prepareQuery(locale, raw);
  if (locale === 'fa' || /\p{Script=Arabic}/u.test(prepared)) prepared = prepared.replace(SHOUTING_FA, '$1فریاد');
  const stop = STOP_WORDS[locale] ?? new Set<string>();
  const words = prepared
    .split(' ')
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  const meaningful = words.filter((w) => !stop.has(w));
  const chosen = meaningful.length ? meaningful : words;
  const rules = CUSTOMER_WORDS[locale] ?? [];
  const terms = [...new Set(chosen)].slice(0, MAX_TERMS).map((word) => ({
    word,
    forms: [...new Set([word, ...(rules.find(([pattern]) => pattern.test(word))?.[1] ?? [])])],
  }));
  const index = (word: string) => terms.findIndex((t) => t.word === word);
  const pairs = new Map<string, [number, number]>();
  words.forEach((word, i) => {
    const next = words[i + 1];
    if (next === undefined || word === next || index(word) < 0 || index(next) < 0) return;
    if (!chosen.includes(word) || !chosen.includes(next)) return;
    pairs.set(`${word} ${next}`, [index(word), index(next)]);
  });
  return { prepared, terms, pairs: [...pairs.values()] };
}
