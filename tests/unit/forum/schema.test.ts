import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../../src/lib/db/index.ts';
import { onPostgres } from '../helpers.ts';
import { T0, forum, ask } from './fixture.ts';

describe('schema', () => {
  it('enforces one vote per member and post and unique post numbers in the database itself', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const thread = await ask(db, asker, categoryId, 'Constraint check question');
    await db.insertInto('post_votes').values({ post_id: thread.postId, user_id: helper.id, created_at: T0 }).execute();
    await expect(
      db.insertInto('post_votes').values({ post_id: thread.postId, user_id: helper.id, created_at: T0 }).execute(),
    ).rejects.toSatisfy((error) => isUniqueViolation(error, { table: 'post_votes', column: 'user_id' }));
    await expect(
      db
        .insertInto('posts')
        .values({
          thread_id: thread.threadId,
          author_id: helper.id,
          number: 1,
          source: 'x',
          html: 'x',
          created_at: T0,
          accepted_at: null,
          edited_at: null,
          edited_by: null,
          hidden_at: null,
          hidden_by: null,
          hidden_reason: null,
          deleted_at: null,
          deleted_by: null,
        })
        .execute(),
    ).rejects.toSatisfy((error) => isUniqueViolation(error, { table: 'posts', column: 'number' }));
    const { rows } = await (
      onPostgres
        ? sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'threads'`
        : sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'threads'`
    ).execute(db);
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'threads_latest',
        'threads_unanswered',
        'threads_solved',
        'threads_category_latest',
        'threads_pinned',
        'threads_author',
      ]),
    );
  });
});
