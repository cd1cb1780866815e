// The comments inbox page's data (lib/analytics/comment-inbox.ts): filters and time zone from the
// address, one page of comments with the next page's cursor, and the row asked to confirm a delete.
import { describe, expect, it } from 'vitest';
import { commentInboxView } from '../../../src/lib/analytics/comment-inbox.ts';
import { recordVote } from '../../../src/lib/analytics/feedback.ts';
import { testDb } from '../helpers.ts';

async function withComments(n: number) {
  const db = await testDb();
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await recordVote(
      db,
      { article: 'en/billing/refunds', helpful: 'no', comment: `Comment ${i}`, visitor: `v${i}` },
      Date.parse('2026-11-02T10:00:00Z') + i * 1000,
    );
    ids.push(id);
  }
  return { db, ids };
}

describe('comment inbox page data', () => {
  it('pages by 25, newest first, with the cursor of the older page', async () => {
    const { db, ids } = await withComments(26);
    const first = await commentInboxView(db, new URLSearchParams(), 'fa');
    expect(first.inbox.rows).toHaveLength(25);
    expect(first.inbox.rows[0]!.id).toBe(ids.at(-1));
    expect(first.older).toMatch(/^\d+\.\d+$/);
    expect(first.timeZone).toBe('Asia/Tehran');
    expect(first.confirmId).toBe(0);

    const older = await commentInboxView(db, new URLSearchParams({ before: first.older!, tz: 'UTC' }), 'fa');
    expect(older.inbox.rows.map((r) => r.id)).toEqual([ids[0]]);
    expect(older.older).toBeNull();
    expect(older.timeZone).toBe('UTC');
  });

  it('reads the filters and the row to confirm from the address', async () => {
    const { db, ids } = await withComments(1);
    const view = await commentInboxView(db, new URLSearchParams({ locale: 'ru', confirm: String(ids[0]) }), 'en');
    expect(view.query.locale).toBe('ru');
    expect(view.inbox.rows).toEqual([]);
    expect(view.confirmId).toBe(ids[0]);
  });
});
