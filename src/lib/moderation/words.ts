// Watched words: per locale, each with an action (block the post, hold it for approval, censor
// the word). Matching runs on the one search normalization (src/lib/search/normalize.ts: Arabic
// ي/ك → ی/ک, Persian/Arabic digits → ASCII, tatweel, harakat, ZWNJ and other invisible joiners
// dropped, ё = е, NFKC so full-width letters fold) and on whole words, so a banned word inside an
// innocent longer word does not trigger (the Scunthorpe problem); a word ending in `*` matches
// as a prefix on purpose. A Persian watched word also catches its inflections: plural ها/ان (and
// گان after a silent ه, یان after ا/و), the indefinite or ezafe ی (ای after a vowel), the
// possessive forms of ها; written solid, with ZWNJ or with a space. Written solid, a short word
// and its ending are often a whole other word (تن + ها is «تنها», "alone"; کس + ی is «کسی»,
// "someone"; ارز + ان is «ارزان», "cheap"; پای + ان is «پایان», "end"), so solid ها forms count
// from three letters, solid ان and ی forms from four; with ZWNJ or a space they always count.
// Russian has no such rule: its moderators write the stem with `*` (`мошенни*`). Cyrillic/Latin look-alikes (`spаm` with a Cyrillic а) are caught by
// comparing UTS #39 skeletons (unhomoglyph, as for display names), but only for words that mix
// scripts or are written in a script foreign to the post's language, so that Russian «сор» never
// matches an English "cop".
import unhomoglyph from 'unhomoglyph';
import { parse } from 'csv-parse/sync';
import { lockKeys, type Db } from '../db/index.ts';
import type { WatchedWordAction } from '../db/schema.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';
import { graphemeCount } from '../auth/names.ts';
import { toCsv } from '../analytics/csv.ts';
import { isLocale, locales, type Locale } from '../../i18n/locales.ts';
import { normalize } from '../search/normalize.ts';
import { cleanUserText } from '../text.ts';
import { recordModeration } from './audit.ts';

export const WATCHED_WORD_ACTIONS: readonly WatchedWordAction[] = ['block', 'hold', 'censor'];

export function isWatchedWordAction(value: unknown): value is WatchedWordAction {
  return typeof value === 'string' && (WATCHED_WORD_ACTIONS as readonly string[]).includes(value);
}
/** Strongest first: one blocking word decides, then hold, then censor. */
const STRENGTH: Record<WatchedWordAction, number> = { block: 3, hold: 2, censor: 1 };
export const WORD_MAX = 100;
/** What a censored word becomes, one per letter as readers count them. */
export const CENSOR_MARK = '■';

export interface WatchedWord {
  id: number;
  locale: string;
  word: string;
  action: WatchedWordAction;
  createdAt: number;
}

export type MatchHow = 'exact' | 'prefix' | 'joined' | 'inflection' | 'lookalike';

export interface WordMatch {
  wordId: number;
  /** The watched word as the moderator wrote it. */
  word: string;
  action: WatchedWordAction;
  /** The text as written that matched, and where (UTF-16 offsets into the input). */
  text: string;
  start: number;
  end: number;
  /** Why it matched: the same word once normalized, a `word*` prefix, a Persian affix written apart, a Persian
   * inflection of the word, or look-alike letters. */
  how: MatchHow;
  /** The normalized form both sides were compared in. */
  key: string;
}

export interface TextScreen {
  /** The strongest action among the matches; null when nothing matched. */
  action: WatchedWordAction | null;
  matches: WordMatch[];
  /** The text with every `censor` match blotted out (other matches untouched). */
  censored: string;
}

