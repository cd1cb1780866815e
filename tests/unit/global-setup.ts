// Once per run on Postgres: the template database every test database copies (CREATE DATABASE …
// TEMPLATE takes milliseconds; migrating takes a second).
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../../src/lib/db/index.ts';
import { POSTGRES_TEMPLATE, postgresUrl } from './helpers.ts';

export default async function setup(): Promise<void> {
  if (!postgresUrl) return;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${POSTGRES_TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${POSTGRES_TEMPLATE}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${POSTGRES_TEMPLATE}`;
  const db = openDatabase(url.href, { poolSize: 1 });
  await migrateToLatest(db);
  await db.destroy();
}
