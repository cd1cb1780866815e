// The anonymous cache's clears between processes (src/lib/http/anonymous-cache-sync.ts). On
// Postgres, two listeners on one server stand for two processes (or hosts): a publish reaches the
// other one and not the sender; a listener whose connection the server cuts reconnects, clears
// once for what it may have missed, and hears the next publish.
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/db/index.ts';
import { listenOnPostgres, type ClearChannel } from '../../../src/lib/http/anonymous-cache-sync.ts';
import { freshPostgresUrl, onPostgres } from '../helpers.ts';

const channels: ClearChannel[] = [];
afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.stop();
});

/** Resolves once `count()` reaches `n` (or fails after 5 s). */
const reaches = (count: () => number, n: number) => vi.waitFor(() => expect(count()).toBe(n), { timeout: 5_000 });

/** The listener connections whose LISTEN has run (connected is not yet listening). */
async function listening(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = 'pasokh-cache-clears'
      AND state = 'idle' AND query LIKE 'LISTEN %'`.execute(db);
  return Number(rows[0]!.n);
}

describe.skipIf(!onPostgres)('anonymous cache clears on Postgres', () => {
  it('reach the other process, not the sender, and survive a dropped connection', async () => {
    const url = await freshPostgresUrl();
    const cleared = { a: 0, b: 0 };
    const quiet = () => {};
    const a = listenOnPostgres(url, { onClear: () => cleared.a++, log: quiet, retryMs: 50 });
    const b = listenOnPostgres(url, { onClear: () => cleared.b++, log: quiet, retryMs: 50 });
    channels.push(a, b);
    const db = openDatabase(url, { poolSize: 1 });
    try {
      await vi.waitFor(async () => expect(await listening(db)).toBe(2), { timeout: 5_000 });

      a.publish();
      await reaches(() => cleared.b, 1);
      expect(cleared.a).toBe(0);

      // The server drops both connections (a restart, a failover): each reconnects and clears once.
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'pasokh-cache-clears' AND pid <> pg_backend_pid()`.execute(
        db,
      );
      await reaches(() => cleared.b, 2);
      await reaches(() => cleared.a, 1);
      await vi.waitFor(async () => expect(await listening(db)).toBe(2), { timeout: 5_000 });
      a.publish();
      await reaches(() => cleared.b, 3);
      expect(cleared.a).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('send a clear published before the connection is up once it is', async () => {
    const url = await freshPostgresUrl();
    const cleared = { a: 0, b: 0 };
    const quiet = () => {};
    const b = listenOnPostgres(url, { onClear: () => cleared.b++, log: quiet, retryMs: 50 });
    channels.push(b);
    const db = openDatabase(url, { poolSize: 1 });
    try {
      await vi.waitFor(async () => expect(await listening(db)).toBe(1), { timeout: 5_000 });
      const a = listenOnPostgres(url, { onClear: () => cleared.a++, log: quiet, retryMs: 50 });
      channels.push(a);
      a.publish(); // its connection is still being opened
      await reaches(() => cleared.b, 1);
      expect(cleared.a).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});
