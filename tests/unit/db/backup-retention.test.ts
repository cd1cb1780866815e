// Which backups `npm run backup -- --keep-…` removes (src/lib/db/backup-retention.ts): the newest
// of each of the last N days, ISO weeks and months that have one; foreign names are never touched.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupTime, backupsToRemove, pruneBackups } from '../../../src/lib/db/backup-retention.ts';
import { backupFileName } from '../../../src/lib/db/backup.ts';

const DAY_MS = 86_400_000;
const sqliteName = (iso: string) => backupFileName('site.db', new Date(iso));

/** A nightly backup at 03:20 UTC from 1 January to 6 December 2026, and a second one on the 6th at 15:00. */
function nightly(): string[] {
  const names: string[] = [];
  for (let t = Date.UTC(2026, 0, 1, 3, 20); t <= Date.UTC(2026, 11, 6, 3, 20); t += DAY_MS)
    names.push(backupFileName('site.db', new Date(t)));
  names.push(sqliteName('2026-12-06T15:00:00Z'));
  return names;
}

describe('backup retention', () => {
  it('reads the moment from a backup’s name and nothing from other names', () => {
    expect(backupTime('pasokh-20261206-150000.db')).toEqual(new Date('2026-12-06T15:00:00Z'));
    expect(backupTime('pasokh-20261206-150000.dump')).toEqual(new Date('2026-12-06T15:00:00Z'));
    for (const name of [
      'pasokh-20261206-150000.db.partial',
      'pasokh-20261306-150000.db',
      'pasokh-20260231-150000.db',
      'notes-20261206-150000.db',
      'pasokh-20261206-150000.sql',
      '',
    ])
      expect(backupTime(name), name).toBeNull();
  });

  it('keeps the newest of the last 7 days, 4 ISO weeks and 6 months, and removes the rest', () => {
    const names = nightly();
    const removed = backupsToRemove(names, { daily: 7, weekly: 4, monthly: 6 });
    const kept = names.filter((name) => !removed.includes(name)).sort();
    expect(kept).toEqual(
      [
        // months: July to October, each one's newest (its last day); November's is the 30th
        '2026-07-31T03:20:00Z',
        '2026-08-31T03:20:00Z',
        '2026-09-30T03:20:00Z',
        '2026-10-31T03:20:00Z',
        // ISO weeks 46 to 48: their Sundays
        '2026-11-15T03:20:00Z',
        '2026-11-22T03:20:00Z',
        '2026-11-29T03:20:00Z',
        // days: 30 November to 6 December, the 6th's newest (15:00) only
        '2026-11-30T03:20:00Z',
        '2026-12-01T03:20:00Z',
        '2026-12-02T03:20:00Z',
        '2026-12-03T03:20:00Z',
        '2026-12-04T03:20:00Z',
        '2026-12-05T03:20:00Z',
        '2026-12-06T15:00:00Z',
      ].map(sqliteName),
    );
    expect(removed).toContain(sqliteName('2026-12-06T03:20:00Z'));
    expect(removed).toHaveLength(names.length - 14);
  });

  it('counts days that have a backup, not calendar days, and always keeps the newest', () => {
    const names = ['2026-03-01T03:00:00Z', '2026-05-10T03:00:00Z', '2026-05-12T03:00:00Z'].map(sqliteName);
    expect(backupsToRemove(names, { daily: 2, weekly: 0, monthly: 0 })).toEqual([names[0]]);
    expect(backupsToRemove(names, { daily: 0, weekly: 0, monthly: 0 })).toEqual([names[1], names[0]]);
    expect(backupsToRemove(names, { daily: 0, weekly: 0, monthly: 2 })).toEqual([names[1]]);
  });

  it('removes only backups of the kind just written, and never a file of another name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-retention-'));
    try {
      const old = ['2026-12-01T03:20:00Z', '2026-12-02T03:20:00Z', '2026-12-03T03:20:00Z'].map(sqliteName);
      const dumps = ['pasokh-20261101-032000.dump', 'pasokh-20261102-032000.dump'];
      const foreign = ['notes.txt', 'pasokh-20261101-032000.db.partial', 'site.db'];
      for (const name of [...old, ...dumps, ...foreign]) writeFileSync(join(dir, name), '');
      expect(pruneBackups(dir, old[2]!, { daily: 2, weekly: 0, monthly: 0 })).toEqual([old[0]]);
      expect(readdirSync(dir).sort()).toEqual([...old.slice(1), ...dumps, ...foreign].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
