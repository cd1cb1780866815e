// Article ranking (src/lib/search/rank.ts) over a small site indexed by the real build step and
// searched with Pagefind's own runtime: prefix-fallback matches are no results, stop words are
// never highlighted, and a page with the question's words side by side comes first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPagefindIndexes } from '../../../src/integrations/pagefind.ts';
import { excerptStart, hitFromSlice, readSlice, sliceFile, sliceFor } from '../../../src/lib/search/excerpt.ts';
import { analyzeQuery, prepareQuery } from '../../../src/lib/search/query.ts';
import {
  combine,
  isPrefixBacktrack,
  pagefindRanking,
  rankPages,
  type PagefindResult,
  type PagefindSearch,
} from '../../../src/lib/search/rank.ts';
import { searchFresh } from '../integrations/pagefind-runtime.ts'; // also serves file: URLs to Pagefind's runtime

describe('isPrefixBacktrack', () => {
  it('tells a short prefix of the searched word from its stems and extensions', () => {
    expect(isPrefixBacktrack('напечатано', 'на')).toBe(true);
    expect(isPrefixBacktrack('напечатано', 'На,')).toBe(true);
    expect(isPrefixBacktrack('кричит', 'к')).toBe(true);
    expect(isPrefixBacktrack('yelling', 'year')).toBe(true);
    expect(isPrefixBacktrack('терпения', 'терпение')).toBe(false);
    expect(isPrefixBacktrack('customers', 'Customer')).toBe(false);
    expect(isPrefixBacktrack('nps', 'NPS,')).toBe(false);
    expect(isPrefixBacktrack('caps', 'all-caps')).toBe(false);
    expect(isPrefixBacktrack('مشتری', 'مشتری‌ها')).toBe(false);
    expect(isPrefixBacktrack('چت', 'چت')).toBe(false);
  });
});

describe('combine', () => {
  const results = (scores: Record<string, number>) =>
    new Map(Object.entries(scores).map(([id, score]) => [id, { id, score, words: [] } as PagefindResult]));
  it('puts the page with every word before one whose single word scores twice as much', () => {
    const ranked = combine([results({ answer: 1, other: 6 }), results({ answer: 1 }), results({ answer: 1 })]);
    expect(ranked.map((p) => [p.id, p.matched])).toEqual([
      ['answer', 3],
      ['other', 1],
    ]);
  });
  it('does not count a word no page has against the pages', () => {
    const ranked = combine([results({ a: 1 }), new Map()]);
    expect(ranked[0]!.score).toBe(1);
  });
  it('adds the pair’s scores again where the page has the two words side by side', () => {
    const perTerm = [results({ a: 1, b: 1 }), results({ a: 2, b: 2.5 })];
    expect(combine(perTerm)[0]!.id).toBe('b');
    expect(combine(perTerm, [[0, 1]], [new Set(['a'])])[0]!.id).toBe('a');
  });
});

describe('ranking with Pagefind', () => {
  let root: string;
  const page = (lang: string, title: string, body: string) =>
    `<!doctype html><html lang="${lang}"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>${body}</p></main></body></html>`;
  const bundle = (locale: string) => join(root, 'pagefind', locale);
  async function rank(locale: string, raw: string) {
    const module = (await import(/* @vite-ignore */ pathToFileURL(join(bundle(locale), 'pagefind.js')).href)) as {
      createInstance(options: { basePath: string }): PagefindSearch & {
        init(): Promise<void>;
        options(options: object): Promise<void>;
        destroy(): Promise<void>;
      };
    };
    const api = module.createInstance({ basePath: `${pathToFileURL(bundle(locale)).href}/` });
    await api.options({ ranking: pagefindRanking });
    await api.init();
    const slice = async (id: string, k: number) =>
      readSlice(new Uint8Array(await readFile(join(bundle(locale), sliceFile(id, k)))));
    const ranked = await rankPages(api, analyzeQuery(locale, raw), slice);
    const hits = await Promise.all(
      ranked.map(async (r) => {
        const start = excerptStart(r.words);
        return hitFromSlice(await slice(r.id, sliceFor(r.id, start)), r.words, start);
      }),
    );
    await api.destroy();
    return hits;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pasokh-rank-'));
    const write = (path: string, html: string) => {
      mkdirSync(join(root, path), { recursive: true });
      writeFileSync(join(root, path, 'index.html'), html);
    };
    write('ru/a/wait', page('ru', 'Ожидание на линии', 'Клиент ждёт на линии, пока оператор ищет ответ на вопрос.'));
    write('ru/a/calm', page('ru', 'Рассерженный клиент', 'Если клиент перешёл на крик, дайте ему выговориться.'));
    write('fa/a/calm', page('fa', 'آرام کردن مشتری عصبانی', 'وقتی مشتری عصبانی است، اول گوش دهید و مشکل را بپرسید.'));
    write(
      'fa/a/refund',
      page('fa', 'بازگشت پول به مشتری', 'مشتری پول را پس می‌خواهد: درخواست را ثبت کنید و مشتری را در جریان بگذارید.'),
    );
    write('en/a/calm', page('en', 'Calm an angry customer', 'A shouting caller needs you to listen first.'));
    write('en/a/year', page('en', 'Your year in support', 'Each customer, every year: a review of the support year.'));
    await buildPagefindIndexes(root);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('drops what Pagefind finds only by a short prefix of an unknown word («напечатано» → «на»)', async () => {
    // Pagefind alone answers with pages that have «на».
    expect((await searchFresh(bundle('ru'), prepareQuery('ru', 'напечатано'))).ids.length).toBeGreaterThan(0);
    expect(await rank('ru', 'напечатано')).toEqual([]);
    // The known word of the query still counts, the unknown one does not.
    expect((await rank('ru', 'клиент напечатано')).map((h) => h.url)).toEqual(
      expect.arrayContaining(['/ru/a/wait/', '/ru/a/calm/']),
    );
  });

  it('finds «кричит» through «крик», and an English «yelling» through «shouting»', async () => {
    expect((await rank('ru', 'клиент кричит что делать'))[0]?.url).toBe('/ru/a/calm/');
    const yelling = await rank('en', 'customer is yelling at me');
    expect(yelling[0]?.url).toBe('/en/a/calm/');
    expect(yelling.map((h) => h.url)).toContain('/en/a/year/'); // «customer» alone, never by «ye…»
  });

  it('ranks the page with the question’s words side by side first and never marks «را»', async () => {
    const hits = await rank('fa', 'مشتری عصبانی پول را پس می‌خواهد');
    expect(hits[0]?.url).toBe('/fa/a/calm/');
    for (const hit of hits) {
      expect(hit.excerpt).toContain('<mark>');
      expect(hit.excerpt).not.toMatch(/<mark>(را|پس|می‌خواهد)[^<]*<\/mark>/);
    }
  });
});
