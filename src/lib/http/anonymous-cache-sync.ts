// Carries the anonymous cache's clears (./anonymous-cache.ts) from the process that saw a write
// to every other process serving the same site, so that an anonymous reader sent to another
// process, or another host, does not get the page from before the write for up to its seconds.
// On Postgres: LISTEN/NOTIFY on a dedicated connection (every process on every host). On SQLite
// (one host): through the cluster primary, which passes a worker's clear on to the others. Either
// way a clear arrives a few milliseconds after the write's response went out; while the channel is
// down, pages are at most ANONYMOUS_CACHE_SECONDS old, as before, and a Postgres listener that
// reconnects clears its cache once, for the notifications it may have missed.
import type { Cluster } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const CLEAR_CHANNEL = 'pasokh_anonymous_cache';
const CLEAR_MESSAGE = 'pasokh:anonymous-cache-clear';

export interface ClearChannel {
  /** Tells the other processes that this one just cleared its cache. */
  publish(): void;
  stop(): Promise<void>;
}

export interface ListenOptions {
  /** Called when another process cleared (or when notifications may have been missed). */
  onClear: () => void;
  log?: (line: string) => void;
  /** First reconnect delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Postgres: LISTEN on a connection of its own, reconnecting with back-off whenever it drops. */
export function listenOnPostgres(url: string, options: ListenOptions): ClearChannel {
  const { onClear, log = console.error, retryMs = 500, maxRetryMs = 15_000 } = options;
  // Our own notifications come back too: their payload says they are ours.
  const self = randomUUID();
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = retryMs;
  let retry: NodeJS.Timeout | undefined;
  // A clear published while the connection is not up yet (start, reconnect) goes out once it is.
  let unsent = false;

  function send(): void {
    if (!client) {
      unsent = true;
      return;
    }
    client.query('SELECT pg_notify($1, $2)', [CLEAR_CHANNEL, self]).catch(() => {
      // The 'end' handler reconnects, and the clear goes out then.
      unsent = true;
    });
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: 'pasokh-cache-clears' });
    next.on('notification', (message) => {
      if (message.channel === CLEAR_CHANNEL && message.payload !== self) onClear();
    });
    next.on('error', () => {}); // followed by 'end', handled below
    next.on('end', () => {
      if (client === next) client = undefined;
      if (stopped) return;
      log('Anonymous cache: lost the PostgreSQL LISTEN connection; reconnecting.');
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CLEAR_CHANNEL}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => {});
      if (stopped) return;
      log(`Anonymous cache: cannot LISTEN on PostgreSQL (${(error as Error).message}); retrying.`);
      schedule();
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    const reconnected = delay !== retryMs || client !== undefined;
    client = next;
    delay = retryMs;
    // Clears sent while it was down were missed.
    if (reconnected) onClear();
    if (unsent) {
      unsent = false;
      send();
    }
  }

  function schedule(): void {
    clearTimeout(retry);
    retry = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, maxRetryMs);
  }

  const started = connect();
  return {
    publish: send,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await started;
      await client?.end().catch(() => {});
    },
  };
}

/** A cluster worker on SQLite: clears go to the primary, which passes them on (relayClears). */
export function relayThroughPrimary(onClear: () => void): ClearChannel {
  const listener = (message: unknown) => {
    if (message === CLEAR_MESSAGE) onClear();
  };
  process.on('message', listener);
  return {
    publish: () => process.send?.(CLEAR_MESSAGE),
    stop: async () => {
      process.off('message', listener);
    },
  };
}

/** The cluster primary: a clear from one worker goes to every other worker. */
export function relayClears(cluster: Cluster): void {
  cluster.on('message', (from, message) => {
    if (message !== CLEAR_MESSAGE) return;
    for (const worker of Object.values(cluster.workers ?? {}))
      if (worker && worker !== from && worker.isConnected()) worker.send(CLEAR_MESSAGE);
  });
}
