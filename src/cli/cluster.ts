// WEB_CONCURRENCY=N npm start: N worker processes share one port through node:cluster (the
// primary accepts and hands connections round-robin). The primary only looks after them: a
// worker that dies is replaced after a back-off (1 s, doubling to 30 s while they keep dying
// young), never during shutdown; stop() sends each worker SIGTERM, whose own graceful shutdown
// (./shutdown.ts) answers what it has in flight, and resolves when all have exited.
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { relayClears } from '../lib/http/anonymous-cache-sync.ts';

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;
/** A worker that served this long before dying was not crash-looping: the next replacement is quick again. */
const HEALTHY_AFTER_MS = 60_000;

export interface Workers {
  /** Resolves when every worker listens. */
  listening: Promise<void>;
  stop(): Promise<void>;
}

/** Forks `count` workers running ./site-worker.ts on the build in `buildDir`. */
export function startWorkers(count: number, buildDir: string): Workers {
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./site-worker.ts', import.meta.url)), args: [buildDir] });
  relayClears(cluster);
  let stopping = false;
  let retryMs = FIRST_RETRY_MS;
  const pending = new Set<NodeJS.Timeout>();
  const startedAt = new Map<Worker, number>();

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    if (lived >= HEALTHY_AFTER_MS) retryMs = FIRST_RETRY_MS;
    console.error(
      `Worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another in ${retryMs / 1000} s.`,
    );
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!stopping) fork();
    }, retryMs);
    pending.add(timer);
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  });

  // A worker that dies before it listens is replaced like any other: count listeners, not the first workers.
  const listening = new Promise<void>((resolve) => {
    let listeners = 0;
    const onListening = () => {
      if (++listeners < count) return;
      cluster.off('listening', onListening);
      resolve();
    };
    cluster.on('listening', onListening);
  });
  for (let i = 0; i < count; i++) fork();

  return {
    listening,
    async stop() {
      stopping = true;
      for (const timer of pending) clearTimeout(timer);
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
      await Promise.all(
        workers.map((worker) => {
          if (worker.isDead()) return;
          const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
          worker.process.kill('SIGTERM');
          return exited;
        }),
      );
    },
  };
}
