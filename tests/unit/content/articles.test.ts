import { describe, expect, it } from 'vitest';
import {
  articleUrl,
  parseArticleId,
  previousAndNext,
  readingMinutes,
  recentlyUpdated,
  relatedArticles,
  translationsOf,
  type ArticleRef,
} from '../../../src/lib/content/articles.ts';
import { intlTag, locales } from '../../../src/i18n/locales.ts';

function ref(id: string, extra: Partial<ArticleRef> = {}): ArticleRef {
  const { locale, category, slug } = parseArticleId(id)!;
  return {
    id,
    locale,
    category,
    slug,
    title: slug,
    description: '',
    order: 100,
    tags: [],
    related: [],
    draft: false,
    ...extra,
  };
}

const all = [
  ref('en/skills/b-second', { order: 2, tags: ['phone'] }),
  ref('en/skills/a-first', { order: 1, translationKey: 'first', tags: ['phone', 'chat'] }),
  ref('en/skills/c-third', { order: 2 }),
  ref('en/team/hiring', { tags: ['chat'] }),
  ref('fa/skills/first', { translationKey: 'first' }),
  ref('ru/skills/other', { translationKey: 'other' }),
];
const byId = (id: string) => all.find((a) => a.id === id)!;

describe('article ids and URLs', () => {
  it('parses <locale>/<category>/<slug> and nothing else', () => {
    expect(parseArticleId('ru/skills/x')).toEqual({ locale: 'ru', category: 'skills', slug: 'x' });
    expect(parseArticleId('de/skills/x')).toBeUndefined();
    expect(parseArticleId('ru/x')).toBeUndefined();
    expect(parseArticleId('ru/a/b/c')).toBeUndefined();
  });
  it('builds URLs with a trailing slash', () => {
    expect(articleUrl(byId('fa/skills/first'))).toBe('/fa/skills/first/');
  });
});

describe('previous and next', () => {
  it('orders by `order`, then title, within one locale and category', () => {
    expect(previousAndNext(all, byId('en/skills/a-first'))).toEqual({
      previous: undefined,
      next: byId('en/skills/b-second'),
    });
    expect(previousAndNext(all, byId('en/skills/b-second'))).toEqual({
      previous: byId('en/skills/a-first'),
      next: byId('en/skills/c-third'),
    });
    expect(previousAndNext(all, byId('en/skills/c-third')).next).toBeUndefined();
  });
});

describe('related articles', () => {
  it('puts the writer’s choice first, then shared tags, never itself or another locale', () => {
    const article = { ...byId('en/skills/a-first'), related: ['skills/c-third'] };
    expect(relatedArticles(all, article).map((a) => a.id)).toEqual([
      'en/skills/c-third',
      'en/skills/b-second',
      'en/team/hiring',
    ]);
  });
  it('ignores related entries that do not exist', () => {
    const article = { ...byId('en/team/hiring'), related: ['skills/missing'] };
    expect(relatedArticles(all, article).map((a) => a.id)).toEqual(['en/skills/a-first']);
  });
});

/** The first, list-scanning versions of the lookups: what the precomputed ones must still answer. */
const reference = {
  compare: (a: ArticleRef, b: ArticleRef) => a.order - b.order || a.title.localeCompare(b.title, intlTag(a.locale)),
  previousAndNext(list: readonly ArticleRef[], article: ArticleRef) {
    const same = list.filter((a) => a.locale === article.locale && a.category === article.category).sort(this.compare);
    const index = same.findIndex((a) => a.id === article.id);
    return { previous: index > 0 ? same[index - 1] : undefined, next: index >= 0 ? same[index + 1] : undefined };
  },
  related(list: readonly ArticleRef[], article: ArticleRef, limit = 3) {
    const sameLocale = list.filter((a) => a.locale === article.locale && a.id !== article.id);
    const byKey = new Map(sameLocale.map((a) => [`${a.category}/${a.slug}`, a]));
    const chosen = article.related.map((key) => byKey.get(key)).filter((a): a is ArticleRef => a !== undefined);
    const tags = new Set(article.tags);
    const ranked = sameLocale
      .filter((a) => !chosen.includes(a))
      .map((a) => ({
        a,
        score: new Set(a.tags.filter((t) => tags.has(t))).size * 2 + (a.category === article.category ? 1 : 0),
      }))
      .filter(({ score }) => score > 0)
      .sort((x, y) => y.score - x.score || this.compare(x.a, y.a))
      .map(({ a }) => a);
    return [...chosen, ...ranked].slice(0, limit);
  },
  translations(list: readonly ArticleRef[], article: ArticleRef) {
    return Object.fromEntries(
      locales.map((l) => [
        l,
        l === article.locale
          ? article
          : article.translationKey
            ? list.find((a) => a.locale === l && a.translationKey === article.translationKey)
            : undefined,
      ]),
    );
  },
};