// A word as written: letters, marks, digits, and the invisible characters people insert to dodge
// a filter (ZWNJ, ZWJ, tatweel, soft hyphen and other format characters) are part of it.
const TOKEN = /[\p{L}\p{M}\p{N}\p{Cf}\u0640]+/gu;
const FORMAT = /\p{Cf}/gu;
const PERSIAN_PREFIXES = new Set(['می', 'نمی']);
const PERSIAN_SUFFIXES = new Set(['ها', 'های', 'هایی', 'تر', 'ترین']);
/** Endings of a Persian noun that leave it the same word (possessives only after ها: a bare م/ت/ش makes other words, خرم, کست). */
const PERSIAN_PLURALS = ['ها', 'های', 'هایی', 'هایم', 'هایت', 'هایش', 'هایمان', 'هایتان', 'هایشان'];
const PERSIAN_WORD = /^\p{Script=Arabic}+$/u;

/** How a form of a Persian watched word is recognized: `stem` letters of the word then the ending; written solid only when the word has `solidMin` letters. */
interface Inflection {
  stem: number;
  solidMin: number;
}

/** The inflected forms of a Persian watched word (normalized key). */
function persianInflections(key: string): Map<string, Inflection> {
  const forms = new Map<string, Inflection>();
  if (!PERSIAN_WORD.test(key)) return forms;
  const n = key.length;
  for (const ending of PERSIAN_PLURALS) forms.set(key + ending, { stem: n, solidMin: 3 });
  forms.set(`${key}ان`, { stem: n, solidMin: 4 });
  forms.set(`${key}ی`, { stem: n, solidMin: 4 });
  const last = key.at(-1);
  // بنده → بندگان; after a vowel the ی of indefiniteness or ezafe is written ای (جنده‌ای) and the plural یان (گدایان).
  if (last === 'ه') forms.set(`${key.slice(0, -1)}گان`, { stem: n - 1, solidMin: 4 });
  if (last === 'ه' || last === 'ا' || last === 'و') forms.set(`${key}ای`, { stem: n, solidMin: 4 });
  if (last === 'ا' || last === 'و') forms.set(`${key}یان`, { stem: n, solidMin: 4 });
  return forms;
}

/** Whether `text` (a word as written, or two joined across a space) has a ZWNJ or a space right after its first `stem` letters once normalized. */
function writtenApartAt(locale: string, text: string, stem: number): boolean {
  for (const [i, char] of [...text].entries()) {
    if (char !== '\u200C' && !/\s/u.test(char)) continue;
    const before = wordKey(locale, [...text].slice(0, i).join(''));
    if (before.replace(/\s+/g, '').length === stem) return true;
  }
  return false;
}

/** The form a single word is compared in: normalize(), lower case, no format characters. */
export function wordKey(locale: string, word: string): string {
  return normalize(locale, word.replace(FORMAT, '')).replace(FORMAT, '').toLowerCase();
}

/** UTS #39 skeleton: what look-alike spellings of a word share. */
export function skeleton(key: string): string {
  return unhomoglyph(key.normalize('NFD')).normalize('NFC').toLowerCase();
}

const SCRIPTS = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
] as const;
const NATIVE: Record<Locale, string> = { fa: 'Arabic', ru: 'Cyrillic', en: 'Latin' };

function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const char of text) for (const [name, re] of SCRIPTS) if (re.test(char)) found.add(name);
  return found;
}

/** Whether a word looks like a dodge: mixed scripts, or a script foreign to the post's language. */
function mayBeLookalike(locale: string, key: string): boolean {
  const scripts = scriptsOf(key);
  if (scripts.size > 1) return true;
  const native = isLocale(locale) ? NATIVE[locale] : null;
  return scripts.size === 1 && native !== null && !scripts.has(native);
}

interface CompiledWord {
  id: number;
  word: string;
  action: WatchedWordAction;
  key: string;
  prefix: boolean;
  skeleton: string;
  inflections: Map<string, Inflection>;
}

function compile(locale: string, words: readonly Pick<WatchedWord, 'id' | 'word' | 'action'>[]): CompiledWord[] {
  return words.flatMap((w) => {
    const prefix = w.word.trim().endsWith('*');
    const key = wordKey(locale, w.word.trim().replace(/\*+$/, '')).replace(/\s+/g, '');
    const inflections = prefix ? new Map<string, Inflection>() : persianInflections(key);
    return key ? [{ id: w.id, word: w.word, action: w.action, key, prefix, skeleton: skeleton(key), inflections }] : [];
  });
}

