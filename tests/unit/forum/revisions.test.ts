import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dialectOf, type Db } from '../../../src/lib/db/index.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { listForumEvents } from '../../../src/lib/forum/events.ts';
import { editPost, reply } from '../../../src/lib/forum/posts.ts';
import { postRevisions } from '../../../src/lib/forum/revisions.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { editItemPost } from '../../../src/lib/moderation/queue.ts';
import { addWatchedWord } from '../../../src/lib/moderation/words.ts';
import { testDb, testUser } from '../helpers.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`Refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

async function setup() {
  const db = await testDb();
  const { id: categoryId } = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
  });
  const asker = await testUser(db, 'Asker', { trustLevel: 1 });
  const moderator = await testUser(db, 'Mod', { role: 'moderator' });
  const thread = ok(
    await createThread(
      db,
      asker,
      { locale: 'en', categoryId, title: 'Refund for a cancelled order', body: 'Where is my refund?' },
      T0,
    ),
  );
  return { db, asker, moderator, thread };
}

const row = (db: Db, postId: number) =>
  db
    .selectFrom('posts')
    .select(['source', 'revision_count', 'edited_by', 'hidden_at', 'held_at'])
    .where('id', '=', postId)
    .executeTakeFirstOrThrow();
const found = async (db: Db, query: string) => (await searchThreads(db, 'en', query)).hits.length > 0;
/** The post's entry in the full-text index itself (search results would hide a held post anyway). */
const indexed = async (db: Db, postId: number) => {
  const key = sql.ref(dialectOf(db) === 'postgres' ? 'post_id' : 'rowid');
  return (await sql`SELECT ${key} FROM forum_search WHERE ${key} = ${postId}`.execute(db)).rows.length > 0;
};

describe('one revision writer for both edit paths', () => {
  for (const path of ['editPost', 'editItemPost'] as const) {
    it(`${path}: the old text and title are kept as a revision, the new ones stored, indexed and logged`, async () => {
      const { db, asker, moderator, thread } = await setup();
      const edit = {
        body: 'Where is the voucher for order 42?',
        title: 'Voucher for a cancelled order',
        reason: 'clearer question',
      };
      if (path === 'editPost') ok(await editPost(db, moderator, thread.postId, edit, T0 + 1));
      else ok(await editItemPost(db, moderator, { postId: thread.postId }, edit, T0 + 1));

      expect(await row(db, thread.postId)).toMatchObject({
        source: edit.body,
        revision_count: 1,
        edited_by: moderator.id,
      });
      expect(
        await db
          .selectFrom('threads')
          .select(['title', 'slug'])
          .where('id', '=', thread.threadId)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        title: 'Voucher for a cancelled order',
        slug: 'voucher-for-a-cancelled-order',
      });
      expect(await postRevisions(db, asker, thread.postId)).toEqual([
        {
          revision: 1,
          source: 'Where is my refund?',
          title: 'Refund for a cancelled order',
          editedBy: moderator.id,
          editedAt: T0 + 1,
          reason: 'clearer question',
        },
      ]);
      expect(await found(db, 'voucher')).toBe(true);
      expect(await found(db, 'refund')).toBe(false);
      const log = await listForumEvents(db, moderator, { threadId: thread.threadId });
      expect(log.events[0]).toMatchObject({
        action: 'post.edit',
        actor: { id: moderator.id },
        reason: 'clearer question',
        data: { revision: 1, titleChanged: true },
      });
    });
  }

  it('an edit that brings in a "hold" watched word is held first, so the new text never reaches the index', async () => {
    const { db, asker, moderator, thread } = await setup();
    const answer = ok(await reply(db, asker, thread.threadId, 'Refunds take five working days.', T0 + 1));
    ok(await addWatchedWord(db, moderator, { locale: 'en', word: 'casino', action: 'hold' }, T0 + 2));
    const edited = ok(
      await editPost(db, asker, answer.postId, { body: 'Refunds arrive faster at the casino.' }, T0 + 3),
    );
    expect(edited).toMatchObject({ changed: true, revision: 1, pending: true });
    expect(await row(db, answer.postId)).toMatchObject({
      source: 'Refunds arrive faster at the casino.',
      revision_count: 1,
      hidden_at: T0 + 3,
      held_at: T0 + 3,
    });
    expect(await indexed(db, answer.postId)).toBe(false);
    expect(await indexed(db, thread.postId)).toBe(true);
    const actions = (await listForumEvents(db, moderator, { threadId: thread.threadId })).events.map((e) => e.action);
    // Newest first: the edit is logged after the hold hid the reply, as before the writer was shared.
    expect(actions.slice(0, 2)).toEqual(['post.edit', 'post.hide']);
  });
});
