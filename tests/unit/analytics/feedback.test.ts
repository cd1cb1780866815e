import { describe, expect, it } from 'vitest';
import {
  characterCount,
  commentInbox,
  deleteVote,
  recordView,
  recordVote,
  setCommentStatus,
  voteSchema,
} from '../../../src/lib/analytics/feedback.ts';
import { addDays, localDay, resolvePeriod, startOfLocalDay } from '../../../src/lib/analytics/period.ts';
import {
  articleCounts,
  dailySeries,
  helpfulPercent,
  lastComments,
  searchReport,
  splitByUtcDays,
} from '../../../src/lib/analytics/report.ts';
import { recordSearchEvent } from '../../../src/lib/analytics/search-events.ts';
import { testDb } from '../helpers.ts';

async function writerUser(db: Awaited<ReturnType<typeof testDb>>) {
  return db
    .insertInto('users')
    .values({
      email: 'w@example.com',
      email_verified_at: null,
      password_hash: 'x',
      display_name: 'Мария',
      name_skeleton: 'mapия',
      username: 'mapия',
      username_skeleton: 'mapия',
      role: 'writer',
      suspended_until: null,
      silenced_until: null,
    })
    .returning(['id', 'display_name'])
    .executeTakeFirstOrThrow();
}

const A = 'fa/agent-skills/patience-and-empathy';
const B = 'ru/agent-skills/patience-and-empathy';
const at = (iso: string) => Date.parse(iso);
const wholeDay = (day: string) => ({ fromMs: at(`${day}T00:00:00Z`), toMs: at(`${day}T00:00:00Z`) + 86_400_000 });

describe('votes', () => {
  it('counts a changed vote once, on the day it was last cast, and keeps reason and comment', async () => {
    const db = await testDb();
    await recordVote(db, { article: A, helpful: 'yes', visitor: 'v1' }, at('2026-11-01T10:00:00Z'));
    await recordVote(db, { article: A, helpful: 'no', visitor: 'v2' }, at('2026-11-01T11:00:00Z'));
    // v1 changes its mind the next day, then adds a reason and a comment in a follow-up.
    await recordVote(db, { article: A, helpful: 'no', visitor: 'v1' }, at('2026-11-02T09:00:00Z'));
    await recordVote(
      db,
      { article: A, helpful: 'no', reason: 'missing', comment: 'No word on refunds', visitor: 'v1' },
      at('2026-11-02T09:01:00Z'),
    );

    const nov1 = (await articleCounts(db, wholeDay('2026-11-01'))).get(A)!;
    expect([nov1.helpful, nov1.unhelpful]).toEqual([0, 1]);
    const both = (
      await articleCounts(db, { fromMs: at('2026-11-01T00:00:00Z'), toMs: at('2026-11-03T00:00:00Z') })
    ).get(A)!;
    expect([both.helpful, both.unhelpful, both.reasons.missing]).toEqual([0, 2, 1]);
    expect(helpfulPercent(both)).toBe(0);

    // A later "yes" without a comment keeps the comment, drops the reason.
    await recordVote(db, { article: A, helpful: 'yes', visitor: 'v1' }, at('2026-11-02T12:00:00Z'));
    const after = (
      await articleCounts(db, { fromMs: at('2026-11-01T00:00:00Z'), toMs: at('2026-11-03T00:00:00Z') })
    ).get(A)!;
    expect([after.helpful, after.unhelpful, after.reasons.missing]).toEqual([1, 1, 0]);
    expect(helpfulPercent(after)).toBe(50);
    const row = await db.selectFrom('article_votes').selectAll().where('visitor', '=', 'v1').executeTakeFirstOrThrow();
    expect([row.helpful, row.reason, row.comment, row.comment_status]).toEqual([1, null, 'No word on refunds', 'new']);
  });

  it('forgets a deleted vote in every count', async () => {
    const db = await testDb();
    const { id } = await recordVote(
      db,
      { article: A, helpful: 'no', reason: 'unclear', visitor: 'v1' },
      at('2026-11-05T10:00:00Z'),
    );
    await recordVote(db, { article: A, helpful: 'yes', visitor: 'v2' }, at('2026-11-05T10:00:00Z'));
    expect(await deleteVote(db, id)).toBe(true);
    expect(await deleteVote(db, id)).toBe(false);
    for (const period of [
      wholeDay('2026-11-05'),
      { fromMs: at('2026-11-05T09:00:00Z'), toMs: at('2026-11-05T11:00:00Z') },
    ]) {
      const counts = (await articleCounts(db, period)).get(A)!;
      expect([counts.helpful, counts.unhelpful, counts.reasons.unclear]).toEqual([1, 0, 0]);
    }
  });

  it('limits comments to 1,000 characters as readers count them, not bytes', () => {
    const persian = 'س'.repeat(1_000); // 2,000 bytes in UTF-8
    expect(voteSchema.safeParse({ article: A, helpful: 'no', comment: persian }).success).toBe(true);
    expect(voteSchema.safeParse({ article: A, helpful: 'no', comment: `${persian}ب` }).success).toBe(false);
    expect(characterCount('👍🏽👍🏽')).toBe(2);
    expect(voteSchema.safeParse({ article: '../../etc/passwd', helpful: 'yes' }).success).toBe(false);
    expect(voteSchema.safeParse({ article: A, helpful: 'maybe' }).success).toBe(false);
  });
});

