// Moderator writes over HTTP while article votes stream in (issue 21: 5.8 % of them answered 500
// "database is locked"). Baseline: the same writes with no votes flowing, in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createSession, SESSION_COOKIE } from '../../src/lib/auth/session.ts';
import { migrateToLatest, openDatabase } from '../../src/lib/db/index.ts';
import { saveCategory } from '../../src/lib/forum/categories.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { flagPost } from '../../src/lib/moderation/flags.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import { articleIds, voteBeaconRequest } from './feedback.ts';
import { startServer, stopServer } from './server.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const WRITES = 300;

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const sessionUser = (id: number, role: SessionUser['role']): SessionUser => ({
  id,
  email: '',
  emailVerified: true,
  displayName: '',
  role,
  trustLevel: 1,
  locale: 'en',
  suspendedUntil: null,
  silencedUntil: null,
});

export async function benchLocking(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-bench-locking-'));
  const file = join(dir, 'bench.db');
  const db = openDatabase(file);
  await migrateToLatest(db);
  const moderator = await createOrPromoteUser(db, {
    email: 'mod@bench.example',
    role: 'moderator',
    name: 'Bench Moderator',
    password: 'a long bench password',
  });
  const member = await createOrPromoteUser(db, {
    email: 'member@bench.example',
    role: 'member',
    name: 'Bench Member',
    password: 'a long bench password',
  });
  const { id: categoryId } = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
  });
  const thread = await createThread(db, sessionUser(member.id, 'member'), {
    locale: 'en',
    categoryId,
    title: 'Refund for a cancelled order',
    body: 'Where is my refund for order 42?',
  });
  if (!thread.ok) throw new Error('thread refused');
  await flagPost(db, sessionUser(moderator.id, 'moderator'), thread.postId, { reason: 'spam' });
  const item = await db.selectFrom('review_items').select('id').executeTakeFirstOrThrow();
  const { token } = await createSession(db, moderator.id, BROWSER);
  await db.destroy();
  const { origin, child } = await startServer(file, { RATE_LIMIT_SCALE: '1000000', OUTBOX_DIR: join(dir, 'outbox') });
  const headers = {
    cookie: `${SESSION_COOKIE}=${token}`,
    origin,
    'user-agent': BROWSER,
    'content-type': 'application/x-www-form-urlencoded',
  };

  let n = 0;
  async function moderatorWrites(): Promise<{ statuses: Map<number, number>; latencies: number[] }> {
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const write: { path: string; body: Record<string, string> } =
        i % 3 === 0
          ? {
              path: '/admin/moderation/words/?lang=en',
              body: { intent: 'add', word: `benchword${n++}`, locale: 'en', action: 'hold' },
            }
          : {
              path: '/admin/moderation/?lang=en',
              body: { item: String(item.id), op: i % 3 === 1 ? 'claim' : 'unclaim' },
            };
      const start = performance.now();
      const response = await fetch(origin + write.path, {
        method: 'POST',
        headers,
        body: new URLSearchParams(write.body),
        redirect: 'manual',
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - start);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    return { statuses, latencies };
  }

  const quiet = await moderatorWrites();
  const votes = autocannon({
    url: origin,
    connections: 25,
    duration: 120,
    requests: [voteBeaconRequest(origin, articleIds())],
  });
  await new Promise((r) => setTimeout(r, 1_000));
  const loaded = await moderatorWrites();
  (votes as unknown as { stop(): void }).stop();
  const voteResult = await votes;
  await stopServer(child);
  rmSync(dir, { recursive: true, force: true });

  const row = (name: string, r: { statuses: Map<number, number>; latencies: number[] }, base: number) => ({
    'moderator writes': name,
    answers: [...r.statuses].map(([status, count]) => `${count}×${status}`).join(', '),
    '500s': r.statuses.get(500) ?? 0,
    'median ms': percentile(r.latencies, 0.5).toFixed(1),
    'p99 ms': percentile(r.latencies, 0.99).toFixed(1),
    'ratio (median)': (percentile(r.latencies, 0.5) / base).toFixed(2),
  });
  const base = percentile(quiet.latencies, 0.5);
  console.table([
    row('no votes flowing (baseline)', quiet, base),
    row(`beside ${voteResult.requests.total.toLocaleString('en')} votes (25 connections)`, loaded, base),
  ]);
  const errors = loaded.statuses.get(500) ?? 0;
  console.log(
    `${WRITES} writes each (watched word add, queue claim, unclaim). Vote answers other than 2xx: ${voteResult.non2xx}. Goal: no 500 → ${errors === 0 && voteResult.non2xx === 0 ? 'met' : 'NOT met'} (${errors}).`,
  );
}
