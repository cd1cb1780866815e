// The rule table: each rule finds what it would change in masked text (see mask.ts) and says
// whether the change is sure ("safe"). The same findings drive the linter's report and the
// fixer's edits, so no rule is written twice.
import { HOLE } from './mask.ts';
import {
  COMPARABLE,
  H_FINAL_WORDS,
  H_FUNCTION_WORDS,
  JOINED_COMPARATIVES,
  NOT_PREFIXED,
  NOT_PREFIXED_STARTS,
  NOT_SUFFIXED,
  PAST_ENDINGS,
  PAST_STEMS,
  PREFIX_FORMS,
  PRESENT_ENDINGS,
  PRESENT_STEMS,
  SPOKEN_ENDINGS,
  SPOKEN_STEMS,
} from './words.ts';

export type OrthographyLocale = 'fa' | 'ru' | 'en';

export const orthographyChanges = [
  'arabic-letters',
  'digits',
  'zwnj-prefix',
  'zwnj-suffix',
  'quotes',
  'punctuation',
  'spacing',
  'dashes',
] as const;
export type OrthographyChange = (typeof orthographyChanges)[number];

export interface Edit {
  index: number;
  length: number;
  text: string;
}

export interface Finding {
  /** Where `found` starts in the text the rule was given; found === text.slice(index, index + found.length). */
  index: number;
  found: string;
  suggestion: string;
  /** Sure enough to apply without asking the writer. */
  safe: boolean;
  /** What the fix replaces; by default `found` by `suggestion`. */
  edits: Edit[];
}

export interface Rule {
  kind: OrthographyChange;
  locales: readonly OrthographyLocale[];
  find(text: string, locale: OrthographyLocale): Finding[];
}

const ZWNJ = '\u200C';
/** Arabic-script letters (Persian and Arabic, presentation forms included); no digits or marks. */
const AL =
  '\\u0620-\\u063F\\u0641-\\u064A\\u066E\\u066F\\u0671-\\u06D3\\u06D5\\u06EE\\u06EF\\u06FA-\\u06FC\\u06FF\\u0750-\\u077F\\u08A0-\\u08C9\\uFB50-\\uFDFB\\uFE70-\\uFEFC';
/** Harakat and other combining marks, and tatweel: part of a word, invisible to the word lists. */
const MARKS = '\\p{M}\\u0640';
const ARABIC_LETTER = new RegExp(`[${AL}]`, 'u');
const ARABIC_MARK = new RegExp(`[${MARKS}]`, 'u');
/** A Persian word: letters and marks, with the ZWNJs inside it; not preceded by a letter. */
const WORD = new RegExp(`(?<![${AL}${MARKS}\\u200C\\u200D\\p{L}\\p{N}])[${AL}][${AL}${MARKS}\\u200C]*`, 'gu');
/** Letters that never join the next one: after them a ZWNJ changes nothing the reader sees. */
const NON_JOINING = new Set('اآأإٱدذرزژوؤۀةء');

const LATIN_DIGITS = '0123456789';
const ARABIC_INDIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const DIGIT = '0-9\\u0660-\\u0669\\u06F0-\\u06F9';
const NUMBER = new RegExp(`[${DIGIT}]+(?:[.,:/\\u066B\\u066C-][${DIGIT}]+)*[%\\u066A]?`, 'g');

/** The folded spelling the word lists use: Persian ی and ک, no marks, tatweel or ZWNJ. */
export function fold(word: string): string {
  return word
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(new RegExp(`[${MARKS}\\u200C]`, 'gu'), '');
}

/** Index in `word` just after its `count`-th character that survives fold(). */
function afterFolded(word: string, count: number): number {
  let seen = 0;
  for (let i = 0; i < word.length; i++) {
    if (seen === count && !ARABIC_MARK.test(word[i]!)) return i;
    if (!ARABIC_MARK.test(word[i]!) && word[i] !== ZWNJ) seen++;
  }
  return word.length;
}

/** `word` with a ZWNJ after its first `count` folded letters. */
function joinAt(word: string, count: number): string {
  const at = afterFolded(word, count);
  return word.slice(0, at) + ZWNJ + word.slice(at);
}

function replaceWhole(index: number, found: string, suggestion: string, safe: boolean): Finding {
  return { index, found, suggestion, safe, edits: [{ index, length: found.length, text: suggestion }] };
}

