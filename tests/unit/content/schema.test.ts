import { describe, expect, it } from 'vitest';
import categories from '../../../content/categories.json';
import { articleSchema, categorySchema } from '../../../src/lib/content/schema.ts';

const schema = articleSchema(['agent-skills', 'team-building']);
const valid = {
  title: 'Calm an angry customer',
  description: 'Five steps from shouting to solved.',
  category: 'agent-skills',
};

function issues(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('article frontmatter schema', () => {
  it('accepts the minimum and fills defaults', () => {
    const parsed = schema.parse(valid);
    expect(parsed).toMatchObject({ tags: [], order: 100, draft: false, related: [] });
  });
  it('accepts every documented field', () => {
    const parsed = schema.parse({
      ...valid,
      tags: ['phone'],
      order: 2,
      translationKey: 'calm-angry-customer',
      updated: new Date('2026-10-02'),
      draft: true,
      related: ['team-building/hiring'],
    });
    expect(parsed.updated?.toISOString()).toBe('2026-10-02T00:00:00.000Z');
  });
  it('names the field and what was expected', () => {
    expect(issues({ ...valid, category: 'cooking' })).toEqual([
      { path: 'category', message: 'expected one of: agent-skills, team-building' },
    ]);
    expect(issues({ ...valid, updated: 'yesterday' })).toEqual([
      { path: 'updated', message: 'expected a date like 2026-10-02' },
    ]);
    expect(issues({ ...valid, related: ['no-slash'] })).toEqual([
      { path: 'related.0', message: 'expected "<category>/<slug>"' },
    ]);
    expect(issues({ ...valid, translationKey: 'Has Spaces' })[0]?.path).toBe('translationKey');
  });
  it('requires title, description and category', () => {
    expect(
      issues({})
        .map((i) => i.path)
        .sort(),
    ).toEqual(['category', 'description', 'title']);
  });
  it('reads translatedFrom, owner and reviewBy (issue 19)', () => {
    const parsed = schema.parse({
      ...valid,
      translatedFrom: { locale: 'fa', hash: '3f2a9c1d' },
      owner: 'maria',
      reviewBy: new Date('2027-03-01'),
    });
    expect(parsed).toMatchObject({ translatedFrom: { locale: 'fa', hash: '3f2a9c1d' }, owner: 'maria' });
    expect(
      schema.parse({ ...valid, translatedFrom: { locale: 'ru', date: new Date('2026-01-19') } }).translatedFrom,
    ).toEqual({ locale: 'ru', date: new Date('2026-01-19') });
  });
  it('explains a hash YAML read as a number, a malformed one, and a missing or doubled version', () => {
    const from = (translatedFrom: unknown) => issues({ ...valid, translatedFrom });
    expect(from({ locale: 'fa', hash: 12345678 })).toEqual([
      {
        path: 'translatedFrom.hash',
        message: 'write the hash in quotes, e.g. hash: "01234567" (unquoted digits are read as a number)',
      },
    ]);
    expect(from({ locale: 'fa', hash: 'XYZ' })[0]?.message).toMatch(/8-character hash/);
    expect(from({ locale: 'de', hash: '3f2a9c1d' })[0]?.path).toBe('translatedFrom.locale');
    expect(from({ locale: 'fa' })[0]?.message).toBe('give either hash (preferred) or date, not both');
    expect(from({ locale: 'fa', hash: '3f2a9c1d', date: new Date('2026-01-01') })).toHaveLength(1);
    expect(issues({ ...valid, owner: 'Maria Petrova' })[0]?.path).toBe('owner');
    expect(issues({ ...valid, reviewBy: 'soon' })[0]?.message).toBe('expected a date like 2027-03-01');
  });
  it('rejects unknown fields so a typo does not pass silently', () => {
    expect(issues({ ...valid, tittle: 'x' })[0]?.message).toMatch(/tittle/);
  });
  it('rejects a too short title and a non-integer order', () => {
    expect(issues({ ...valid, title: 'ab' })[0]?.path).toBe('title');
    expect(issues({ ...valid, order: 1.5 })[0]?.path).toBe('order');
  });
});

describe('categories', () => {
  it('every category in content/categories.json is valid and has all three locales', () => {
    for (const category of categories) expect(() => categorySchema.parse(category)).not.toThrow();
  });
  it('refuses ids that would shadow the site’s own sections', () => {
    const result = categorySchema.safeParse({ ...categories[0], id: 'search' });
    expect(result.success).toBe(false);
  });
});
