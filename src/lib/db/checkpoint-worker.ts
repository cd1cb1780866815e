// The worker thread of ./checkpointer.ts.
import { existsSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { path, intervalMs, restartAboveBytes } = workerData as {
  path: string;
  intervalMs: number;
  restartAboveBytes: number;
};
const sqlite = new SQLite(path);
// A RESTART waits for the writer in progress; never long, and the next round tries again.
sqlite.pragma('busy_timeout = 50');
const walSize = () => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

const timer = setInterval(() => {
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
    if (walSize() > restartAboveBytes) sqlite.pragma('wal_checkpoint(RESTART)');
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  }
}, intervalMs);

parentPort!.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  parentPort!.close();
});
