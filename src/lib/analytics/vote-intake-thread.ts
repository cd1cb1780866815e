// The vote intake on a thread of its own, for the server: the main thread only speaks HTTP, and
// the checks and SQLite writes of ./vote-intake.ts run beside it on the other core. Submissions
// cross in batches (one message per turn of the event loop each way).
import { Worker } from 'node:worker_threads';
import type { VoteIntake, VoteOutcome, VoteSubmission } from './vote-intake.ts';

export interface VoteIntakeThreadOptions {
  database: string;
  /** The built site's client directory: an article is published when its page was built. */
  clientDir: string;
}

export type VoteRequestMessage = { id: number; submission: VoteSubmission }[];
export type VoteReplyMessage = { id: number; outcome?: VoteOutcome; error?: string }[];

export function startVoteIntakeThread(options: VoteIntakeThreadOptions): VoteIntake & { stop(): Promise<void> } {
  const pending = new Map<number, { resolve(outcome: VoteOutcome): void; reject(error: Error): void }>();
  let outgoing: VoteRequestMessage = [];
  let nextId = 0;
  let worker: Worker | undefined;
  let stopping: Promise<void> | undefined;
  // Resolved when the last vote handed over is answered (stop waits for it).
  let settled: (() => void) | undefined;
  // Ready before the first vote.
  queueMicrotask(() => {
    if (!stopping) worker ??= spawn();
  });

  function failAll(error: Error): void {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    settled?.();
  }

  function spawn(): Worker {
    const created = new Worker(new URL('./vote-intake-worker.ts', import.meta.url), { workerData: options });
    created.on('message', (message: string) => {
      for (const { id, outcome, error } of JSON.parse(message) as VoteReplyMessage) {
        const waiting = pending.get(id);
        pending.delete(id);
        if (outcome) waiting?.resolve(outcome);
        else waiting?.reject(new Error(error ?? 'vote intake failed'));
      }
      if (!pending.size) settled?.();
    });
    // A crashed thread fails what it held; the next vote starts a new one.
    created.on('error', (error) => {
      if (worker === created) worker = undefined;
      failAll(error);
    });
    created.on('exit', () => {
      if (worker === created) worker = undefined;
      failAll(new Error('vote intake thread exited'));
    });
    return created;
  }

  function flush(): void {
    const batch = outgoing;
    outgoing = [];
    worker ??= spawn();
    // As JSON text: one string copy instead of cloning every object (a third of the cost).
    worker.postMessage(JSON.stringify(batch));
  }

  return {
    submit(submission: VoteSubmission): Promise<VoteOutcome> {
      if (stopping) return Promise.reject(new Error('vote intake stopped'));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        if (!outgoing.length) setImmediate(flush);
        outgoing.push({ id, submission });
      });
    },
    /** Answers every vote already handed over (they are stored: their senders get the outcome), then ends the thread. */
    stop() {
      stopping ??= (async () => {
        if (pending.size) await new Promise<void>((resolve) => (settled = resolve));
        const current = worker;
        worker = undefined;
        await current?.terminate();
      })();
      return stopping;
    },
  };
}
