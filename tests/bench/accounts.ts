// Forgot password over HTTP: the answer for an address with an account next to the answer for
// one without (the baseline), against the built server. They must take the same time, or the
// timing tells which addresses have accounts (issue 21: 8.0 vs 5.7 ms before the mail moved to
// the outbox).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { migrateToLatest, openDatabase } from '../../src/lib/db/index.ts';
import { startServer, stopServer } from './server.ts';

const ROUNDS = 400;

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function benchForgotPassword(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-bench-accounts-'));
  const file = join(dir, 'bench.db');
  const db = openDatabase(file);
  await migrateToLatest(db);
  await createOrPromoteUser(db, {
    email: 'known@bench.example',
    role: 'member',
    name: 'Known',
    password: 'a long bench password',
  });
  await db.destroy();
  const { origin, child } = await startServer(file, { RATE_LIMIT_SCALE: '1000000', OUTBOX_DIR: join(dir, 'outbox') });
  const post = async (email: string) => {
    const start = performance.now();
    const response = await fetch(`${origin}/en/account/forgot/`, {
      method: 'POST',
      headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`forgot answered ${response.status}`);
    return performance.now() - start;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 30; i++) await post(i % 2 ? 'known@bench.example' : `nobody${i}@bench.example`); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate the order, so neither kind always follows the other.
    if (i % 2) {
      known.push(await post('known@bench.example'));
      unknown.push(await post(`nobody${i}@bench.example`));
    } else {
      unknown.push(await post(`nobody${i}@bench.example`));
      known.push(await post('known@bench.example'));
    }
  }
  await stopServer(child);
  rmSync(dir, { recursive: true, force: true });
  const row = (name: string, samples: number[], base: number) => ({
    address: name,
    'median ms': percentile(samples, 0.5).toFixed(2),
    'p90 ms': percentile(samples, 0.9).toFixed(2),
    'ratio (median)': (percentile(samples, 0.5) / base).toFixed(2),
  });
  const base = percentile(unknown, 0.5);
  console.table([row('no account (baseline)', unknown, base), row('has an account', known, base)]);
  const ratio = percentile(known, 0.5) / base;
  console.log(
    `${ROUNDS} requests each, alternating. Goal: the same time (median ratio within 0.9–1.1) → ${ratio >= 0.9 && ratio <= 1.1 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}).`,
  );
}