function inflected(locale: string, token: { text: string; key: string }, word: CompiledWord): boolean {
  const form = word.inflections.get(token.key);
  return form !== undefined && (word.key.length >= form.solidMin || writtenApartAt(locale, token.text, form.stem));
}

/** Screens text against a list of watched words (pure; `testText` and the write paths load the list). */
export function screenText(
  locale: string,
  text: string,
  words: readonly Pick<WatchedWord, 'id' | 'word' | 'action'>[],
): TextScreen {
  const compiled = compile(locale, words);
  const matches: WordMatch[] = [];
  if (compiled.length) {
    const tokens = [...text.matchAll(TOKEN)]
      .map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length, key: wordKey(locale, m[0]) }))
      .filter((t) => t.key);
    const candidates: { text: string; start: number; end: number; key: string; joined: boolean }[] = tokens.map(
      (t) => ({ ...t, joined: false }),
    );
    // Persian affixes written apart (می خرم, کتاب ها) also form the joined word the index sees.
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i]!;
      const b = tokens[i + 1]!;
      if (!/^[\s\u00A0]+$/u.test(text.slice(a.end, b.start))) continue;
      if (PERSIAN_PREFIXES.has(a.key) || PERSIAN_SUFFIXES.has(b.key))
        candidates.push({
          text: text.slice(a.start, b.end),
          start: a.start,
          end: b.end,
          key: a.key + b.key,
          joined: true,
        });
    }
    for (const token of candidates) {
      const lookalike = mayBeLookalike(locale, token.key);
      const tokenSkeleton = lookalike ? skeleton(token.key) : '';
      for (const word of compiled) {
        let how: MatchHow | null = null;
        if (token.key === word.key) how = token.joined ? 'joined' : 'exact';
        else if (word.prefix && token.key.startsWith(word.key)) how = 'prefix';
        else if (inflected(locale, token, word)) how = 'inflection';
        else if (
          lookalike &&
          (tokenSkeleton === word.skeleton || (word.prefix && tokenSkeleton.startsWith(word.skeleton)))
        )
          how = 'lookalike';
        if (how)
          matches.push({
            wordId: word.id,
            word: word.word,
            action: word.action,
            text: token.text,
            start: token.start,
            end: token.end,
            how,
            key: token.key,
          });
      }
    }
    // One place, one match per word: «کلاهبردار ها» is one inflected word, not also the bare one inside it.
    const covered = (m: WordMatch) =>
      matches.some(
        (o) =>
          o !== m && o.wordId === m.wordId && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start,
      );
    matches.splice(0, matches.length, ...matches.filter((m) => !covered(m)));
    matches.sort((a, b) => a.start - b.start || STRENGTH[b.action] - STRENGTH[a.action]);
  }
  const action = matches.reduce<WatchedWordAction | null>(
    (best, m) => (best === null || STRENGTH[m.action] > STRENGTH[best] ? m.action : best),
    null,
  );
  return { action, matches, censored: censor(text, matches) };
}

function censor(text: string, matches: readonly WordMatch[]): string {
  const spans = matches.filter((m) => m.action === 'censor').sort((a, b) => b.start - a.start);
  let out = text;
  let floor = Infinity;
  for (const span of spans) {
    if (span.end > floor) continue; // overlaps a span already blotted out
    out =
      out.slice(0, span.start) +
      CENSOR_MARK.repeat(Math.max(1, graphemeCount(span.text.replace(FORMAT, '')))) +
      out.slice(span.end);
    floor = span.start;
  }
  return out;
}

async function wordsFor(db: Db, locale: string) {
  return db.selectFrom('watched_words').select(['id', 'word', 'action']).where('locale', '=', locale).execute();
}

/** What the locale's watched words would do to this text, and why (the "test this text" box; also the write paths). */
export async function testText(db: Db, locale: string, text: string): Promise<TextScreen> {
  return screenText(locale, text, await wordsFor(db, locale));
}

