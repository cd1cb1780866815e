// The watched-words page's form runner (lib/moderation/words-form.ts): each intent reaches its
// function, bad input is refused with what was typed kept, and the answer the page sends.
import { describe, expect, it } from 'vitest';
import type { FormWithText } from '../../../src/lib/http/form.ts';
import { runWordsForm, wordsAnswer, wordsForms, wordsNotice } from '../../../src/lib/moderation/words-form.ts';
import { testDb, testUser } from '../helpers.ts';

const form = (fields: Record<string, string>, over: Partial<FormWithText> = {}): FormWithText => ({
  fields,
  file: null,
  tooLarge: false,
  notText: false,
  ...over,
});

async function setup() {
  const db = await testDb();
  const moderator = await testUser(db, 'Mod', { role: 'moderator' });
  return { db, moderator };
}

describe('watched words form', () => {
  it('adds a word, then finds it when testing a text, and removes it', async () => {
    const { db, moderator } = await setup();
    const added = await runWordsForm(
      db,
      moderator,
      form({ intent: 'add', locale: 'en', word: 'scam', action: 'block' }),
      'en',
    );
    expect(added).toMatchObject({ intent: 'add', ok: true, created: true });
    if (added.intent !== 'add' || !added.ok) throw new Error('not added');
    expect(wordsAnswer(added)).toEqual({ redirect: { done: 'added', id: String(added.id) } });
    // The notice names the word as stored, found by id; without an id there is none.
    expect(await wordsNotice(db, moderator, 'added', added.id)).toEqual({
      kind: 'success',
      key: 'mod.words.added',
      vars: { word: '\u2068scam\u2069' },
    });
    expect(await wordsNotice(db, moderator, 'updated', undefined)).toBeUndefined();

    const tested = await runWordsForm(
      db,
      moderator,
      form({ intent: 'test', locale: 'en', text: 'This is a scam.' }),
      'fa',
    );
    expect(tested).toMatchObject({ intent: 'test', locale: 'en', screen: { action: 'block' } });
    expect(wordsAnswer(tested)).toEqual({});

    const removed = await runWordsForm(db, moderator, form({ intent: 'remove', id: String(added.id) }), 'en');
    expect(removed).toEqual({ intent: 'remove', ok: true });
    expect(wordsAnswer(removed)).toEqual({ redirect: { done: 'removed', id: null } });
    expect(await db.selectFrom('watched_words').selectAll().execute()).toEqual([]);
    // Removed twice: nothing left to remove is a 404.
    expect(
      wordsAnswer(await runWordsForm(db, moderator, form({ intent: 'remove', id: String(added.id) }), 'en')),
    ).toEqual({ status: 404, error: 'mod.words.gone' });
  });

  it('refuses a bad word with what was typed kept, and an unknown intent as invalid', async () => {
    const { db, moderator } = await setup();
    const refused = await runWordsForm(
      db,
      moderator,
      form({ intent: 'add', locale: 'xx', word: '   ', action: 'block' }),
      'ru',
    );
    expect(refused).toEqual({
      intent: 'add',
      ok: false,
      problem: 'invalidLocale',
      typed: { word: '   ', locale: 'ru', action: 'block' },
    });
    expect(wordsAnswer(refused)).toEqual({ status: 422 });
    expect(wordsForms(undefined, refused, 'en').add).toEqual({
      word: '   ',
      locale: 'ru',
      action: 'block',
      problem: 'invalidLocale',
    });
    expect(await db.selectFrom('watched_words').selectAll().execute()).toEqual([]);

    const invalid = await runWordsForm(db, moderator, form({ intent: 'remove', id: 'x' }), 'en');
    expect(invalid).toEqual({ intent: 'invalid' });
    expect(wordsAnswer(invalid)).toEqual({ status: 400, error: 'mod.user.invalid' });
  });

  it('imports CSV, keeps the pasted text only when a line needs fixing, and refuses an empty or oversized import', async () => {
    const { db, moderator } = await setup();
    const clean = await runWordsForm(
      db,
      moderator,
      form({ intent: 'import', csv: 'locale,word,action\nen,spam,hold\n' }),
      'en',
    );
    expect(clean).toMatchObject({ intent: 'import', pasted: '', imported: { added: 1, updated: 0, problems: [] } });
    expect(wordsAnswer(clean)).toEqual({ status: undefined });

    const bad = await runWordsForm(
      db,
      moderator,
      form({ intent: 'import', csv: 'en,spam,censor\nen,ham,explode\n' }),
      'en',
    );
    expect(bad).toMatchObject({
      intent: 'import',
      pasted: 'en,spam,censor\nen,ham,explode\n',
      imported: { added: 0, updated: 1, problems: [{ line: 2, problem: 'invalidAction' }] },
    });
    expect(wordsAnswer(bad)).toEqual({ status: 422 });

    expect(await runWordsForm(db, moderator, form({ intent: 'import', csv: '  ' }), 'en')).toEqual({
      intent: 'import',
      pasted: '  ',
      refused: 'empty',
    });
    // A body too large to read has no intent field: it was the import.
    const tooLarge = await runWordsForm(db, moderator, form({}, { tooLarge: true }), 'en');
    expect(tooLarge).toEqual({ intent: 'import', pasted: '', refused: 'tooLarge' });
    expect(wordsAnswer(tooLarge)).toEqual({ status: 422 });
  });

  it('after a refused post (rate limit) the test and import boxes show what was typed', () => {
    expect(wordsForms(form({ intent: 'test', locale: 'fa', text: 'سلام' }), undefined, 'en').test).toEqual({
      locale: 'fa',
      text: 'سلام',
      screen: undefined,
    });
    expect(wordsForms(form({ intent: 'import', csv: 'en,a,block' }), undefined, 'en').import.pasted).toBe('en,a,block');
    expect(wordsForms(undefined, undefined, 'ru')).toMatchObject({
      add: { word: '', locale: 'ru', action: 'block' },
      test: { locale: 'ru', text: '' },
      import: { pasted: '' },
    });
  });
});
