import { describe, expect, it } from 'vitest';
import { listThreads } from '../../../src/lib/forum/threads.ts';
import { listReviewItems, listWatchedWords } from '../../../src/lib/moderation/index.ts';
import { testDb } from '../helpers.ts';
import { T0 } from './fixture.ts';

describe('demo seed', () => {
  it('fills the queue, the watched words and the log, invisibly to readers, once', async () => {
    const { seedForum } = await import('../../../db/seed/forum.ts');
    const { seedModeration } = await import('../../../db/seed/moderation.ts');
    const { createOrPromoteUser } = await import('../../../src/lib/auth/accounts.ts');
    const db = await testDb();
    await createOrPromoteUser(db, {
      email: 'moderator@pasokh.example',
      role: 'moderator',
      name: 'رضا ناظر',
      password: 'demo-moderator-pass',
    });
    await seedForum(db, T0);
    const before = (await listThreads(db, { locale: 'en' })).threads.length;
    expect(await seedModeration(db, T0)).toEqual({ seeded: true });
    expect(await seedModeration(db, T0)).toEqual({ seeded: false });
    const moderator = {
      id: 1,
      email: 'moderator@pasokh.example',
      emailVerified: true,
      displayName: 'رضا ناظر',
      role: 'moderator' as const,
      trustLevel: 1,
      locale: 'fa',
      suspendedUntil: null,
      silencedUntil: null,
    };
    const queue = await listReviewItems(db, moderator);
    expect(queue.items.map((i) => i.kind).sort()).toEqual(['flag', 'held', 'watched_word']);
    expect((await listWatchedWords(db, moderator)).words.length).toBeGreaterThanOrEqual(8);
    expect((await listThreads(db, { locale: 'en' })).threads.length).toBe(before);
  });
});
