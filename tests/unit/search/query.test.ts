import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import { articleKeywords, foldText, normalize, normalizeHtmlText } from '../../../src/lib/search/normalize.ts';
import { latinToCyrillic, prepareQuery, significantTerms, stemPersian } from '../../../src/lib/search/query.ts';
import { recordSearchEvent, searchEventSchema, zeroResultCounts } from '../../../src/lib/analytics/search-events.ts';
import { isBot } from '../../../src/lib/http/bots.ts';
import { isCrossSite } from '../../../src/lib/http/fetch-site.ts';
import { testDb } from '../helpers.ts';

describe('normalize', () => {
  it('writes Arabic and typographic punctuation in ASCII, which Pagefind takes off word ends', () => {
    expect(normalize('fa', 'مشتری، سلام؛ چرا؟ «خوب» ۵٪')).toBe('مشتری, سلام; چرا? "خوب" 5%');
    expect(normalize('en', '“Don’t” ‘wait’')).toBe('"don\'t" \'wait\'');
    expect(normalize('ru', '«Ёлка»')).toBe('"елка"');
  });
  it('folds Arabic-keyboard letters to Persian', () => {
    expect(normalize('fa', 'كيفيت')).toBe('کیفیت');
    expect(normalize('fa', 'مشتري')).toBe('مشتری');
    expect(normalize('fa', 'موسى')).toBe('موسی');
    expect(normalize('fa', 'مدرسة')).toBe('مدرسه');
    expect(normalize('fa', 'آموزش')).toBe('اموزش');
    expect(normalize('fa', 'أمور إداري')).toBe('امور اداری');
  });
  it('turns Persian and Arabic-Indic digits into ASCII', () => {
    expect(normalize('fa', '۲۴ ساعت')).toBe('24 ساعت');
    expect(normalize('fa', '٣٠٦')).toBe('306');
  });
  it('drops tatweel and harakat', () => {
    expect(normalize('fa', 'پشتیـــبانی')).toBe('پشتیبانی');
    expect(normalize('fa', 'مُشتَری')).toBe('مشتری');
  });
  it('makes ZWNJ, space and joined forms of Persian affixes the same', () => {
    const forms = ['می‌شود', 'می شود', 'میشود'];
    expect(new Set(forms.map((f) => normalize('fa', f)))).toEqual(new Set(['میشود']));
    expect(new Set(['مهارت‌ها', 'مهارت ها', 'مهارتها'].map((f) => normalize('fa', f)))).toEqual(new Set(['مهارتها']));
    expect(normalize('fa', 'نمی دانم')).toBe('نمیدانم');
    expect(normalize('fa', 'بزرگ ترین')).toBe('بزرگترین');
  });
  it('does not join separate words that only look like affixes', () => {
    expect(normalize('fa', 'این ای میل')).toBe('این ای میل');
    expect(normalize('en', 'me and my team')).toBe('me and my team');
  });
  it('treats ё as е and lowercases', () => {
    expect(normalize('ru', 'Ещё ЁЛКА')).toBe('еще елка');
  });
  it('collapses white space; foldText keeps the edges for HTML text nodes', () => {
    expect(normalize('en', '  a \n\t b  ')).toBe('a b');
    expect(foldText(' ۲ ')).toBe(' 2 ');
  });
  it('normalizes HTML text but not tags, attributes or scripts', () => {
    const html = '<p title="كيفيت ۱">كيفيت <b>۱</b></p><script>var a="ي";</script>';
    expect(normalizeHtmlText(html)).toBe('<p title="كيفيت ۱">کیفیت <b>1</b></p><script>var a="ي";</script>');
    // Case stays (Pagefind ignores it when matching; readers see it in excerpts); Ё still folds.
    expect(normalizeHtmlText('<h2>Качество: FCR, Ёлка и ёж</h2>')).toBe('<h2>Качество: FCR, Елка и еж</h2>');
  });
});

describe('articleKeywords', () => {
  it('gives the tags and address words, folded like the index, without the commas that end a Pagefind field', () => {
    expect(articleKeywords({ slug: 'patience-and-empathy', tags: ['صبر', 'همدلي', 'Empathy'] })).toBe('صبر همدلی empathy patience and empathy');
    expect(articleKeywords({ slug: 'nps', tags: ['a,b', 'Ёлка،'] })).toBe('a b елка  nps');
  });
});

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
    expect(significantTerms('fa', prepareQuery('fa', 'چطور مشتری عصبانی را آرام کنم'))).toEqual(['مشتری', 'عصبانی', 'ارام']);
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

describe('search events', () => {
  let db: Db;
  afterEach(async () => db?.destroy());

  it('accepts well-formed events and refuses everything else', () => {
    expect(searchEventSchema.safeParse({ locale: 'fa', query: 'صبر', results: 3 }).success).toBe(true);
    expect(searchEventSchema.safeParse({ locale: 'de', query: 'x', results: 1 }).success).toBe(false);
    expect(searchEventSchema.safeParse({ locale: 'fa', query: '', results: 1 }).success).toBe(false);
    expect(searchEventSchema.safeParse({ locale: 'fa', query: 'x', results: -1 }).success).toBe(false);
    expect(searchEventSchema.safeParse({ locale: 'fa', query: 'x', results: 1, clickedUrl: 'https://evil.example/' }).success).toBe(false);
    expect(searchEventSchema.safeParse({ locale: 'fa', query: 'x', results: 1, extra: true }).success).toBe(false);
  });
  it('stores the normalized query and counts zero-result searches per locale per day', async () => {
    db = await testDb();
    const day1 = Date.parse('2026-11-20T23:59:00Z');
    const day2 = Date.parse('2026-11-21T00:01:00Z');
    await recordSearchEvent(db, { locale: 'fa', query: 'كيفيت', results: 0 }, day1);
    await recordSearchEvent(db, { locale: 'fa', query: 'کیفیت', results: 0 }, day1);
    await recordSearchEvent(db, { locale: 'fa', query: 'صبر', results: 4 }, day1);
    await recordSearchEvent(db, { locale: 'ru', query: 'ntgt', results: 0 }, day2);
    await recordSearchEvent(db, { locale: 'fa', query: 'صبر', results: 4, clickedUrl: '/fa/a/b/', clickedRank: 2 }, day2);
    const normalized = await db.selectFrom('search_events').select('normalized').where('locale', '=', 'fa').where('result_count', '=', 0).execute();
    expect(new Set(normalized.map((r) => r.normalized))).toEqual(new Set(['کیفیت']));
    expect(await zeroResultCounts(db, '2026-11-20', '2026-11-21')).toEqual([
      { locale: 'fa', day: '2026-11-20', count: 2 },
      { locale: 'ru', day: '2026-11-21', count: 1 },
    ]);
    expect(await zeroResultCounts(db, '2026-11-21', '2026-11-21')).toEqual([{ locale: 'ru', day: '2026-11-21', count: 1 }]);
  });
  it('recognizes bots and cross-site requests', () => {
    expect(isBot('Mozilla/5.0 (compatible; Googlebot/2.1)')).toBe(true);
    expect(isBot(null)).toBe(true);
    expect(isBot('Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0')).toBe(false);
    expect(isCrossSite(new Headers({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSite(new Headers({ 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSite(new Headers({ 'sec-fetch-site': 'same-origin' }))).toBe(false);
    expect(isCrossSite(new Headers())).toBe(false);
  });
});
