// GET /healthz and /readyz (src/lib/http/health.ts, src/lib/db/readiness.ts) on both databases:
// ready when the database answers with exactly this build's migrations; 503 with the reason when
// one is pending, one is unknown (a newer release migrated it) or the database is gone.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/db/index.ts';
import { databaseReadiness } from '../../../src/lib/db/readiness.ts';
import { createHealthCheck } from '../../../src/lib/http/health.ts';
import { createSiteHandler, createSiteServer, type SiteServer } from '../../../src/lib/http/server.ts';
import { onPostgres, testDb } from '../helpers.ts';

let site: SiteServer | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function serve(db: Db) {
  let astroCalls = 0;
  site = createSiteServer(
    createSiteHandler({
      clientDir: '/nonexistent',
      astro: (_req, res) => (astroCalls++, res.end('page')),
      health: createHealthCheck({ readiness: () => databaseReadiness(db, { timeoutMs: 1_000 }) }),
    }),
  );
  await site.listen(0, '127.0.0.1');
  const { port } = site.server.address() as AddressInfo;
  const get = (path: string) =>
    new Promise<{ status: number; text: string; cacheControl?: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, text: text.trim(), cacheControl: res.headers['cache-control'] }),
        );
      })
        .on('error', reject)
        .end();
    });
  return { get, astroCalls: () => astroCalls };
}

it('answers /healthz and /readyz in front of Astro, never cached', async () => {
  const { get, astroCalls } = await serve(await testDb());
  expect(await get('/healthz')).toEqual({ status: 200, text: 'ok', cacheControl: 'no-store' });
  expect(await get('/readyz')).toEqual({ status: 200, text: 'ready', cacheControl: 'no-store' });
  expect(astroCalls()).toBe(0);
});

it('/readyz is 503 while a migration is pending, and when the database knows one this build does not', async () => {
  const db = await testDb();
  const { get } = await serve(db);
  const { rows } = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(db);
  const last = rows[0]!.name;
  await sql`delete from kysely_migration where name = ${last}`.execute(db);
  expect(await get('/readyz')).toMatchObject({ status: 503, text: 'migrations pending: 1' });
  await sql`insert into kysely_migration (name, timestamp) values (${last}, '2026-12-05T00:00:00.000Z')`.execute(db);
  await sql`insert into kysely_migration (name, timestamp) values ('2099_01_01_0001_future', '2099-01-01T00:00:00.000Z')`.execute(
    db,
  );
  expect(await get('/readyz')).toMatchObject({
    status: 503,
    text: 'unknown migrations (a newer release?): 2099_01_01_0001_future',
  });
});

it('/readyz is 503 on a database never migrated', async () => {
  const db = await testDb();
  await sql`drop table kysely_migration`.execute(db);
  const { get } = await serve(db);
  expect(await get('/readyz')).toMatchObject({ status: 503, text: expect.stringMatching(/^migrations pending: \d+$/) });
});

it('/readyz is 503 when the database does not answer, /healthz stays 200', async () => {
  // Nothing listens on port 1; a SQLite handle that was closed fails the same way an unusable file does.
  const gone = onPostgres ? openDatabase('postgres://pasokh:x@127.0.0.1:1/pasokh', { poolSize: 1 }) : await testDb();
  if (!onPostgres) await gone.destroy();
  const { get } = await serve(gone);
  expect(await get('/readyz')).toMatchObject({ status: 503, text: expect.stringMatching(/^database unavailable: /) });
  expect(await get('/healthz')).toMatchObject({ status: 200 });
  if (onPostgres) await gone.destroy();
});
