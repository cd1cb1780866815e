// npm run backup [-- --to DIR] [--keep-daily N --keep-weekly N --keep-monthly N]: the configured
// database (DATABASE_URL, else DATABASE_PATH) into DIR/pasokh-YYYYMMDD-HHMMSS.db (SQLite, online:
// the app may keep running) or .dump (pg_dump). Prints the file, its size, the time taken and the
// rows of the main tables it holds. With a --keep option, then removes the older backups in DIR
// that the policy does not keep (src/lib/db/backup-retention.ts); without one, removes nothing.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { basename, dirname } from 'node:path';
import { pruneBackups, type RetentionPolicy } from '../lib/db/backup-retention.ts';
import { backupDatabase, BackupRefused, formatBytes, formatCounts } from '../lib/db/backup.ts';
import { databaseLocation, describeLocation, isPostgresUrl } from '../lib/db/index.ts';
import { commandSettings, openCommandDatabase } from './database.ts';

const { values } = parseArgs({
  options: {
    to: { type: 'string', default: 'backups' },
    'keep-daily': { type: 'string' },
    'keep-weekly': { type: 'string' },
    'keep-monthly': { type: 'string' },
  },
});

/** The --keep options as a policy (null when none is given); one line and exit 1 for a bad one. */
function retentionPolicy(): RetentionPolicy | null {
  const given = { daily: values['keep-daily'], weekly: values['keep-weekly'], monthly: values['keep-monthly'] };
  if (Object.values(given).every((value) => value === undefined)) return null;
  const policy = { daily: 0, weekly: 0, monthly: 0 };
  for (const [rule, value] of Object.entries(given) as [keyof RetentionPolicy, string | undefined][]) {
    if (value === undefined) continue;
    if (!/^\d{1,4}$/.test(value)) {
      console.error(`--keep-${rule} must be a whole number of backups from 0 to 9999, not "${value}".`);
      process.exit(1);
    }
    policy[rule] = Number(value);
  }
  return policy;
}
const policy = retentionPolicy();

const settings = commandSettings();
const configured = databaseLocation(settings);
// Opening a SQLite file that is not there would make an empty one, and back that up.
if (!isPostgresUrl(configured) && !existsSync(configured)) {
  console.error(`No SQLite database at ${configured} (set DATABASE_PATH, or DATABASE_URL for PostgreSQL).`);
  process.exit(1);
}
// The same one-line refusal as every command for a bad setting or an unreachable database.
const { db, location } = await openCommandDatabase(settings);
await db.destroy();
console.log(`Backing up ${describeLocation(location)}…`);
let file: string;
try {
  const report = await backupDatabase(location, values.to);
  file = report.file;
  console.log(`${report.file}  ${formatBytes(report.bytes)}  in ${(report.ms / 1000).toFixed(1)} s`);
  console.log(formatCounts(report.counts));
} catch (error) {
  // One line: the reason, never a stack (or the URL's password).
  console.error(error instanceof BackupRefused ? error.message : `Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
if (policy) {
  const rules = `${policy.daily} daily, ${policy.weekly} weekly, ${policy.monthly} monthly`;
  try {
    const removed = pruneBackups(dirname(file), basename(file), policy);
    console.log(
      removed.length
        ? `Removed ${removed.length} older backup${removed.length === 1 ? '' : 's'} (keeping ${rules}): ${removed.join(', ')}`
        : `No older backup to remove (keeping ${rules}).`,
    );
  } catch (error) {
    console.error(`The backup is written; removing older ones failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