describe('views', () => {
  it('counts a visitor once per article per UTC day', async () => {
    const db = await testDb();
    expect(await recordView(db, { article: A, visitor: 'v1' }, at('2026-11-01T08:00:00Z'))).toBe(true);
    expect(await recordView(db, { article: A, visitor: 'v1' }, at('2026-11-01T23:59:59Z'))).toBe(false);
    expect(await recordView(db, { article: A, visitor: 'v1' }, at('2026-11-02T00:00:00Z'))).toBe(true);
    expect(await recordView(db, { article: B, visitor: 'v1' }, at('2026-11-01T08:00:00Z'))).toBe(true);
    expect(await recordView(db, { article: A, visitor: 'v2' }, at('2026-11-01T09:00:00Z'))).toBe(true);
    const counts = await articleCounts(db, { fromMs: at('2026-11-01T00:00:00Z'), toMs: at('2026-11-03T00:00:00Z') });
    expect(counts.get(A)!.views).toBe(3);
    expect(counts.get(B)!.views).toBe(1);
    const series = await dailySeries(db, { fromMs: at('2026-11-01T00:00:00Z'), toMs: at('2026-11-03T00:00:00Z') });
    expect(series.get(A)!.map((d) => [d.day, d.views])).toEqual([
      ['2026-11-01', 2],
      ['2026-11-02', 1],
    ]);
  });
});

