import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import { recordSearchEvent, searchEventSchema, zeroResultCounts } from '../../../src/lib/analytics/search-events.ts';
import { isBot } from '../../../src/lib/http/bots.ts';
import { isCrossSite } from '../../../src/lib/http/fetch-site.ts';
import { testDb } from '../helpers.ts';

describe('search events', () => {
  let db: Db;
  afterEach(async () => db?.destroy());

  it('accepts well-formed events and refuses everything else', () => {
    expect(searchEventSchema.safeParse({ locale: 'fa', query: 'صبر', results: 3 }).success).toBe(true);
    expect(searchEventSchema.safeParse({ locale: 'de', query: 'x', results: 1 }).success).toBe(false);
    expect(searchEventSchema.safeParse({ locale: 'fa', query: '', results: 1 }).success).toBe(false);
    expect(searchEventSchema.safeParse({ locale: 'fa', query: 'x', results: -1 }).success).toBe(false);
    expect(
      searchEventSchema.safeParse({ locale: 'fa', query: 'x', results: 1, clickedUrl: 'https://evil.example/' })
        .success,
    ).toBe(false);
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
    await recordSearchEvent(
      db,
      { locale: 'fa', query: 'صبر', results: 4, clickedUrl: '/fa/a/b/', clickedRank: 2 },
      day2,
    );
    const normalized = await db
      .selectFrom('search_events')
      .select('normalized')
      .where('locale', '=', 'fa')
      .where('result_count', '=', 0)
      .execute();
    expect(new Set(normalized.map((r) => r.normalized))).toEqual(new Set(['کیفیت']));
    expect(await zeroResultCounts(db, '2026-11-20', '2026-11-21')).toEqual([
      { locale: 'fa', day: '2026-11-20', count: 2 },
      { locale: 'ru', day: '2026-11-21', count: 1 },
    ]);
    expect(await zeroResultCounts(db, '2026-11-21', '2026-11-21')).toEqual([
      { locale: 'ru', day: '2026-11-21', count: 1 },
    ]);
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
