// The watched-words page's data (lib/moderation/words-view.ts) and its rate limit
// (words-form.ts wordsLimit): the forms' state, the list, an import refused for its size with
// the limit in KB, and tests limited apart from changes.
import { describe, expect, it } from 'vitest';
import type { FormWithText } from '../../../src/lib/http/form.ts';
import { runWordsForm, wordsLimit } from '../../../src/lib/moderation/words-form.ts';
import { wordsView } from '../../../src/lib/moderation/words-view.ts';
import { readWordsQuery } from '../../../src/lib/moderation/words.ts';
import { testDb, testUser } from '../helpers.ts';

const form = (fields: Record<string, string>, over: Partial<FormWithText> = {}): FormWithText => ({
  fields,
  file: null,
  tooLarge: false,
  notText: false,
  ...over,
});

describe('watched words page data', () => {
  it('lists the words and says why an import was refused', async () => {
    const db = await testDb();
    const moderator = await testUser(db, 'Mod', { role: 'moderator' });
    await runWordsForm(db, moderator, form({ intent: 'add', locale: 'en', word: 'scam', action: 'block' }), 'en');
    const query = readWordsQuery(new URLSearchParams());
    const plain = await wordsView(db, moderator, query, {}, 'fa');
    expect(plain.list.words.map((w) => w.word)).toEqual(['scam']);
    expect(plain.refusal).toBeUndefined();
    expect(plain.add.locale).toBe('fa');

    const tooLarge = form({}, { tooLarge: true });
    const outcome = await runWordsForm(db, moderator, tooLarge, 'en');
    const refused = await wordsView(db, moderator, query, { form: tooLarge, outcome }, 'en');
    expect(refused.refusal).toEqual({ key: 'mod.words.csv.tooLarge', size: 256 });
  });
});

describe('watched words rate limit', () => {
  it('counts tests apart from changes', () => {
    expect(wordsLimit(form({ intent: 'test' }), 7)).toEqual({ key: 'moderation-words-test:7', max: 300 });
    expect(wordsLimit(form({ intent: 'add' }), 7)).toEqual({ key: 'moderation-words:7', max: 120 });
    expect(wordsLimit(form({}, { tooLarge: true }), 7)).toEqual({ key: 'moderation-words:7', max: 120 });
  });
});
