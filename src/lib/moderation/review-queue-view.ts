// The review queue page's data: the status tab and keyset page the address asks for (an unknown
// status shows the pending items, a bad cursor the first page) and that page of review items.
import type { SessionUser } from '../auth/session.ts';
import type { Db } from '../db/index.ts';
import type { ReviewStatus } from '../db/schema.ts';
import { listReviewItems, REVIEW_STATUSES } from './queue.ts';

export function readReviewQueueQuery(params: URLSearchParams): { status: ReviewStatus; cursor: number | undefined } {
  const status = params.get('status') ?? '';
  const after = params.get('after') ?? '';
  return {
    status: (REVIEW_STATUSES as readonly string[]).includes(status) ? (status as ReviewStatus) : 'pending',
    cursor: /^\d{1,12}$/.test(after) ? Number(after) : undefined,
  };
}

export async function reviewQueueView(db: Db, viewer: SessionUser, params: URLSearchParams) {
  const { status, cursor } = readReviewQueueQuery(params);
  const { items, next } = await listReviewItems(db, viewer, {
    status,
    ...(cursor !== undefined ? { cursor } : {}),
    limit: 20,
  });
  return { status, cursor, items, next };
}
