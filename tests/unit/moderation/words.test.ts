import { describe, expect, it } from 'vitest';
import { editPost, reply } from '../../../src/lib/forum/posts.ts';
import { createThread, threadPage } from '../../../src/lib/forum/threads.ts';
import {
  addWatchedWord,
  exportWatchedWordsCsv,
  importWatchedWordsCsv,
  listReviewItems,
  listWatchedWords,
  screenText,
  testText,
} from '../../../src/lib/moderation/index.ts';
import { ok } from '../factories.ts';
import { T0, blns, person, setup } from './fixture.ts';

describe('watched words', () => {
  const words = [
    { id: 1, word: 'کس', action: 'block' as const },
    { id: 2, word: 'کلاهبردار', action: 'hold' as const },
    { id: 3, word: 'بلядь', action: 'block' as const },
    { id: 4, word: 'бля', action: 'censor' as const },
    { id: 5, word: 'ass', action: 'censor' as const },
    { id: 6, word: 'casino', action: 'hold' as const },
    { id: 7, word: 'spam*', action: 'block' as const },
    { id: 8, word: '09121234567', action: 'hold' as const },
    { id: 9, word: 'мошенник', action: 'hold' as const },
    { id: 10, word: 'می‌فروشم', action: 'hold' as const },
  ];
  const hits = (locale: string, text: string) => screenText(locale, text, words).matches.map((m) => [m.wordId, m.how]);

  it('sees through ZWNJ, tatweel, Arabic letters and Persian digits', () => {
    expect(hits('fa', 'او کلاه‌بردار است')).toEqual([[2, 'exact']]); // ZWNJ inside
    expect(hits('fa', 'او کلاهبـــردار است')).toEqual([[2, 'exact']]); // tatweel
    expect(hits('fa', 'او كلاهبردار است')).toEqual([[2, 'exact']]); // Arabic kaf
    expect(hits('fa', 'با ۰۹۱۲۱۲۳۴۵۶۷ تماس بگیرید')).toEqual([[8, 'exact']]); // Persian digits
    expect(hits('fa', 'با ٠٩١٢١٢٣٤٥٦٧ تماس بگیرید')).toEqual([[8, 'exact']]); // Arabic-Indic digits
    expect(hits('fa', 'ارزان مي فروشم')).toEqual([[10, 'joined']]); // Arabic yeh, prefix written apart
    expect(hits('fa', 'ارزان میفروشم')).toEqual([[10, 'exact']]);
    expect(hits('ru', 'он мошeнник')).toEqual([[9, 'lookalike']]); // Latin e inside Cyrillic
    expect(hits('ru', 'он мошённик')).toEqual([[9, 'exact']]); // ё folds to е
    expect(hits('en', 'play at the cаsino')).toEqual([[6, 'lookalike']]); // Cyrillic а
    expect(hits('en', 'play at the ｃａｓｉｎｏ')).toEqual([[6, 'exact']]); // full width
    expect(hits('en', 'play at the cas\u00ADino or c\u200Basino')).toEqual([
      [6, 'exact'],
      [6, 'exact'],
    ]); // soft hyphen, zero-width space
    expect(hits('en', 'spammers and spamming')).toEqual([
      [7, 'prefix'],
      [7, 'prefix'],
    ]);
  });

  it('matches whole words only (the Scunthorpe problem) in fa, ru and en', () => {
    expect(hits('fa', 'کسب و کار من و کسی که آمد')).toEqual([]); // کس inside کسب, کسی
    expect(hits('fa', 'این کس را نمی‌شناسم')).toEqual([[1, 'exact']]);
    expect(hits('ru', 'Корабля не было, а вот оскорбляет он часто')).toEqual([]); // бля inside корабля, оскорбляет
    expect(hits('ru', 'ну бля')).toEqual([[4, 'exact']]);
    expect(hits('en', 'A classic assistant passed the class in Scunthorpe')).toEqual([]);
    expect(hits('en', 'what an ass')).toEqual([[5, 'exact']]);
    // A Russian word that happens to look like an English one is left alone in Russian text.
    expect(screenText('ru', 'сор', [{ id: 1, word: 'cop', action: 'block' }]).matches).toEqual([]);
  });

  it('catches Persian inflections of a watched word: plurals, ی, possessives, solid, with ZWNJ or a space, Arabic letters', () => {
    const persian = [
      { id: 1, word: 'کلاهبردار', action: 'hold' as const },
      { id: 2, word: 'دزد', action: 'hold' as const },
      { id: 3, word: 'جنده', action: 'censor' as const },
      { id: 4, word: 'کس', action: 'block' as const },
    ];
    const caught = (text: string) => screenText('fa', text, persian).matches.map((m) => [m.word, m.how, m.text]);
    expect(caught('مراقب کلاهبردارها باشید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارها']]);
    expect(caught('مراقب کلاهبردار‌ها باشید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردار‌ها']]); // ZWNJ
    expect(caught('مراقب کلاهبردار ها باشید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردار ها']]); // space, one match, not two
    expect(caught('شگردهای کلاهبردارهای اینترنتی')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارهای']]);
    expect(caught('شگردهای کلاهبردارها‌ی اینترنتی')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارها‌ی']]); // ZWNJ inside های
    expect(caught('شگردهای كلاهبردارهاي اینترنتی')).toEqual([['کلاهبردار', 'inflection', 'كلاهبردارهاي']]); // Arabic kaf and yeh
    expect(caught('فریب کلاهبرداران را نخورید')).toEqual([['کلاهبردار', 'inflection', 'کلاهبرداران']]);
    expect(caught('یک کلاهبرداری تمام‌عیار بود')).toEqual([['کلاهبردار', 'inflection', 'کلاهبرداری']]);
    expect(caught('پول‌هایم را کلاهبردارهایشان بردند')).toEqual([['کلاهبردار', 'inflection', 'کلاهبردارهایشان']]);
    expect(caught('دزدها دیشب آمدند')).toEqual([['دزد', 'inflection', 'دزدها']]);
    expect(caught('دزد‌ها دیشب آمدند')).toEqual([['دزد', 'inflection', 'دزد‌ها']]);
    expect(caught('این جنده‌ای بیش نیست')).toEqual([['جنده', 'inflection', 'جنده‌ای']]); // ای after a silent ه
    expect(caught('از جندگان نوشته بود')).toEqual([['جنده', 'inflection', 'جندگان']]); // ه → گان
    expect(caught('کس‌ها را نمی‌شناسم')).toEqual([['کس', 'inflection', 'کس‌ها']]); // a short word with ZWNJ still counts
    expect(screenText('fa', 'این جنده‌ها', persian).censored).toBe('این ■■■■■■');
  });

  it('no new Scunthorpe cases: a longer different word, or a short word whose ending makes another word, is left alone', () => {
    const persian = [
      { id: 1, word: 'کلاه', action: 'hold' as const },
      { id: 2, word: 'کس', action: 'block' as const },
      { id: 3, word: 'ارز', action: 'hold' as const },
      { id: 4, word: 'دزد', action: 'hold' as const },
      { id: 5, word: 'تن', action: 'hold' as const },
    ];
    const caught = (text: string) => screenText('fa', text, persian).matches.map((m) => m.text);
    expect(caught('یک کلاهبردار به من زنگ زد')).toEqual([]); // کلاه inside کلاهبردار
    expect(caught('از کلاهبرداری‌ها خسته شدم')).toEqual([]);
    expect(caught('کسی زنگ نزد؛ کسان دیگری آمدند')).toEqual([]); // کس + ی = someone, کس + ان
    expect(caught('کسب و کار کوچکی دارم')).toEqual([]);
    expect(caught('این گوشی خیلی ارزان است')).toEqual([]); // ارز + ان = cheap
    expect(caught('دزدگیر ماشین خراب شد')).toEqual([]); // a compound, not an inflection
    expect(caught('تنها راهش همین است')).toEqual([]); // تن + ها = alone
    // The same words, inflected, are caught.
    expect(caught('کلاهی سرم گذاشتند و کلاه‌ها را بردند')).toEqual(['کلاهی', 'کلاه‌ها']);
    expect(caught('خرید ارزها و تبدیل ارز‌ها')).toEqual(['ارزها', 'ارز‌ها']);
    expect(caught('دزدی کردند؛ دزدان فرار کردند')).toEqual([]); // solid ی and ان need four letters (ارزان); دزد‌ها above still counts
  });

  it('censors in place, and the strongest action wins', () => {
    const screen = screenText('ru', 'ну бля, ну БЛЯ', words);
    expect(screen.censored).toBe('ну ■■■, ну ■■■');
    expect(screen.action).toBe('censor');
    expect(screenText('en', 'spam and casino and ass', words).action).toBe('block');
    expect(screenText('en', 'nothing to see', words)).toEqual({
      action: null,
      matches: [],
      censored: 'nothing to see',
    });
  });

  it('tests text against the stored list and never throws on naughty strings', async () => {
    const { db, moderator } = await setup();
    for (const w of words) await addWatchedWord(db, moderator, { locale: 'fa', word: w.word, action: w.action });
    const result = await testText(db, 'fa', 'يك كلاهبردار');
    expect(result.matches.map((m) => [m.word, m.text, m.how])).toEqual([['کلاهبردار', 'كلاهبردار', 'exact']]);
    for (const text of blns) {
      expect(() => screenText('fa', text, words)).not.toThrow();
      expect(() => screenText('ru', text, words)).not.toThrow();
    }
    for (const text of blns) {
      const outcome = await addWatchedWord(db, moderator, { locale: 'en', word: text, action: 'censor' });
      expect(typeof outcome.ok).toBe('boolean');
    }
  });

  it('blocks, holds and censors in the forum write paths', async () => {
    const { db, moderator, members, thread, categoryId } = await setup();
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'casino', action: 'block' }));
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'crypto', action: 'hold' }));
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'damn', action: 'censor' }));
    const user = members[1]!;
    expect(await reply(db, user, thread.threadId, 'Try the cаsino!', T0)).toEqual({
      ok: false,
      problem: 'watchedWord',
    });
    expect(
      await createThread(
        db,
        user,
        { locale: 'en', categoryId, title: 'Casino bonus for everyone', body: 'Plain body text' },
        T0,
      ),
    ).toEqual({ ok: false, problem: 'watchedWord' });
    const held = ok(await reply(db, user, thread.threadId, 'Pay with crypto instead', T0 + 1));
    expect(held.pending).toBe(true);
    const item = (await listReviewItems(db, moderator)).items.find((i) => i.post.id === held.postId)!;
    expect(item.kind).toBe('watched_word');
    expect(item.data).toMatchObject({ reason: 'watchedWord', matches: [{ word: 'crypto', how: 'exact' }] });
    const censored = ok(await reply(db, user, thread.threadId, 'This damn form again', T0 + 2));
    const stored = await db
      .selectFrom('posts')
      .select('source')
      .where('id', '=', censored.postId)
      .executeTakeFirstOrThrow();
    expect(stored.source).toBe('This ■■■■ form again');
    // An edit that brings in a held word takes a published post back to the queue.
    const edited = ok(await editPost(db, user, censored.postId, { body: 'This form again, pay with crypto' }, T0 + 3));
    expect(edited.pending).toBe(true);
    expect((await threadPage(db, null, thread.threadId))!.posts.find((p) => p.id === censored.postId)!.html).toBeNull();
    // Moderators are not screened.
    expect(ok(await reply(db, moderator, thread.threadId, 'Quoting: casino', T0 + 4)).pending).toBe(false);
  });

  it('round-trips CSV and reports bad lines', async () => {
    const { db, moderator } = await setup();
    ok(await addWatchedWord(db, moderator, { locale: 'fa', word: 'کلاهبردار', action: 'hold' }));
    ok(await addWatchedWord(db, moderator, { locale: 'ru', word: 'казино', action: 'block' }));
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: '-minus, "quoted"', action: 'censor' }));
    const csv = await exportWatchedWordsCsv(db, moderator);
    const fresh = (await setup()).db;
    const freshMod = await person(fresh, 'Importer', { role: 'moderator' });
    const imported = await importWatchedWordsCsv(fresh, freshMod, csv);
    expect(imported).toMatchObject({ added: 3, updated: 0, problems: [] });
    expect((await listWatchedWords(fresh, freshMod)).words.map((w) => [w.locale, w.word, w.action]).sort()).toEqual(
      [
        ['en', '-minus, "quoted"', 'censor'],
        ['fa', 'کلاهبردار', 'hold'],
        ['ru', 'казино', 'block'],
      ].sort(),
    );
    const bad = await importWatchedWordsCsv(
      fresh,
      freshMod,
      'locale,word,action\nde,wort,block\nfa,,hold\nen,word,ban\nen,only-two\nen,sp*am,block\nen,casino,HOLD\nru,казино,hold\n',
    );
    expect(bad.problems).toEqual([
      { line: 2, problem: 'invalidLocale' },
      { line: 3, problem: 'emptyWord' },
      { line: 4, problem: 'invalidAction' },
      { line: 5, problem: 'columns' },
      { line: 6, problem: 'misplacedWildcard' },
    ]);
    expect(bad).toMatchObject({ added: 1, updated: 1 });
    expect(
      (await importWatchedWordsCsv(fresh, freshMod, 'locale,word,action\nen,"unclosed,block\n')).problems[0]!.problem,
    ).toBe('unparsable');
  });
});
