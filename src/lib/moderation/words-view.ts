// The watched-words page's data after its form (or none) was handled: what the add, test and
// import forms show (wordsForms), one page of the list with the address's filters, and why an
// import was not run, as a message key with the size limit it names.
import type { SessionUser } from '../auth/session.ts';
import type { Db } from '../db/index.ts';
import type { FormWithText } from '../http/form.ts';
import type { Locale } from '../../i18n/locales.ts';
import { IMPORT_MAX_BYTES, wordsForms, type WordsFormOutcome } from './words-form.ts';
import { listWatchedWords, type readWordsQuery } from './words.ts';

export async function wordsView(
  db: Db,
  viewer: SessionUser,
  query: ReturnType<typeof readWordsQuery>,
  post: { form?: FormWithText | undefined; outcome?: WordsFormOutcome | undefined },
  fallback: Locale,
) {
  const { add, test, import: csv } = wordsForms(post.form, post.outcome, fallback);
  const list = await listWatchedWords(db, viewer, { ...query, limit: 50 });
  const refusal = csv.refused && { key: `mod.words.csv.${csv.refused}` as const, size: IMPORT_MAX_BYTES / 1024 };
  return { add, test, csv, list, refusal };
}
