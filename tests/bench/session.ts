// Session validation: the cost middleware adds to each on-demand request, against the bare
// primary-key read of the same rows through better-sqlite3 (the floor any design pays).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { migrateToLatest, openDatabase } from '../../src/lib/db/index.ts';
import { createSession, validateSessionToken } from '../../src/lib/auth/session.ts';
import { sha256Hex } from '../../src/lib/auth/crypto.ts';

const USERS = 1_000;
const ROUNDS = 5_000;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p99: at(0.99) };
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchSessions(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-bench-'));
  const file = join(dir, 'bench.db');
  const db = openDatabase(file);
  await migrateToLatest(db);
  const now = Date.now();
  const tokens: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const { id } = await db
      .insertInto('users')
      .values({
        email: `u${i}@bench.example`,
        password_hash: 'x',
        display_name: `User ${i}`,
        name_skeleton: `user ${i}`,
        username: `user ${i}`,
        username_skeleton: `user ${i}`,
        email_verified_at: null,
        suspended_until: null,
        silenced_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tokens.push((await createSession(db, id, 'bench', now)).token);
  }

  const raw = new SQLite(file, { readonly: true });
  const rawLookup = raw.prepare(
    'SELECT s.*, u.email, u.display_name, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?',
  );

  const validation: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const token = tokens[i % USERS]!;
    const [id, secret] = token.split('.') as [string, string];
    baseline.push(
      await time(() => {
        const row = rawLookup.get(id) as { secret_hash: string } | undefined;
        return row && row.secret_hash === sha256Hex(secret);
      }),
    );
    validation.push(
      await time(async () => {
        if (!(await validateSessionToken(db, token, now + 1_000))) throw new Error('session did not validate');
      }),
    );
  }
  const v = stats(validation);
  const b = stats(baseline);
  const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  console.table([
    {
      measure: 'raw better-sqlite3 lookup + hash (baseline)',
      median: fmt(b.median),
      p99: fmt(b.p99),
      'ratio (median)': '1.00',
    },
    {
      measure: 'validateSessionToken (Kysely, constant-time)',
      median: fmt(v.median),
      p99: fmt(v.p99),
      'ratio (median)': (v.median / b.median).toFixed(2),
    },
  ]);
  console.log(
    `${ROUNDS} validations over ${USERS} sessions. Goal: median under 1 ms → ${v.median < 1 ? 'met' : 'NOT met'} (${fmt(v.median)}).`,
  );
  raw.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
