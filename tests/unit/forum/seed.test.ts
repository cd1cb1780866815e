import { describe, expect, it } from 'vitest';
import { listCategories } from '../../../src/lib/forum/categories.ts';
import { searchThreads, suggestAnsweredThreads } from '../../../src/lib/forum/search.ts';
import { listThreads } from '../../../src/lib/forum/threads.ts';
import { seedForum } from '../../../db/seed/forum.ts';
import { testDb } from '../helpers.ts';
import { T0, DAY } from './fixture.ts';

describe('demo seed', () => {
  it('creates categories and threads in every locale, some solved, and is idempotent', async () => {
    const db = await testDb();
    expect(await seedForum(db, T0)).toEqual({ threadsCreated: 12 });
    expect(await seedForum(db, T0 + DAY)).toEqual({ threadsCreated: 0 });
    expect((await listCategories(db, 'fa')).map((c) => c.slug)).toEqual(['account', 'billing', 'orders', 'technical']);
    for (const locale of ['fa', 'ru', 'en']) {
      const all = await listThreads(db, { locale });
      expect(all.threads, locale).toHaveLength(4);
      expect((await listThreads(db, { locale, kind: 'solved' })).threads.length, locale).toBeGreaterThan(0);
    }
    expect((await listThreads(db, { locale: 'ru', kind: 'unanswered' })).threads.map((t) => t.title)).toEqual([
      'Ошибка 502 при загрузке вложений больше 10 МБ',
    ]);
    expect((await searchThreads(db, 'fa', 'كد تاييد')).hits[0]?.title).toBe('کد تأیید پیامکی برایم ارسال نمی‌شود');
    expect((await suggestAnsweredThreads(db, 'en', 'charged twice'))[0]).toMatchObject({
      title: 'Charged twice for the same order',
      solved: true,
    });
  });
});
