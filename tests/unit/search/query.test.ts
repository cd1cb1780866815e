import { describe, expect, it } from 'vitest';
import { analyzeQuery, latinToCyrillic, MAX_TERMS, prepareQuery, stemPersian } from '../../../src/lib/search/query.ts';

const words = (locale: string, raw: string) => analyzeQuery(locale, raw).terms.map((t) => t.word);

describe('Persian stemming and query preparation', () => {
  it('strips plural and possessive endings, keeping at least three letters', () => {
    expect(stemPersian('مهارتها')).toBe('مهارت');
    expect(stemPersian('مهارتهای')).toBe('مهارت');
    expect(stemPersian('مشتریان')).toBe('مشتری');
    expect(stemPersian('بزرگترین')).toBe('بزرگ');
    expect(stemPersian('زبان')).toBe('زبان');
    expect(stemPersian('ها')).toBe('ها');
  });
  it('prepares a query with normalize and the stemmer', () => {
    expect(prepareQuery('fa', 'مهارت‌های كارشناس')).toBe('مهارت کارشناس');
    expect(prepareQuery('ru', 'Терпение и ёлка')).toBe('терпение и елка');
  });
  it('keeps only meaningful words of a question', () => {
    expect(words('en', 'how do i calm an angry customer')).toEqual(['calm', 'angry', 'customer']);
    expect(words('fa', 'چطور مشتری عصبانی را آرام کنم')).toEqual(['مشتری', 'عصبانی', 'ارام']);
  });
});

describe('stop and question words', () => {
  it('drops the ones issue 18 lists, in each language', () => {
    expect(words('fa', 'را از به که با در این آن چطور چگونه چه کنم می‌خواهم مشتری')).toEqual(['مشتری']);
    expect(words('ru', 'как что почему делать мне клиент')).toEqual(['клиент']);
    expect(words('en', 'how what do I my customer')).toEqual(['customer']);
  });
  it('drops them however they are typed: Arabic keyboard, ZWNJ or space, capitals', () => {
    expect(words('fa', 'چگونه مي خواهم با مشتري')).toEqual(['مشتری']);
    expect(words('ru', 'Что ДЕЛАТЬ, если клиент кричит?')).toEqual(['клиент', 'кричит']);
    expect(words('en', 'What should I DO?')).toEqual(['what', 'should', 'i', 'do']);
  });
  it('searches a question of stop words only by all of its words', () => {
    expect(words('en', 'how do I')).toEqual(['how', 'do', 'i']);
    expect(words('fa', 'چطور')).toEqual(['چطور']);
  });
  it('keeps words that only look like a stop word', () => {
    expect(words('fa', 'ایشان مشتریان را')).toEqual(['مشتری']);
    expect(words('en', 'interview answers')).toEqual(['interview', 'answers']);
    expect(words('ru', 'настройка уведомлений')).toEqual(['настройка', 'уведомлений']);
  });
});

describe('spoken Persian', () => {
  it('writes spoken forms out before stop words are dropped', () => {
    expect(prepareQuery('fa', 'اگه مشتری محصول رو پس بده چیکار کنم')).toBe('اگر مشتری محصول را پس بدهد چه کنم');
    expect(words('fa', 'اگه مشتری محصول رو پس بده چیکار کنم')).toEqual(['مشتری', 'محصول']);
    expect(prepareQuery('fa', 'مشتری میپرسه کارشناس یاد بگیره مهمه')).toBe('مشتری میپرسد کارشناس یاد بگیرد مهم');
  });
  it('leaves words alone that only end like a spoken verb', () => {
    expect(prepareQuery('fa', 'برنامه نامه نمونه میانه')).toBe('برنامه نامه نمونه میانه');
  });
  it('reads «داد زدن» as shouting, however it is conjugated, and gives it the articles’ words', () => {
    for (const raw of ['مشتری سر من داد میزنه', 'مشتری داد زد', 'مشتری داد می‌زند']) {
      const { terms } = analyzeQuery('fa', raw);
      expect(
        terms.map((t) => t.word),
        raw,
      ).toEqual(['مشتری', 'فریاد']);
      expect(terms[1]!.forms).toContain('عصبانی');
    }
    expect(words('fa', 'پول را پس داد')).toEqual(['پول', 'داد']);
  });
});

describe('customers’ words and side-by-side pairs', () => {
  it('adds the articles’ words for a few words customers use', () => {
    expect(analyzeQuery('en', 'customer is yelling at me').terms).toEqual([
      { word: 'customer', forms: ['customer'] },
      { word: 'yelling', forms: ['yelling', 'shout', 'angry'] },
    ]);
    expect(analyzeQuery('ru', 'клиент кричит').terms[1]!.forms).toEqual(['кричит', 'крик', 'рассерж']);
  });
  it('pairs meaningful words typed next to each other, not across a stop word', () => {
    const query = analyzeQuery('fa', 'چطور با مشتری عصبانی رفتار کنم');
    expect(query.terms.map((t) => t.word)).toEqual(['مشتری', 'عصبانی', 'رفتار']);
    expect(query.pairs).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(analyzeQuery('en', 'angry at customer').pairs).toEqual([]);
  });
  it('searches a pasted paragraph by its first MAX_TERMS meaningful words', () => {
    const text = Array.from({ length: 30 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
    const query = analyzeQuery('en', text);
    expect(query.terms).toHaveLength(MAX_TERMS);
    expect(query.pairs.every(([a, b]) => a < MAX_TERMS && b < MAX_TERMS)).toBe(true);
    expect(query.pairs).toHaveLength(MAX_TERMS - 1);
  });
});

describe('Russian keyboard layout', () => {
  it('maps a Latin-layout query to Cyrillic', () => {
    expect(latinToCyrillic('nthgtybt')).toBe('терпение');
    expect(latinToCyrillic('Rkbtyn')).toBe('клиент');
    expect(latinToCyrillic('ndjq jnxtn')).toBe('твой отчет');
    expect(latinToCyrillic(',eltv')).toBe('будем');
  });
  it('leaves real Cyrillic or mixed text alone', () => {
    expect(latinToCyrillic('терпение')).toBeUndefined();
    expect(latinToCyrillic('NPS 2026')).toBeUndefined();
  });
});
