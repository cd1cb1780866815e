import { describe, expect, it } from 'vitest';
import { categoryLinks, listCategories } from '../../../src/lib/forum/categories.ts';
import { forum } from './fixture.ts';

describe('categoryLinks', () => {
  it('each category\u2019s slug and title in the locale, by id', async () => {
    const { db, categoryId, otherCategoryId } = await forum();
    const links = categoryLinks(await listCategories(db, 'ru'));
    expect([...links]).toEqual([
      [categoryId, { slug: 'billing', title: 'Оплата' }],
      [otherCategoryId, { slug: 'accounts', title: 'Accounts' }],
    ]);
  });
});
