// Results show the text as written while the index holds the normalized words
// (src/integrations/pagefind-display.ts): a small site built with the real build step and
// searched with Pagefind's own runtime.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildPagefindIndexes,
  localeGroups as groupLocales,
  searchablePart,
} from '../../../src/integrations/pagefind.ts';
import { SLICE_DIR } from '../../../src/lib/search/excerpt.ts';
import { displayText, foldText } from '../../../src/lib/search/normalize.ts';
import { prepareQuery } from '../../../src/lib/search/query.ts';
import { searchFresh } from './pagefind-runtime.ts';

const words = (text: string) => text.split(/[^\S\uFEFF]+/);

describe('displayText', () => {
  it('writes the joins normalization makes across a space with ZWNJ, and keeps everything else', () => {
    expect(displayText('چطور می شود مهارت ها را بهتر کرد؟')).toBe('چطور می\u200Cشود مهارت\u200Cها را بهتر کرد؟');
    expect(displayText('نمی دانم، بزرگ ترین')).toBe('نمی\u200Cدانم، بزرگ\u200Cترین');
    expect(displayText('مشتري ۲۴ ساعت می‌خواهد')).toBe('مشتري ۲۴ ساعت می‌خواهد');
    expect(displayText('Ещё ёлка, NPS')).toBe('Ещё ёлка, NPS');
    expect(displayText('این ای میل')).toBe('این ای میل');
    expect(displayText('a\u200Bb')).toBe('ab');
  });
  it('cuts text into as many words as the normalized copy, word for word', () => {
    const samples = [
      ' مهارت های   ما\nمی شود نمی شود، مهارتها ',
      'تیم پشتیبانی ۲۴/۷ پاسخ می دهد؛ «مشتري‌ها» و كارشناسان',
      'Ёжик и ёлка — «Ещё» 24 часа',
      'first response time, CSAT 90% and NPS\u00A0 ها',
      'می\u00A0شود ها ها ی می',
    ];
    for (const text of samples) {
      const display = words(displayText(text));
      const folded = words(foldText(text));
      expect(display.length, text).toBe(folded.length);
      // Each display word folds to its indexed word.
      display.forEach((word, i) =>
        expect(foldText(word.replace(/\u200C/g, ' ')).replace(/ /g, ''), text).toBe(folded[i]!.replace(/ /g, '')),
      );
    }
  });
});

describe('search results show the page as written', () => {
  let root: string;
  const page = (lang: string, title: string, body: string) =>
    `<!doctype html><html lang="${lang}"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>${body}</p><h2 id="more">${title} بیشتر</h2><p>${body}</p></main></body></html>`;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pasokh-display-'));
    const write = (path: string, html: string) => {
      mkdirSync(join(root, path), { recursive: true });
      writeFileSync(join(root, path, 'index.html'), html);
    };
    write(
      'fa/a/calm',
      page(
        'fa',
        'مهارت‌های آرام کردن مشتري',
        'وقتی مشتری عصبانی است چه می شود؟ در ۲۴ ساعت پاسخ دهید و مهارت ها را تمرین کنید.',
      ),
    );
    write('fa/a/other', page('fa', 'کانال‌ها', 'تلفن یا چت برای پشتیبانی'));
    write('ru/a/tree', page('ru', 'Ещё о ёлке', 'Ёлка стоит в офисе, и ещё клиенты довольны.'));
    write('en/a/time', page('en', 'First response time', 'Answer within 24 hours.'));
    await buildPagefindIndexes(root);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds normalized words and shows Persian as written: ZWNJ, Arabic-keyboard letters, Persian digits', async () => {
    const { hits } = await searchFresh(join(root, 'pagefind', 'fa'), prepareQuery('fa', 'مشتری عصبانی'), {
      hits: 1,
    });
    expect(hits[0]!.url).toBe('/fa/a/calm/');
    expect(hits[0]!.title).toBe('مهارت‌های آرام کردن مشتري');
    const excerpt = hits[0]!.excerpt;
    expect(excerpt).toContain('<mark>مشتری</mark> <mark>عصبانی</mark>');
    expect(excerpt).toContain('می\u200Cشود');
    expect(excerpt).toContain('۲۴ ساعت');
    expect(excerpt).toContain('مهارت\u200Cها');
    const digits = await searchFresh(join(root, 'pagefind', 'fa'), prepareQuery('fa', '۲۴ ساعت'), { hits: 1 });
    expect(digits.hits[0]!.excerpt).toContain('<mark>۲۴</mark> <mark>ساعت</mark>');
    const joined = await searchFresh(join(root, 'pagefind', 'fa'), prepareQuery('fa', 'میشود'), { hits: 1 });
    expect(joined.hits[0]!.excerpt).toContain('<mark>می\u200Cشود؟</mark>');
  });

  it('goes to the heading of the section that matched, named as written', async () => {
    const { hits } = await searchFresh(join(root, 'pagefind', 'fa'), prepareQuery('fa', 'بیشتر'), { hits: 2 });
    const calm = hits.find((hit) => hit.title === 'مهارت‌های آرام کردن مشتري');
    expect(calm?.url).toBe('/fa/a/calm/#more');
    expect(calm?.section).toBe('مهارت‌های آرام کردن مشتري بیشتر');
    expect(calm?.excerpt).toMatch(/<mark>بیشتر\.?<\/mark>/);
  });

  it("writes excerpt slices in place of Pagefind's fragments, named by their content and stride", () => {
    const bundle = join(root, 'pagefind', 'fa');
    expect(existsSync(join(bundle, 'fragment'))).toBe(false);
    const slices = readdirSync(join(bundle, SLICE_DIR));
    // Two short pages: one slice each.
    expect(slices).toHaveLength(2);
    for (const name of slices) expect(name).toMatch(/^fa_[0-9a-f]{7,}-\d+_0\.pf_slice$/);
  });

  it('shows Russian ё where it is written, found by е', async () => {
    const { hits } = await searchFresh(join(root, 'pagefind', 'ru'), prepareQuery('ru', 'елка'), { hits: 1 });
    expect(hits[0]!.title).toBe('Ещё о ёлке');
    expect(hits[0]!.excerpt).toMatch(/<mark>Ёлка<\/mark>/);
    expect(hits[0]!.excerpt).toContain('ещё');
  });
});