describe('periods in the viewer\u2019s time zone', () => {
  it('finds local midnight, half-hour offsets and DST included', () => {
    expect(new Date(startOfLocalDay('2026-11-23', 'Asia/Tehran')).toISOString()).toBe('2026-11-22T20:30:00.000Z');
    expect(new Date(startOfLocalDay('2026-11-23', 'Europe/Moscow')).toISOString()).toBe('2026-11-22T21:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-03-29', 'Europe/London')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(startOfLocalDay('2026-03-30', 'Europe/London')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(localDay(at('2026-11-22T21:00:00Z'), 'Asia/Tehran')).toBe('2026-11-23');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('counts a vote cast at 00:30 Tehran time in Tehran\u2019s new day, not in UTC\u2019s', async () => {
    const db = await testDb();
    // 21:00 UTC on 22 Nov is 00:30 on 23 Nov in Tehran.
    await recordVote(db, { article: A, helpful: 'yes', visitor: 'v1' }, at('2026-11-22T21:00:00Z'));
    await recordView(db, { article: A, visitor: 'v1' }, at('2026-11-22T21:00:00Z'));
    await recordVote(db, { article: A, helpful: 'no', visitor: 'v2' }, at('2026-11-22T12:00:00Z'));
    const now = at('2026-11-23T10:00:00Z');
    const tehranToday = resolvePeriod(
      { preset: 'custom', from: '2026-11-23', to: '2026-11-23', timeZone: 'Asia/Tehran' },
      now,
    );
    const utcToday = resolvePeriod({ preset: 'custom', from: '2026-11-23', to: '2026-11-23', timeZone: 'UTC' }, now);
    const tehran = (await articleCounts(db, tehranToday)).get(A)!;
    expect([tehran.views, tehran.helpful, tehran.unhelpful]).toEqual([1, 1, 0]);
    expect((await articleCounts(db, utcToday)).get(A)).toBeUndefined();
    // A 2-day Tehran period: one partial UTC day at each edge plus one whole UTC day.
    const twoDays = resolvePeriod(
      { preset: 'custom', from: '2026-11-22', to: '2026-11-23', timeZone: 'Asia/Tehran' },
      now,
    );
    expect(splitByUtcDays(twoDays.fromMs, twoDays.toMs).raw).toHaveLength(2);
    const both = (await articleCounts(db, twoDays)).get(A)!;
    expect([both.views, both.helpful, both.unhelpful]).toEqual([1, 1, 1]);
  });

  it('resolves presets and refuses reversed or malformed custom ranges', () => {
    const now = at('2026-11-23T10:00:00Z');
    const week = resolvePeriod({ preset: '7', timeZone: 'Europe/Moscow' }, now);
    expect([week.fromDay, week.toDay, week.valid]).toEqual(['2026-11-17', '2026-11-23', true]);
    expect(
      resolvePeriod({ preset: 'custom', from: '2026-11-20', to: '2026-11-01', timeZone: 'UTC' }, now),
    ).toMatchObject({ valid: false, preset: '30' });
    expect(
      resolvePeriod({ preset: 'custom', from: "'; drop table--", to: '2026-11-01', timeZone: 'UTC' }, now).valid,
    ).toBe(false);
    expect(resolvePeriod({ preset: '9999', timeZone: 'Not/AZone' }, now)).toMatchObject({
      preset: '30',
      timeZone: 'UTC',
    });
  });
});

describe('comments inbox', () => {
  it('lists comments newest first with keyset pages and records who triaged them', async () => {
    const db = await testDb();
    const writer = await writerUser(db);
    for (let i = 0; i < 5; i++)
      await recordVote(
        db,
        { article: A, helpful: 'no', comment: `comment ${i}`, visitor: `v${i}` },
        at('2026-11-01T10:00:00Z') + i,
      );
    await recordVote(db, { article: A, helpful: 'yes', visitor: 'silent' }, at('2026-11-01T12:00:00Z'));
    const first = await commentInbox(db, { limit: 2 });
    expect(first.rows.map((r) => r.comment)).toEqual(['comment 4', 'comment 3']);
    const second = await commentInbox(db, { limit: 2, before: first.next });
    expect(second.rows.map((r) => r.comment)).toEqual(['comment 2', 'comment 1']);
    expect(await setCommentStatus(db, first.rows[0]!.id, 'fixed', writer.id, 5)).toBe(true);
    const fixed = await commentInbox(db, { status: 'fixed' });
    expect(fixed.rows.map((r) => [r.comment, r.comment_status, r.status_by_name, r.status_at])).toEqual([
      ['comment 4', 'fixed', writer.display_name, 5],
    ]);
    const latest = (await lastComments(db, wholeDay('2026-11-01'))).get(A);
    expect(latest?.comment).toBe('comment 4');
  });
});

describe('search report', () => {
  it('groups spelling variants, counts zero results, click-through and mean rank', async () => {
    const db = await testDb();
    const now = at('2026-11-10T10:00:00Z');
    await recordSearchEvent(db, { locale: 'fa', query: 'مهارت ها', results: 3 }, now);
    await recordSearchEvent(db, { locale: 'fa', query: 'مهارت‌ها', results: 3 }, now);
    await recordSearchEvent(db, { locale: 'fa', query: 'مهارت‌ها', results: 3 }, now);
    await recordSearchEvent(
      db,
      { locale: 'fa', query: 'مهارت‌ها', results: 3, clickedUrl: '/fa/agent-skills/x/', clickedRank: 1 },
      now,
    );
    await recordSearchEvent(
      db,
      { locale: 'fa', query: 'مهارت‌ها', results: 3, clickedUrl: '/fa/agent-skills/y/', clickedRank: 3 },
      now,
    );
    await recordSearchEvent(db, { locale: 'fa', query: 'بازپرداخت', results: 0 }, now);
    await recordSearchEvent(db, { locale: 'ru', query: 'возврат', results: 0 }, now);
    const report = await searchReport(db, 'fa', wholeDay('2026-11-10'));
    expect(report.top[0]).toMatchObject({
      example: 'مهارت‌ها',
      variants: 2,
      searches: 3,
      clicks: 2,
      meanClickedRank: 2,
      zeroResults: 0,
    });
    expect(report.top[0]!.clickThrough).toBeCloseTo(2 / 3);
    expect(report.zeroResults.map((r) => [r.example, r.zeroResults])).toEqual([['بازپرداخت', 1]]);
    expect(report.totals).toMatchObject({ searches: 4, clicks: 2, zeroResults: 1, meanClickedRank: 2 });
    expect((await searchReport(db, 'fa', wholeDay('2026-11-11'))).totals.searches).toBe(0);
  });
});