/** Persian words of `text` with their index. */
function* persianWords(text: string): Generator<{ index: number; word: string }> {
  for (const m of text.matchAll(WORD)) yield { index: m.index, word: m[0].replace(/\u200C+$/, '') };
}

// --- arabic-letters ----------------------------------------------------------------------------

/** ي ى ك → ی ک always; ة → ه only at the end of a word and not after ا (صلاة is صلات). */
const arabicLetters: Rule = {
  kind: 'arabic-letters',
  locales: ['fa'],
  find(text) {
    const findings: Finding[] = [];
    for (const { index, word } of persianWords(text)) {
      const edits: Edit[] = [];
      for (let i = 0; i < word.length; i++) {
        const ch = word[i]!;
        if (ch === 'ي' || ch === 'ى') edits.push({ index: index + i, length: 1, text: 'ی' });
        else if (ch === 'ك') edits.push({ index: index + i, length: 1, text: 'ک' });
        else if (ch === 'ة' && i === word.length - 1 && i > 0 && word[i - 1] !== 'ا') {
          edits.push({ index: index + i, length: 1, text: 'ه' });
        }
      }
      if (edits.length === 0) continue;
      let suggestion = word;
      for (const edit of edits) {
        const at = edit.index - index;
        suggestion = suggestion.slice(0, at) + edit.text + suggestion.slice(at + 1);
      }
      findings.push({ index, found: word, suggestion, safe: true, edits });
    }
    return findings;
  },
};

// --- digits ------------------------------------------------------------------------------------

type Script = 'arabic' | 'other';

function scriptOf(ch: string | undefined): Script | undefined {
  if (ch === undefined || !/[\p{L}_]/u.test(ch)) return undefined;
  return ARABIC_LETTER.test(ch) ? 'arabic' : 'other';
}

/** The script of the nearest letter from `from` in direction `step`, within the line and table cell. */
function nearestScript(text: string, from: number, step: 1 | -1): Script | undefined {
  for (let i = from; i >= 0 && i < text.length; i += step) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '|') return undefined;
    const script = scriptOf(ch);
    if (script) return script;
  }
  return undefined;
}

function digitSystems(number: string): Set<'latin' | 'arabic-indic' | 'persian'> {
  const systems = new Set<'latin' | 'arabic-indic' | 'persian'>();
  for (const ch of number) {
    if (LATIN_DIGITS.includes(ch)) systems.add('latin');
    else if (ARABIC_INDIC_DIGITS.includes(ch)) systems.add('arabic-indic');
    else if (PERSIAN_DIGITS.includes(ch)) systems.add('persian');
  }
  return systems;
}

function toDigits(number: string, system: 'latin' | 'persian'): string {
  const target = system === 'latin' ? LATIN_DIGITS : PERSIAN_DIGITS;
  return number.replace(/[0-9\u0660-\u0669\u06F0-\u06F9%\u066A]/g, (ch) => {
    if (ch === '%' || ch === '\u066A') return system === 'latin' ? '%' : '\u066A';
    const value = LATIN_DIGITS.indexOf(ch) + 1 || ARABIC_INDIC_DIGITS.indexOf(ch) + 1 || PERSIAN_DIGITS.indexOf(ch) + 1;
    return target[value - 1]!;
  });
}

/**
 * Numbers take the locale's digits (Persian in fa, Latin in ru) where the text around them is in
 * the locale's script. Next to a word in the other script («Android 14», «v2.3», a Persian phrase
 * quoted in Russian) a number is left as written, unless it mixes digit systems («1۲3»), which
 * is always a slip: it takes the digits of that script. en only unifies mixed numbers.
 */
const digits: Rule = {
  kind: 'digits',
  locales: ['fa', 'ru', 'en'],
  find(text, locale) {
    const own: Script = locale === 'fa' ? 'arabic' : 'other';
    const findings: Finding[] = [];
    for (const m of text.matchAll(NUMBER)) {
      const number = m[0];
      const end = m.index + number.length;
      const attached = [scriptOf(text[m.index - 1]), scriptOf(text[end])].filter((s) => s !== undefined);
      const around = attached.length
        ? attached
        : [nearestScript(text, m.index - 1, -1), nearestScript(text, end, 1)].filter((s) => s !== undefined);
      const foreign = around.find((s) => s !== own);
      const mixed = digitSystems(number).size > 1;
      let target: 'latin' | 'persian' | undefined;
      if (foreign) target = mixed ? (foreign === 'arabic' ? 'persian' : 'latin') : undefined;
      else if (locale === 'fa') target = 'persian';
      else if (locale === 'ru' || mixed) target = 'latin';
      if (!target) continue;
      const suggestion = toDigits(number, target);
      if (suggestion !== number) findings.push(replaceWhole(m.index, number, suggestion, true));
    }
    return findings;
  },
};

