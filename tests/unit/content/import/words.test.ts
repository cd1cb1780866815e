import { describe, expect, it } from 'vitest';
import { missingWords, wordsOf } from '../../../../src/lib/content/import/words.ts';

describe('word check', () => {
  it('folds what orthography changes: Arabic letters, digits, ZWNJ, quotes', () => {
    expect(missingWords('fa', 'كتابهاي "جديد" ميشود ٢٤', 'کتاب‌های «جدید» می‌شود ۲۴')).toEqual([]);
    expect(missingWords('fa', 'جمله ای کلیشهای', 'جمله‌ای کلیشه‌ای')).toEqual([]);
    expect(missingWords('ru', 'Ещё "живая" поддержка - это', 'Еще «живая» поддержка — это')).toEqual([]);
  });

  it('names the words that are missing, once each', () => {
    expect(missingWords('en', 'one two three two', 'one three')).toEqual(['two']);
    expect(missingWords('fa', 'پاسخ سریع', 'پاسخ')).toEqual(['سریع']);
  });

  it('reads words as letters, marks and digits only', () => {
    expect(wordsOf('en', 'Hello, {name}! <b>1.5</b>')).toEqual(['hello', 'name', 'b', '1', '5', 'b']);
  });
});
