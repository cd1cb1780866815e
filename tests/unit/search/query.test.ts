import { describe, expect, it } from 'vitest';
import { latinToCyrillic, prepareQuery, significantTerms, stemPersian } from '../../../src/lib/search/query.ts';

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
    expect(significantTerms('en', 'how do i calm an angry customer')).toEqual(['calm', 'angry', 'customer']);
    expect(significantTerms('fa', prepareQuery('fa', 'چطور مشتری عصبانی را آرام کنم'))).toEqual([
      'مشتری',
      'عصبانی',
      'ارام',
    ]);
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
