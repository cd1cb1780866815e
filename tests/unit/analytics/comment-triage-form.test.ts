// The comments inbox's form runner (lib/analytics/comment-triage-form.ts): a triage state is set,
// a spam vote deleted, a vanished or malformed one refused, and where the page goes next.
import { describe, expect, it } from 'vitest';
import { commentTriageAnswer, runCommentTriageForm } from '../../../src/lib/analytics/comment-triage-form.ts';
import { recordVote } from '../../../src/lib/analytics/feedback.ts';
import { testDb, testUser } from '../helpers.ts';

async function setup() {
  const db = await testDb();
  const writer = await testUser(db, 'Writer', { role: 'writer' });
  const { id } = await recordVote(db, {
    article: 'en/billing/refunds',
    helpful: 'no',
    reason: 'unclear',
    comment: 'Which form?',
    visitor: 'v1',
  });
  return { db, writer, id };
}

describe('comment triage form', () => {
  it('sets the state and lands on the comment; deletes a vote', async () => {
    const { db, writer, id } = await setup();
    const saved = await runCommentTriageForm(db, writer.id, { action: 'status', id: String(id), status: 'fixed' });
    expect(saved).toEqual({ ok: true, done: 'saved', id });
    expect(commentTriageAnswer(saved)).toEqual({ redirect: { confirm: null, done: 'saved' }, hash: `c-${id}` });
    expect(
      await db
        .selectFrom('article_votes')
        .select(['comment_status', 'status_by'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ comment_status: 'fixed', status_by: writer.id });

    const deleted = await runCommentTriageForm(db, writer.id, { action: 'delete', id: String(id) });
    expect(commentTriageAnswer(deleted)).toEqual({ redirect: { confirm: null, done: 'deleted' } });
    expect(await db.selectFrom('article_votes').selectAll().execute()).toEqual([]);
  });

  it('refuses an unknown state and a vote that is gone', async () => {
    const { db, writer, id } = await setup();
    const invalid = await runCommentTriageForm(db, writer.id, { action: 'status', id: String(id), status: 'spam' });
    expect(commentTriageAnswer(invalid)).toEqual({ status: 400, error: 'admin.comments.gone' });
    expect(
      (await db.selectFrom('article_votes').select('comment_status').where('id', '=', id).executeTakeFirstOrThrow())
        .comment_status,
    ).toBe('new');
    const gone = await runCommentTriageForm(db, writer.id, { action: 'delete', id: String(id + 1) });
    expect(commentTriageAnswer(gone)).toEqual({ status: 404, error: 'admin.comments.gone' });
  });
});
