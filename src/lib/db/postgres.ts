// The scale-out database: Kysely over node-postgres (`pg`), a pool of `DATABASE_POOL_SIZE`
// connections per process. Several processes on several hosts share one server.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

/**
 * Counts and millisecond timestamps are `bigint` on Postgres (int4 ends in 2038 as seconds and
 * in 1970 + 25 days as milliseconds); pg hands int8 and numeric back as strings to be safe past
 * 2^53. Ours stay far below it, so they come back as numbers, as they do from SQLite.
 */
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Postgres text cannot hold U+0000 (SQLite's can): a NUL in any parameter fails the whole query
 * ("invalid byte sequence"), and one can arrive from anywhere a visitor types or links, a URL's
 * `%00` included. No text of ours means anything by it, so it is dropped from every string
 * parameter, as user text drops other control characters (lib/text.ts).
 */
class NulFreeClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [, values] = args;
    if (Array.isArray(values)) args[1] = values.map((v) => (typeof v === 'string' ? v.replaceAll('\0', '') : v));
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

export interface PostgresOptions {
  poolSize: number;
}

/** A pool on `url`; connections open on first use, so a bad URL shows at the first query (see checkConnection). */
export function openPostgres(url: string, { poolSize }: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    Client: NulFreeClient,
    max: poolSize,
    types,
    application_name: 'pasokh',
    connectionTimeoutMillis: 10_000,
    // Tests and one-off commands end without destroying every handle; idle connections must not keep them alive.
    allowExitOnIdle: true,
  });
  // A connection the server drops while idle (restart, failover) is replaced at the next query;
  // without a listener the pool's 'error' event would end the process.
  pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** `postgres://user:secret@host/db` as `postgres://user@host/db`, for messages. */
export function redactedUrl(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed) return 'the URL';
  parsed.password = '';
  return parsed.href;
}

/** Network failures get a plain reason; the server's own refusals (authentication, no such database) say it themselves. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, and on that port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
};

/** Why a connection failed, in a few words an operator can act on. */
export function connectionFailure(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return (code && NETWORK_REASONS[code]) || message || String(error);
}