// --- ZWNJ after the prefixes می and نمی ---------------------------------------------------------

/**
 * After «می»: a present stem with a present ending (written or spoken), a spoken stem with a
 * spoken ending, or a past stem with a past ending or none.
 */
export function isVerbAfterPrefix(rest: string): boolean {
  if (PREFIX_FORMS.has(rest)) return true;
  for (let cut = 1; cut <= rest.length; cut++) {
    const stem = rest.slice(0, cut);
    const ending = rest.slice(cut);
    if (PRESENT_STEMS.has(stem) && (PRESENT_ENDINGS.has(ending) || SPOKEN_ENDINGS.has(ending))) return true;
    if (SPOKEN_STEMS.has(stem) && SPOKEN_ENDINGS.has(ending)) return true;
    if (PAST_STEMS.has(stem) && (ending === '' || PAST_ENDINGS.has(ending))) return true;
  }
  return false;
}

const LIST_SUFFIXES = ['هایشان', 'هایتان', 'هایمان', 'هایی', 'هایم', 'هایت', 'هایش', 'های', 'ها', 'ای', 'ی'];

/** `word` or `word` without a plural/indefinite ending is in `list`. */
function listed(list: ReadonlySet<string>, word: string): boolean {
  if (list.has(word)) return true;
  return LIST_SUFFIXES.some(
    (s) => word.length > s.length + 1 && word.endsWith(s) && list.has(word.slice(0, -s.length)),
  );
}

const PREFIX_SPACE = new RegExp(
  `(?<![${AL}${MARKS}\\u200C\\p{L}\\p{N}])(ن?م[یيى])[ \\u00A0]+([${AL}][${AL}${MARKS}]*)(?![${AL}${MARKS}\\u200C])`,
  'gu',
);

const zwnjPrefix: Rule = {
  kind: 'zwnj-prefix',
  locales: ['fa'],
  find(text) {
    const findings: Finding[] = [];
    for (const { index, word } of persianWords(text)) {
      const first = word.split(ZWNJ)[0]!;
      const folded = fold(first);
      const prefix = folded.startsWith('نمی') ? 'نمی' : folded.startsWith('می') ? 'می' : undefined;
      if (!prefix || folded.length < prefix.length + 2 || listed(NOT_PREFIXED, folded)) continue;
      const rest = folded.slice(prefix.length);
      const suggestion = joinAt(word, prefix.length);
      if (isVerbAfterPrefix(rest)) findings.push(replaceWhole(index, word, suggestion, true));
      else if (![...NOT_PREFIXED_STARTS].some((start) => folded.startsWith(start))) {
        findings.push(replaceWhole(index, word, suggestion, false));
      }
    }
    for (const m of text.matchAll(PREFIX_SPACE)) {
      const [found, prefix, verb] = m as unknown as [string, string, string];
      const suggestion = prefix + ZWNJ + verb;
      findings.push(replaceWhole(m.index, found, suggestion, isVerbAfterPrefix(fold(verb))));
    }
    return findings;
  },
};

// --- ZWNJ before the suffixes ها، تر، ترین، ام، اید، اند… -----------------------------------------

const PLURAL_SUFFIXES = ['هایشان', 'هایتان', 'هایمان', 'هایی', 'هایم', 'هایت', 'هایش', 'های', 'ها'];
const COPULA_SUFFIXES = ['اند', 'اید', 'ام'];
const SPACED_SUFFIX = new RegExp(
  `(?<![${AL}${MARKS}\\u200C\\p{L}\\p{N}])([${AL}][${AL}${MARKS}\\u200C]*)[ \\u00A0]+(${[...PLURAL_SUFFIXES, 'ترین', 'تر', 'اند', 'اید', 'ایم', 'ام', 'ای', 'ی'].join('|')})(?![${AL}${MARKS}\\u200C])`,
  'gu',
);

function joins(letter: string | undefined): boolean {
  return letter !== undefined && !NON_JOINING.has(letter);
}