describe('navigation over a large list', () => {
  it('answers as the list-scanning versions did, for 600 random articles', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const titles = [
      'Оплата',
      'оплата',
      'Возврат',
      'پرداخت',
      'بازپرداخت',
      'Refund',
      'refund',
      'Échange',
      'ёлка',
      'елка',
    ];
    const list = Array.from({ length: 600 }, (_, i) => {
      const locale = pick(locales);
      const category = pick(['billing', 'skills', 'team']);
      return ref(`${locale}/${category}/a${i}`, {
        title: `${pick(titles)} ${Math.floor(random() * 5)}`,
        order: pick([1, 2, 100]),
        tags: Array.from({ length: Math.floor(random() * 4) }, () => pick(['phone', 'chat', 'mail', 'refund', 'vip'])),
        related: random() < 0.2 ? [`${pick(['billing', 'skills', 'team'])}/a${Math.floor(random() * 600)}`] : [],
        translationKey: random() < 0.7 ? `k${Math.floor(random() * 150)}` : undefined,
      });
    });
    for (const article of list) {
      expect(previousAndNext(list, article)).toEqual(reference.previousAndNext(list, article));
      expect(relatedArticles(list, article).map((a) => a.id)).toEqual(
        reference.related(list, article).map((a) => a.id),
      );
      expect(relatedArticles(list, article, 6).map((a) => a.id)).toEqual(
        reference.related(list, article, 6).map((a) => a.id),
      );
      expect(translationsOf(list, article)).toEqual(reference.translations(list, article));
    }
  });
});

describe('translations', () => {
  it('links articles by translation key and reports missing locales', () => {
    const t = translationsOf(all, byId('en/skills/a-first'));
    expect(t.fa?.id).toBe('fa/skills/first');
    expect(t.ru).toBeUndefined();
    expect(t.en?.id).toBe('en/skills/a-first');
  });
  it('has no translations without a key', () => {
    const t = translationsOf(all, byId('en/team/hiring'));
    expect([t.fa, t.ru]).toEqual([undefined, undefined]);
  });
});

describe('reading time', () => {
  it('counts words in any script at 200 per minute, at least one minute', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes('word '.repeat(1000))).toBe(5);
    expect(readingMinutes('می‌شود '.repeat(600))).toBe(3);
    expect(readingMinutes('терпение '.repeat(400))).toBe(2);
  });
  it('does not count code blocks, imports or component tags', () => {
    const body = `import x from './x.png';\n<Figure src={x} alt="a b c" />\n\`\`\`\n${'code '.repeat(5000)}\n\`\`\`\n${'word '.repeat(400)}`;
    expect(readingMinutes(body)).toBe(2);
  });
});

describe('recentlyUpdated', () => {
  it('the ones updated last, newest first, as many as asked; ties keep their order', () => {
    const at = (id: string, day: number) => ({ id, updated: new Date(Date.UTC(2026, 0, day)) });
    const all = [at('a', 3), at('b', 9), at('c', 1), at('d', 9), at('e', 5)];
    expect(recentlyUpdated(all, 3).map((a) => a.id)).toEqual(['b', 'd', 'e']);
    expect(recentlyUpdated(all, 10).map((a) => a.id)).toEqual(['b', 'd', 'e', 'a', 'c']);
    expect(all.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
