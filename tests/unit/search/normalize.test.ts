import { describe, expect, it } from 'vitest';
import { articleKeywords, foldText, normalize, normalizeHtmlText } from '../../../src/lib/search/normalize.ts';

describe('normalize', () => {
  it('writes Arabic and typographic punctuation in ASCII, which Pagefind takes off word ends', () => {
    expect(normalize('fa', 'مشتری، سلام؛ چرا؟ «خوب» ۵٪')).toBe('مشتری, سلام; چرا? "خوب" 5%');
    expect(normalize('en', '“Don’t” ‘wait’')).toBe("\"don't\" 'wait'");
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
    expect(articleKeywords({ slug: 'patience-and-empathy', tags: ['صبر', 'همدلي', 'Empathy'] })).toBe(
      'صبر همدلی empathy patience and empathy',
    );
    expect(articleKeywords({ slug: 'nps', tags: ['a,b', 'Ёлка،'] })).toBe('a b елка  nps');
  });
});