/** `word` is, or ends with, a word of H_FINAL_WORDS (compounds: «بیستدقیقه», «چهارهفته»). */
function endsWithHFinalWord(word: string): boolean {
  for (let length = word.length; length >= 3; length--) if (H_FINAL_WORDS.has(word.slice(-length))) return true;
  return false;
}

/** The suffix finding for a word written joined (no ZWNJ before its last part), if any. */
function joinedSuffix(word: string): { suggestion: string; safe: boolean } | undefined {
  const segments = word.split(ZWNJ);
  const last = segments.at(-1)!;
  const head = word.slice(0, word.length - last.length);
  const folded = fold(last);
  if (NOT_SUFFIXED.has(fold(word)) || NOT_SUFFIXED.has(folded)) return undefined;
  const split = (count: number, safe = true) => ({ suggestion: head + joinAt(last, count), safe });

  const plural = PLURAL_SUFFIXES.find((s) => folded.endsWith(s) && folded.length > s.length);
  if (plural) {
    const stem = folded.slice(0, -plural.length);
    if (stem.length >= 2 && (plural === 'های' || plural === 'هایم')) {
      // «نامهای» is «نامه‌ای» or «نام‌های», «بیستدقیقهای» is …دقیقه‌ای or …دقیق‌های, and after a
      // past stem «پرداختهای» is «پرداخته‌ای» (a participle) or «پرداخت‌های» (payments): not sure.
      if (PAST_STEMS.has(stem) || endsWithHFinalWord(stem + 'ه')) {
        const asH = head + joinAt(last, stem.length + 1);
        const asPlural = head + joinAt(last, stem.length);
        return { suggestion: `${asH} | ${asPlural}`, safe: false };
      }
    }
    if (stem.length < 2 || !joins(stem.at(-1))) return undefined;
    return split(stem.length);
  }
  if (folded.endsWith('ترین')) {
    const stem = folded.slice(0, -4);
    if (stem.length < 2 || JOINED_COMPARATIVES.has(stem) || !joins(stem.at(-1))) return undefined;
    return split(stem.length);
  }
  if (folded.endsWith('تر')) {
    const stem = folded.slice(0, -2);
    if (!COMPARABLE.has(stem) || !joins(stem.at(-1))) return undefined;
    return split(stem.length);
  }
  if (folded.endsWith('هی') && endsWithHFinalWord(folded.slice(0, -1))) {
    // The ezafe written joined: «نمونهی» is «نمونه‌ی»; «راهی», «ماهی», «گاهی» are words of their own.
    return split(folded.length - 1);
  }
  const copula = COPULA_SUFFIXES.find((s) => folded.endsWith(s));
  if (copula) {
    const stem = folded.slice(0, -copula.length);
    if (stem.length < 3 || !stem.endsWith('ه')) return undefined;
    return split(stem.length);
  }
  return undefined;
}

/** The suffix finding for «word suffix» written with a space, if the space stands for a ZWNJ. */
function spacedSuffix(word: string, suffix: string): boolean | undefined {
  const stem = fold(word.split(ZWNJ).at(-1)!);
  if (PLURAL_SUFFIXES.includes(suffix)) return stem.length >= 2 ? true : undefined;
  if (suffix === 'ترین') return stem.length >= 2 && !JOINED_COMPARATIVES.has(stem) ? true : undefined;
  if (suffix === 'تر') return COMPARABLE.has(stem) ? true : undefined;
  // ام، ای، ایم، اید، اند and the ezafe ی after a word ending in ه: «کرده اند», «نمونه ی».
  if (!stem.endsWith('ه') || H_FUNCTION_WORDS.has(stem)) return undefined;
  return suffix === 'ی' ? stem.length >= 2 || undefined : stem.length >= 3 || undefined;
}

const zwnjSuffix: Rule = {
  kind: 'zwnj-suffix',
  locales: ['fa'],
  find(text) {
    const findings: Finding[] = [];
    for (const { index, word } of persianWords(text)) {
      const result = joinedSuffix(word);
      if (result) findings.push(replaceWhole(index, word, result.suggestion, result.safe));
    }
    for (const m of text.matchAll(SPACED_SUFFIX)) {
      const [found, word, suffix] = m as unknown as [string, string, string];
      const safe = spacedSuffix(word, suffix);
      if (safe !== undefined) findings.push(replaceWhole(m.index, found, word + ZWNJ + suffix, safe));
    }
    return findings;
  },
};

// --- quotes ------------------------------------------------------------------------------------

