import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/db/index.ts';
import { hitRateLimit } from '../../src/lib/rate-limit.ts';
import { testDb } from './helpers.ts';

let db: Db;
afterEach(async () => db?.destroy());

describe('rate limits', () => {
  it('allows max hits per window, then tells how long to wait', async () => {
    db = await testDb();
    const limit = { max: 2, windowMs: 1_000 };
    expect((await hitRateLimit(db, 'k', limit, 0)).allowed).toBe(true);
    expect((await hitRateLimit(db, 'k', limit, 10)).allowed).toBe(true);
    expect(await hitRateLimit(db, 'k', limit, 400)).toEqual({ allowed: false, granted: 0, retryAfterMs: 600 });
    expect((await hitRateLimit(db, 'k', limit, 1_000)).allowed).toBe(true);
    expect((await hitRateLimit(db, 'other', limit, 400)).allowed).toBe(true);
  });

  it('grants part of a batch of hits: as many as the window still holds', async () => {
    db = await testDb();
    const limit = { max: 5, windowMs: 1_000 };
    expect(await hitRateLimit(db, 'batch', limit, 0, 3)).toEqual({ allowed: true, granted: 3, retryAfterMs: 0 });
    expect(await hitRateLimit(db, 'batch', limit, 10, 4)).toEqual({ allowed: false, granted: 2, retryAfterMs: 990 });
    expect(await hitRateLimit(db, 'batch', limit, 20, 1)).toEqual({ allowed: false, granted: 0, retryAfterMs: 980 });
    expect(await hitRateLimit(db, 'batch', limit, 1_000, 6)).toEqual({
      allowed: false,
      granted: 5,
      retryAfterMs: 1_000,
    });
  });
});
