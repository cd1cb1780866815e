// The server's background WAL checkpointer: connections opened after it starts leave
// checkpoints to it, it copies the WAL into the database while writes go on, and stopping it
// leaves an empty WAL.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../../src/lib/db/checkpointer.ts';
import { migrateToLatest, openDatabase } from '../../../src/lib/db/index.ts';
import { setBackgroundCheckpoints } from '../../../src/lib/env.ts';
import { onPostgres } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'pasokh-checkpoint-'));
afterEach(() => {
  setBackgroundCheckpoints(false);
  rmSync(dir, { recursive: true, force: true });
});

// SQLite's WAL only: Postgres checkpoints itself.
describe.skipIf(onPostgres)('the background checkpointer', () => {
  it('checkpoints in the background and truncates the WAL on stop', async () => {
    const path = join(dir, 'c.db');
    const before = openDatabase(path);
    await migrateToLatest(before);
    expect(
      (await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(before)).rows[0]!
        .wal_autocheckpoint,
    ).toBe(1000);
    await before.destroy();

    const checkpointer = startCheckpointer(path, { intervalMs: 50 });
    const db = openDatabase(path);
    expect(
      (await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db)).rows[0]!.wal_autocheckpoint,
    ).toBe(0);
    const fileSize = statSync(path).size;
    for (let i = 0; i < 200; i++) {
      await db
        .insertInto('article_views')
        .values({ article: 'fa/a/b', visitor: `v${i}`, day: '2026-11-23', at: i })
        .execute();
    }
    // Nothing in this thread checkpoints, yet the rows reach the database file itself.
    expect(statSync(path).size).toBe(fileSize);
    await expect.poll(() => statSync(path).size, { timeout: 3_000 }).toBeGreaterThan(fileSize);
    await db.destroy();
    await checkpointer.stop();
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    const reopened = openDatabase(path);
    expect(
      (
        await reopened
          .selectFrom('article_views')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(200);
    await reopened.destroy();
  });
});