/** Before an opening quote: nothing, a space or an opening bracket or dash. */
const OPENS_AFTER = /[\s([{«„—–\-/]/;
/** After a closing quote: nothing, a space or punctuation. */
const CLOSES_BEFORE = /[\s.,;:!?،؛؟)\]}»…—–\-*_]/;

type QuoteRole = 'open' | 'close' | 'either';

function quoteRole(line: string, i: number): QuoteRole {
  const before = line[i - 1];
  const after = line[i + 1];
  const opens = (before === undefined || OPENS_AFTER.test(before)) && after !== undefined && !/\s/.test(after);
  const closes = (after === undefined || CLOSES_BEFORE.test(after)) && before !== undefined && !/\s/.test(before);
  if (opens && !closes) return 'open';
  if (closes && !opens) return 'close';
  return 'either';
}

/**
 * Straight quotes become «» (fa and ru; Russian quotes inside quotes become „“), and in fa
 * English “” too. Quotes are paired within a line; a line whose quotes do not pair is reported,
 * not changed.
 */
const quotes: Rule = {
  kind: 'quotes',
  locales: ['fa', 'ru'],
  find(text, locale) {
    const findings: Finding[] = [];
    let lineStart = 0;
    for (const line of text.split('\n')) {
      findings.push(...lineQuotes(line, lineStart, locale));
      lineStart += line.length + 1;
    }
    return findings;
  },
};