export type WordProblem = 'invalidLocale' | 'invalidAction' | 'emptyWord' | 'wordTooLong' | 'misplacedWildcard';

/** A watched word as stored, or why it cannot be one. */
export function cleanWatchedWord(
  locale: string,
  word: string,
  action: string,
): { locale: Locale; word: string; normalized: string; action: WatchedWordAction } | { problem: WordProblem } {
  if (!isLocale(locale)) return { problem: 'invalidLocale' };
  if (!(WATCHED_WORD_ACTIONS as readonly string[]).includes(action)) return { problem: 'invalidAction' };
  const trimmed = cleanUserText(word).replace(/\s+/gu, ' ').trim();
  if (graphemeCount(trimmed) > WORD_MAX) return { problem: 'wordTooLong' };
  if (/\*./u.test(trimmed.replace(/\*+$/, '*'))) return { problem: 'misplacedWildcard' };
  const key = wordKey(locale, trimmed.replace(/\*+$/, '')).replace(/\s+/g, '');
  if (!key || !/[\p{L}\p{N}]/u.test(key)) return { problem: 'emptyWord' };
  const prefix = trimmed.endsWith('*');
  return { locale, word: trimmed, normalized: prefix ? `${key}*` : key, action: action as WatchedWordAction };
}

/** The list's filters and page from the address (?locale=&action=&after=) and the word a notice names (?id=); anything malformed is ignored. */
export function readWordsQuery(params: URLSearchParams): {
  locale: Locale | undefined;
  action: WatchedWordAction | undefined;
  after: number | undefined;
  id: number | undefined;
} {
  const id = (name: string) => (/^\d{1,12}$/.test(params.get(name) ?? '') ? Number(params.get(name)) : undefined);
  const locale = params.get('locale');
  const action = params.get('action');
  return {
    locale: isLocale(locale) ? locale : undefined,
    action: isWatchedWordAction(action) ? action : undefined,
    after: id('after'),
    id: id('id'),
  };
}

/** Watched words, by id; keyset with `after` (the last id shown). */
export async function listWatchedWords(
  db: Db,
  viewer: SessionUser | null,
  options: { locale?: string; action?: WatchedWordAction; after?: number; limit?: number } = {},
): Promise<{ words: WatchedWord[]; next: number | null }> {
  requirePermission(viewer, 'moderation');
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  let query = db
    .selectFrom('watched_words')
    .select(['id', 'locale', 'word', 'action', 'created_at'])
    .orderBy('id')
    .limit(limit + 1);
  if (options.locale) query = query.where('locale', '=', options.locale);
  if (options.action) query = query.where('action', '=', options.action);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query.execute();
  const words = rows
    .slice(0, limit)
    .map((r) => ({ id: r.id, locale: r.locale, word: r.word, action: r.action, createdAt: r.created_at }));
  return { words, next: rows.length > limit ? words.at(-1)!.id : null };
}

async function upsertWord(
  trx: Db,
  actorId: number,
  word: { locale: string; word: string; normalized: string; action: WatchedWordAction },
  now: number,
): Promise<{ id: number; created: boolean }> {
  // Two moderators adding the same word at once (Postgres): the second finds the first's row.
  await lockKeys(trx, [`watched_words:${word.locale}:${word.normalized}`]);
  const existing = await trx
    .selectFrom('watched_words')
    .select(['id'])
    .where('locale', '=', word.locale)
    .where('normalized', '=', word.normalized)
    .executeTakeFirst();
  if (existing) {
    await trx
      .updateTable('watched_words')
      .set({ word: word.word, action: word.action })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, created: false };
  }
  const row = await trx
    .insertInto('watched_words')
    .values({ ...word, created_by: actorId, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

/** Adds a watched word, or changes the action of the same word already watched. */
export async function addWatchedWord(
  db: Db,
  actor: SessionUser | null,
  input: { locale: string; word: string; action: string },
  now = Date.now(),
): Promise<{ ok: true; id: number; created: boolean } | { ok: false; problem: WordProblem }> {
  const user = requirePermission(actor, 'moderation');
  const clean = cleanWatchedWord(input.locale, input.word, input.action);
  if ('problem' in clean) return { ok: false, problem: clean.problem };
  return db.transaction().execute(async (trx) => {
    const result = await upsertWord(trx, user.id, clean, now);
    await recordModeration(
      trx,
      {
        actorId: user.id,
        action: 'words.add',
        data: { id: result.id, locale: clean.locale, word: clean.word, action: clean.action, created: result.created },
      },
      now,
    );
    return { ok: true as const, ...result };
  });
}

export async function removeWatchedWord(
  db: Db,
  actor: SessionUser | null,
  id: number,
  now = Date.now(),
): Promise<{ ok: true; changed: boolean }> {
  const user = requirePermission(actor, 'moderation');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('watched_words')
      .where('id', '=', id)
      .returning(['locale', 'word', 'action'])
      .executeTakeFirst();
    if (!row) return { ok: true as const, changed: false };
    await recordModeration(
      trx,
      {
        actorId: user.id,
        action: 'words.remove',
        data: { id, locale: row.locale, word: row.word, action: row.action },
      },
      now,
    );
    return { ok: true as const, changed: true };
  });
}

