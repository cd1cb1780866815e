// What the Postgres connection and the portable schema promise, checked on a real server (the
// Postgres pass of npm test); on SQLite the same calls simply work, so this file only runs there.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { onPostgres, testDb } from '../helpers.ts';

describe.skipIf(!onPostgres)('PostgreSQL connection and schema', () => {
  it('reads counts, sums and millisecond times as numbers, past the 32-bit range', async () => {
    const db = await testDb();
    const at = Date.UTC(2038, 0, 20); // past 2^31 seconds, let alone milliseconds
    await db.insertInto('settings').values({ key: 'a', value: '1' }).execute();
    await db
      .insertInto('search_events')
      .values({ locale: 'en', query: 'q', normalized: 'q', result_count: 3, day: '2038-01-20', created_at: at })
      .execute();
    const row = await db
      .selectFrom('search_events')
      .select((eb) => [
        'created_at',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('result_count').as('total'),
        eb.fn.avg<number>('result_count').as('mean'),
      ])
      .groupBy('created_at')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ created_at: at, n: 1, total: 3, mean: 3 });
  });

  it('maps the migrations’ SQLite column shapes: bigint times, identity ids, SQLite-style timestamp text', async () => {
    const db = await testDb();
    const columns = await sql<{ column_name: string; data_type: string; is_identity: string }>`
      SELECT column_name, data_type, is_identity FROM information_schema.columns
      WHERE table_name = 'posts' AND column_name IN ('id', 'created_at', 'thread_id')`.execute(db);
    expect(Object.fromEntries(columns.rows.map((c) => [c.column_name, [c.data_type, c.is_identity]]))).toEqual({
      id: ['bigint', 'YES'],
      created_at: ['bigint', 'NO'],
      thread_id: ['bigint', 'NO'],
    });
    await db.insertInto('settings').values({ key: 'k', value: 'v' }).execute();
    const { updated_at } = await db.selectFrom('settings').select('updated_at').executeTakeFirstOrThrow();
    expect(updated_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('drops U+0000 from text parameters instead of failing the query (a URL’s %00, a pasted NUL)', async () => {
    const db = await testDb();
    expect(await db.selectFrom('forum_categories').select('id').where('slug', '=', 'a\0b').execute()).toEqual([]);
    await db.insertInto('settings').values({ key: 'nul', value: 'x\0y' }).execute();
    const { value } = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'nul')
      .executeTakeFirstOrThrow();
    expect(value).toBe('xy');
  });
});
