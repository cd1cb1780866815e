// Checkpoints the WAL from a worker thread with its own connection, so that no request waits
// for it (see backgroundCheckpoints in ../env.ts). PASSIVE never blocks readers or writers,
// but under steady writes it never catches up, so the WAL would only grow (and every page
// lookup walks more of it); past `restartAboveBytes` a RESTART waits for a gap between writes,
// copies the little PASSIVE left and lets the next write start the WAL over. On stop, a last
// TRUNCATE leaves an empty WAL.
import { Worker } from 'node:worker_threads';
import { setBackgroundCheckpoints } from '../env.ts';

export interface CheckpointerOptions {
  intervalMs?: number;
  restartAboveBytes?: number;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts the checkpointer and turns off checkpoints in this process's later connections. */
export function startCheckpointer(path: string, options: CheckpointerOptions = {}): Checkpointer {
  setBackgroundCheckpoints(true);
  const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), {
    workerData: {
      path,
      intervalMs: options.intervalMs ?? 1_000,
      restartAboveBytes: options.restartAboveBytes ?? 16 * 1024 * 1024,
    },
  });
  // Resolved however the thread ends, so a stop after a crash does not wait for an exit that was.
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (error) => {
    // Without it the WAL would only grow: give checkpoints back to the connections.
    console.error('WAL checkpointer stopped:', error);
    setBackgroundCheckpoints(false);
  });
  return {
    stop: () => {
      worker.postMessage('stop');
      return exited;
    },
  };
}