describe('the text as written lines up with what Pagefind indexed, word by word', () => {
  let root: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pasokh-lineup-'));
    mkdirSync(join(root, 'fa/a/mixed'), { recursive: true });
    for (const locale of ['ru', 'en']) mkdirSync(join(root, locale));
    // Words split by tags («<strong>گزارش</strong>‌ها» is one word), a block Pagefind leaves out
    // that repeats the page's words, references, guillemets at a block's end (Pagefind adds a
    // stop after the normalized copy's " but not after »), a heading whose own text is between
    // isolated Latin runs.
    writeFileSync(
      join(root, 'fa/a/mixed/index.html'),
      `<!doctype html><html lang="fa"><body><main data-pagefind-body><h1>راهنمای گزارش‌ها</h1>
<div data-pagefind-ignore><p>گزارش ها و مشتري پنهان</p><div><p>باز هم پنهان</p></div></div>
<p>«سلام مشتري»</p>
<h2 id="metrics"><bdi>CSAT</bdi>، <bdi>NPS</bdi> و مهارت ها</h2>
<p><strong>گزارش</strong>\u200Cها &amp; نمودار ها برای مشتري <em>ویژه</em>ای است</p>
</main></body></html>`,
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(message));
    try {
      await buildPagefindIndexes(root);
    } finally {
      warn.mockRestore();
    }
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('shows every page as written (none keeps the normalized text)', async () => {
    expect(warnings).toEqual([]);
    const bundle = join(root, 'pagefind', 'fa');
    const reports = await searchFresh(bundle, prepareQuery('fa', 'نمودارها'), { hits: 1 });
    expect(reports.hits[0]!.title).toBe('راهنمای گزارش‌ها');
    expect(reports.hits[0]!.excerpt).toContain('گزارش\u200Cها &amp; <mark>نمودار\u200Cها</mark>');
    expect(reports.hits[0]!.excerpt).toContain('برای مشتري ویژهای است');
    expect(reports.hits[0]!.excerpt).not.toContain('پنهان');
    const greeting = await searchFresh(bundle, prepareQuery('fa', 'سلام'), { hits: 1 });
    expect(greeting.hits[0]!.excerpt).toContain('<mark>«سلام</mark> مشتري»');
    expect(greeting.hits[0]!.excerpt).not.toContain('».');
    const section = await searchFresh(bundle, prepareQuery('fa', 'مهارتها'), { hits: 1 });
    expect(section.hits[0]!.url).toBe('/fa/a/mixed/#metrics');
    expect(section.hits[0]!.section).toBe('، و مهارت\u200Cها');
  });
});

describe('searchablePart', () => {
  const page = (body: string) =>
    `<!DOCTYPE html><html lang="fa" dir="rtl"><head><title>t</title><script>let a = '<article>';</script></head><body><header><nav>منو</nav></header>${body}<footer>پانویس</footer></body></html>`;

  it('keeps the html tag and the element marked data-pagefind-body, nested elements of its name included', () => {
    const body =
      '<article class="x" data-pagefind-body><h1>عنوان</h1><article><p>درون</p></article><span data-pagefind-meta="title:عنوان"></span></article>';
    expect(searchablePart(page(body))).toBe(`<!doctype html><html lang="fa" dir="rtl"><body>${body}</body></html>`);
  });

  it('gives the page whole when the body cannot be cut out for sure', () => {
    for (const html of [
      page('<main><p>no body marked</p></main>'),
      page('<main data-pagefind-body><p>one</p></main><aside data-pagefind-body>two</aside>'),
      page('<main data-pagefind-body><p>never closed</p>'),
      '<main data-pagefind-body><p>no html tag</p></main>',
    ]) {
      expect(searchablePart(html)).toBe(html);
    }
  });
});

describe('localeGroups', () => {
  const localeGroups = (pages: Record<string, number>, workers: number) =>
    groupLocales(Object.keys(pages), (locale) => pages[locale]!, workers);
  it('deals locales, largest first, to the worker with the fewest pages, one worker per core up to one per locale', () => {
    const pages = { fa: 4735, ru: 2630, en: 2635 };
    expect(localeGroups(pages, 2)).toEqual([['fa'], ['en', 'ru']]);
    expect(localeGroups(pages, 1)).toEqual([['fa', 'en', 'ru']]);
    expect(localeGroups(pages, 8)).toEqual([['fa'], ['en'], ['ru']]);
    expect(localeGroups({ fa: 10, ru: 9, en: 2 }, 2)).toEqual([['fa'], ['ru', 'en']]);
    // A site without pages yet still builds every locale's (empty) bundle.
    expect(localeGroups({ fa: 0, ru: 0, en: 0 }, 2).flat().sort()).toEqual(['en', 'fa', 'ru']);
  });
});
