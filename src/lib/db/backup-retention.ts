// Which old backups `npm run backup -- --keep-daily 7 --keep-weekly 4 --keep-monthly 6` removes,
// as restic's `forget --keep-daily/--keep-weekly/--keep-monthly` does: for each of the last N days
// (ISO weeks, months) that have a backup, the newest backup of that day is kept; a file kept by
// any rule stays, the newest always. Only files named as `backupFileName` names them, of the kind
// just written, are considered: nothing else in the folder is ever touched.
import { readdirSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isoWeek } from '../mail/weekly.ts';

export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

const BACKUP_NAME = /^pasokh-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.(db|dump)$/;

/** The moment (UTC) in a backup's file name; null for a name that is not a backup's. */
export function backupTime(name: string): Date | null {
  const match = BACKUP_NAME.exec(name);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const time = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  // Date rolls 13 months or 31 February over into the next ones; a real stamp reads back the same.
  if (Number.isNaN(time.getTime())) return null;
  return time.toISOString().startsWith(`${year}-${month}-${day}T${hour}:${minute}:${second}`) ? time : null;
}

const PERIODS: [keyof RetentionPolicy, (time: Date) => string][] = [
  ['daily', (time) => time.toISOString().slice(0, 10)],
  ['weekly', (time) => isoWeek(time.getTime())],
  ['monthly', (time) => time.toISOString().slice(0, 7)],
];

/** Of `names` (backups of one kind), those the policy does not keep; other names are left out. */
export function backupsToRemove(names: readonly string[], policy: RetentionPolicy): string[] {
  const backups = names
    .map((name) => ({ name, time: backupTime(name) }))
    .filter((b): b is { name: string; time: Date } => b.time !== null)
    .sort((a, b) => b.time.getTime() - a.time.getTime());
  const kept = new Set(backups.slice(0, 1).map((b) => b.name));
  for (const [rule, period] of PERIODS) {
    let left = policy[rule];
    let last: string | undefined;
    for (const backup of backups) {
      if (left <= 0) break;
      const key = period(backup.time);
      if (key === last) continue;
      kept.add(backup.name);
      last = key;
      left--;
    }
  }
  return backups.filter((b) => !kept.has(b.name)).map((b) => b.name);
}

/** Removes from `dir` the backups of `latest`'s kind that the policy does not keep; their names. */
export function pruneBackups(dir: string, latest: string, policy: RetentionPolicy): string[] {
  const kind = extname(latest);
  const names = readdirSync(dir).filter((name) => extname(name) === kind);
  const removed = backupsToRemove(names, policy).filter((name) => name !== latest);
  for (const name of removed) rmSync(join(dir, name));
  return removed;
}
