// The review queue page's data (lib/moderation/review-queue-view.ts) and its notice
// (review-form.ts reviewNotice): the status tab and keyset page from the address, anything else
// falling back to the first page of pending items, and only a known operation named by `?done=`.
import { describe, expect, it } from 'vitest';
import { flagPost } from '../../../src/lib/moderation/flags.ts';
import { reviewNotice } from '../../../src/lib/moderation/review-form.ts';
import { readReviewQueueQuery, reviewQueueView } from '../../../src/lib/moderation/review-queue-view.ts';
import { ok } from '../factories.ts';
import { setup, T0 } from './fixture.ts';

describe('review queue page query', () => {
  it('reads the status and the cursor, falling back to the first page of pending items', () => {
    expect(readReviewQueueQuery(new URLSearchParams())).toEqual({ status: 'pending', cursor: undefined });
    expect(readReviewQueueQuery(new URLSearchParams('status=approved&after=7'))).toEqual({
      status: 'approved',
      cursor: 7,
    });
    expect(readReviewQueueQuery(new URLSearchParams('status=PENDING&after=-1'))).toEqual({
      status: 'pending',
      cursor: undefined,
    });
  });
});

describe('review queue page data', () => {
  it('lists the pending items, and nothing after the last one', async () => {
    const { db, members, moderator, spam } = await setup();
    const { itemId } = ok(await flagPost(db, members[0]!, spam.postId, { reason: 'spam' }, T0));
    const pending = await reviewQueueView(db, moderator, new URLSearchParams());
    expect(pending.status).toBe('pending');
    expect(pending.items.map((i) => i.id)).toContain(itemId);
    expect(pending.next).toBeNull();
    const after = await reviewQueueView(db, moderator, new URLSearchParams({ after: String(itemId) }));
    expect(after.cursor).toBe(itemId);
    expect(after.items.map((i) => i.id)).not.toContain(itemId);
    expect((await reviewQueueView(db, moderator, new URLSearchParams('status=approved'))).items).toEqual([]);
  });
});

describe('review queue notice', () => {
  it('names a known operation and nothing else', () => {
    expect(reviewNotice('approve')).toEqual({ kind: 'success', key: 'mod.queue.done.approve' });
    expect(reviewNotice('<script>')).toBeUndefined();
  });
});