function lineQuotes(line: string, offset: number, locale: OrthographyLocale): Finding[] {
  const convertible = locale === 'fa' ? /["“”]/ : /"/;
  const marks: { at: number; role: QuoteRole; straight: boolean }[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (convertible.test(ch))
      marks.push({ at: i, role: ch === '"' ? quoteRole(line, i) : ch === '“' ? 'open' : 'close', straight: true });
    else if (ch === '«' || ch === '„') marks.push({ at: i, role: 'open', straight: false });
    else if (ch === '»' || (locale === 'ru' && ch === '“')) marks.push({ at: i, role: 'close', straight: false });
  }
  if (!marks.some((m) => m.straight)) return [];
  // Pair the convertible quotes; the writer's own «» only set the depth for Russian „“.
  const pairs: [number, number, number][] = []; // open, close, depth
  const stack: number[] = [];
  let depth = 0;
  let paired = true;
  for (const mark of marks) {
    if (!mark.straight) {
      depth += mark.role === 'open' ? 1 : -1;
      continue;
    }
    const closing = mark.role === 'close' || (mark.role === 'either' && stack.length > 0);
    if (!closing) {
      stack.push(mark.at);
      depth++;
    } else if (stack.length === 0) {
      paired = false;
      break;
    } else {
      depth--;
      pairs.push([stack.pop()!, mark.at, depth]);
    }
  }
  if (!paired || stack.length > 0) {
    return marks
      .filter((m) => m.straight)
      .map((m) =>
        replaceWhole(offset + m.at, line[m.at]!, m.role === 'close' ? '»' : m.role === 'open' ? '«' : '« »', false),
      );
  }
  return pairs.map(([open, close, level]) => {
    const nested = locale === 'ru' && level % 2 === 1;
    const [left, right] = nested ? ['„', '“'] : ['«', '»'];
    const found = line.slice(open, close + 1);
    return {
      index: offset + open,
      found,
      suggestion: left + found.slice(1, -1) + right,
      safe: true,
      edits: [
        { index: offset + open, length: 1, text: left },
        { index: offset + close, length: 1, text: right },
      ],
    };
  });
}

// --- punctuation -------------------------------------------------------------------------------

/** What the punctuation rules look through to find the neighbouring word. */
const TRANSPARENT = /[ \u00A0*_~"'«»“”]/;

function neighbour(text: string, from: number, step: 1 | -1): string | undefined {
  for (let i = from; i >= 0 && i < text.length; i += step) {
    if (!TRANSPARENT.test(text[i]!)) return text[i] === '\n' ? undefined : text[i];
  }
  return undefined;
}

const PERSIAN_PUNCTUATION: Record<string, string> = { ',': '،', ';': '؛', '?': '؟' };

/** , ; ? between Persian words become ، ؛ ؟ (a question mark needs a Persian word before it only). */
const punctuation: Rule = {
  kind: 'punctuation',
  locales: ['fa'],
  find(text) {
    const findings: Finding[] = [];
    for (const m of text.matchAll(/[,;?]/g)) {
      const before = neighbour(text, m.index - 1, -1);
      const after = neighbour(text, m.index + 1, 1);
      if (!before || !(ARABIC_LETTER.test(before) || ARABIC_MARK.test(before))) continue;
      const ok =
        m[0] === '?'
          ? after === undefined || !/[\p{L}\p{N}]/u.test(after) || ARABIC_LETTER.test(after)
          : after !== undefined && (ARABIC_LETTER.test(after) || /[\u06F0-\u06F9]/.test(after));
      if (ok) findings.push(replaceWhole(m.index, m[0], PERSIAN_PUNCTUATION[m[0]]!, true));
    }
    return findings;
  },
};

// --- spacing -----------------------------------------------------------------------------------

const CLUSTER = /([ \u00A0]*)([،؛؟!:.]+)([ \u00A0]*)/g;

/**
 * Persian spacing around punctuation, one edit per cluster of spaces and marks so the rule is
 * its own fixed point: no space before ، ؛ ؟ . ! :, one after when a Persian word follows (not
 * inside abbreviations such as «ه.ش»), and no space just inside «».
 */
const spacing: Rule = {
  kind: 'spacing',
  locales: ['fa'],
  find(text) {
    const findings: Finding[] = [];
    for (const m of text.matchAll(CLUSTER)) {
      const [found, spaceBefore, marks, spaceAfter] = m as unknown as [string, string, string, string];
      const prev = text[m.index - 1];
      const next = text[m.index + found.length];
      if (
        prev === undefined ||
        !(ARABIC_LETTER.test(prev) || ARABIC_MARK.test(prev) || /[\u06F0-\u06F9»]/.test(prev))
      ) {
        continue;
      }
      if (marks.startsWith('!') && next === '[') continue; // «متن ![تصویر](…)» is an image
      if (marks === ':' && next !== undefined && /[()DPp|/]/.test(next)) continue; // «:)» is a smiley
      const latinNext = next !== undefined && /[\p{L}\p{N}]/u.test(next) && !ARABIC_LETTER.test(next);
      const before = latinNext ? spaceBefore : '';
      let after = spaceAfter;
      // «ه.ش», «ج.ا.ا»: a full stop after a one-letter word is an abbreviation's.
      const abbreviation = marks === '.' && !ARABIC_LETTER.test(text[m.index - 2] ?? '');
      if (next === '»') after = '';
      else if (next !== undefined && (ARABIC_LETTER.test(next) || next === '«') && !abbreviation) after = ' ';
      else if (next !== undefined && next !== '\n' && spaceAfter.length > 1 && /[،؛؟]/.test(marks)) after = ' ';
      const suggestion = before + marks + after;
      if (suggestion !== found) findings.push(replaceWhole(m.index, found, suggestion, true));
    }
    // A space before « and after » when a Persian word touches them: «گفت«سلام»و» → «گفت «سلام» و».
    for (const m of text.matchAll(new RegExp(`(?<=[${AL}${MARKS}])«|»(?=[${AL}])`, 'gu'))) {
      findings.push(replaceWhole(m.index, m[0], m[0] === '«' ? ' «' : '» ', true));
    }
    for (const m of text.matchAll(/«[ \u00A0]+|(?<=[^\s])[ \u00A0]+»/g)) {
      // A cluster just before » already dropped its space; this is the space alone.
      if (/[،؛؟!:.]/.test(text[m.index - 1] ?? '') && m[0].endsWith('»')) continue;
      findings.push(replaceWhole(m.index, m[0], m[0].trim(), true));
    }
    return findings;
  },
};

// --- dashes ------------------------------------------------------------------------------------

const SPACED_HYPHEN = /(?<=[\p{L}\p{N}»)!?.,…"'\]*_][ \u00A0]+)(?:--?|–)(?=[ \u00A0]+[\p{L}\p{N}«("'[*_])/gu;

/** Russian: a hyphen (or -- or –) with spaces around it between words is an em dash. */
const dashes: Rule = {
  kind: 'dashes',
  locales: ['ru'],
  find(text) {
    return [...text.matchAll(SPACED_HYPHEN)].map((m) => replaceWhole(m.index, m[0], '—', true));
  },
};

/** In the order the fixer applies them: letters before the word rules, quotes before punctuation and spacing. */
export const rules: readonly Rule[] = [
  arabicLetters,
  digits,
  zwnjPrefix,
  zwnjSuffix,
  quotes,
  punctuation,
  spacing,
  dashes,
];

export { HOLE };