export const WORDS_CSV_HEADER = ['locale', 'word', 'action'] as const;

/** Watched words as CSV (locale, word, action), all locales or one. */
export async function exportWatchedWordsCsv(db: Db, viewer: SessionUser | null, locale?: string): Promise<string> {
  requirePermission(viewer, 'moderation');
  let query = db.selectFrom('watched_words').select(['locale', 'word', 'action']).orderBy('locale').orderBy('id');
  if (locale) query = query.where('locale', '=', locale);
  const rows = await query.execute();
  return toCsv(
    WORDS_CSV_HEADER,
    rows.map((r) => [r.locale, r.word, r.action]),
  );
}

export interface ImportProblem {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  problem: WordProblem | 'columns' | 'unparsable';
}

/** Imports watched words from CSV (header `locale,word,action`, as exported). Valid rows are added or updated; the others are reported by line. */
export async function importWatchedWordsCsv(
  db: Db,
  actor: SessionUser | null,
  csv: string,
  now = Date.now(),
): Promise<{ ok: true; added: number; updated: number; problems: ImportProblem[] }> {
  const user = requirePermission(actor, 'moderation');
  let records: { record: string[]; line: number }[];
  try {
    const parsed = parse(csv, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    records = parsed.map((p) => ({ record: p.record, line: p.info.lines }));
  } catch (error) {
    const line = Number((error as { lines?: number }).lines) || 1;
    return { ok: true, added: 0, updated: 0, problems: [{ line, problem: 'unparsable' }] };
  }
  const problems: ImportProblem[] = [];
  const valid: ReturnType<typeof cleanWatchedWord>[] = [];
  const first = records[0]?.record.map((c) => c.trim().toLowerCase());
  const body = first && first[0] === 'locale' && first[1] === 'word' ? records.slice(1) : records;
  for (const { record, line } of body) {
    if (record.length !== 3) {
      problems.push({ line, problem: 'columns' });
      continue;
    }
    // Undo the export's formula guard: a leading apostrophe before = + - @.
    const [locale, word, action] = record.map((cell) => cell.replace(/^'(?=[=+\-@\uff1d\uff0b\uff0d\uff20])/u, '')) as [
      string,
      string,
      string,
    ];
    const clean = cleanWatchedWord(locale.trim(), word, action.trim().toLowerCase());
    if ('problem' in clean) problems.push({ line, problem: clean.problem });
    else valid.push(clean);
  }
  return db.transaction().execute(async (trx) => {
    let added = 0;
    let updated = 0;
    for (const word of valid) {
      if ('problem' in word) continue;
      const result = await upsertWord(trx, user.id, word, now);
      if (result.created) added++;
      else updated++;
    }
    await recordModeration(
      trx,
      { actorId: user.id, action: 'words.import', data: { added, updated, rejected: problems.length } },
      now,
    );
    return { ok: true as const, added, updated, problems };
  });
}

export { locales as watchedWordLocales };
