// The watched-words page's forms: one POST names its `intent` (add, remove, test, import) and
// this module turns it into one call of words.ts, then says what the page's forms show next:
// what was typed where it needs fixing, the test's verdict, the import's report. The page maps
// the outcome to its answer (wordsAnswer: a 303 or a status) and renders; the rules live here.
import type { SessionUser } from '../auth/session.ts';
import type { Db } from '../db/index.ts';
import { readFormWithText, type FormWithText } from '../http/form.ts';
import type { FormAnswer, FormNotice } from '../http/form-answer.ts';
import { getWatchedWord } from './admin.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import {
  addWatchedWord,
  importWatchedWordsCsv,
  removeWatchedWord,
  testText,
  type ImportProblem,
  type TextScreen,
  type WordProblem,
} from './words.ts';

/** The largest CSV an import takes, uploaded or pasted. */
export const IMPORT_MAX_BYTES = 256 * 1024;

/** Why an import was not run at all. */
export type ImportRefusal = 'tooLarge' | 'notText' | 'empty';

export type WordsFormOutcome =
  | { intent: 'add'; ok: true; id: number; created: boolean }
  | { intent: 'add'; ok: false; problem: WordProblem; typed: { word: string; locale: Locale; action: string } }
  | { intent: 'remove'; ok: boolean }
  | { intent: 'test'; locale: Locale; text: string; screen?: TextScreen | undefined }
  | {
      intent: 'import';
      pasted: string;
      refused?: ImportRefusal;
      imported?: { added: number; updated: number; problems: ImportProblem[] };
    }
  | { intent: 'invalid' };

/** The page's body: fields, an optional CSV file, a pasted CSV kept whole. */
export function readWordsForm(request: Request): Promise<FormWithText> {
  return readFormWithText(request, { file: 'file', long: ['csv'], maxBytes: IMPORT_MAX_BYTES });
}

/** The form's intent. A body declared far too large is not read at all: only the import takes large bodies. */
export function wordsIntent(form: FormWithText): string | undefined {
  return form.fields.intent ?? (form.tooLarge ? 'import' : undefined);
}

/** The poster's rate limit for this form: tests (nothing stored) get their own, larger one. */
export function wordsLimit(form: FormWithText, userId: number): { key: string; max: number } {
  return wordsIntent(form) === 'test'
    ? { key: `moderation-words-test:${userId}`, max: 300 }
    : { key: `moderation-words:${userId}`, max: 120 };
}

/** Runs the form; `fallback` is the language a field without a valid one is taken in. */
export async function runWordsForm(
  db: Db,
  user: SessionUser,
  form: FormWithText,
  fallback: Locale,
): Promise<WordsFormOutcome> {
  const { fields } = form;
  const locale = isLocale(fields.locale) ? fields.locale : fallback;
  switch (wordsIntent(form)) {
    case 'add': {
      const result = await addWatchedWord(db, user, {
        locale: fields.locale ?? '',
        word: fields.word ?? '',
        action: fields.action ?? '',
      });
      if (result.ok) return { intent: 'add', ...result };
      return {
        intent: 'add',
        ok: false,
        problem: result.problem,
        typed: { word: fields.word ?? '', locale, action: fields.action ?? 'block' },
      };
    }
    case 'remove':
      if (!/^\d{1,12}$/.test(fields.id ?? '')) break;
      return { intent: 'remove', ok: (await removeWatchedWord(db, user, Number(fields.id))).changed };
    case 'test': {
      const text = fields.text ?? '';
      return { intent: 'test', locale, text, screen: text.trim() ? await testText(db, locale, text) : undefined };
    }
    case 'import': {
      const pasted = fields.csv ?? '';
      const csv = form.file ?? (pasted.trim() ? pasted : null);
      const refused = form.tooLarge ? 'tooLarge' : form.notText ? 'notText' : csv === null ? 'empty' : undefined;
      if (refused || csv === null) return { intent: 'import', pasted, refused: refused ?? 'empty' };
      const imported = await importWatchedWordsCsv(db, user, csv);
      // The pasted text is kept only when some of it needs fixing.
      return { intent: 'import', pasted: imported.problems.length ? pasted : '', imported };
    }
  }
  return { intent: 'invalid' };
}

/** A change goes back to the page (303, the notice names the stored word by id); a refusal or a report shows the page again. */
export function wordsAnswer(outcome: WordsFormOutcome): FormAnswer {
  switch (outcome.intent) {
    case 'add':
      return outcome.ok
        ? { redirect: { done: outcome.created ? 'added' : 'updated', id: String(outcome.id) } }
        : { status: 422 };
    case 'remove':
      return outcome.ok ? { redirect: { done: 'removed', id: null } } : { status: 404, error: 'mod.words.gone' };
    case 'test':
      return {};
    case 'import':
      return { status: outcome.refused || outcome.imported?.problems.length ? 422 : undefined };
    case 'invalid':
      return { status: 400, error: 'mod.user.invalid' };
  }
}

/** The notice `?done=` names. A word added or updated is named as stored (by `?id=`), never as text taken from the address. */
export async function wordsNotice(
  db: Db,
  user: SessionUser,
  done: string,
  id: number | undefined,
): Promise<FormNotice | undefined> {
  if (done === 'removed') return { kind: 'success', key: 'mod.words.removed' };
  if ((done !== 'added' && done !== 'updated') || !id) return undefined;
  const saved = await getWatchedWord(db, user, id);
  if (!saved) return undefined;
  return {
    kind: 'success',
    key: done === 'added' ? 'mod.words.added' : 'mod.words.updated',
    vars: { word: `\u2068${saved.word}\u2069` },
  };
}

/** What the page's forms show: after a post, its outcome; after a refused post (rate limit), what was typed in the test and import boxes. */
export function wordsForms(form: FormWithText | undefined, outcome: WordsFormOutcome | undefined, fallback: Locale) {
  const fields = form?.fields ?? {};
  const locale = isLocale(fields.locale) ? fields.locale : fallback;
  const intent = outcome?.intent ?? (form && wordsIntent(form));
  const typedTest = intent === 'test' ? { locale, text: fields.text ?? '' } : { locale: fallback, text: '' };
  return {
    add:
      outcome?.intent === 'add' && !outcome.ok
        ? { ...outcome.typed, problem: outcome.problem }
        : { word: '', locale: fallback, action: 'block', problem: undefined },
    test: outcome?.intent === 'test' ? outcome : { ...typedTest, screen: undefined },
    import:
      outcome?.intent === 'import'
        ? outcome
        : { pasted: intent === 'import' ? (fields.csv ?? '') : '', refused: undefined, imported: undefined },
  };
}
