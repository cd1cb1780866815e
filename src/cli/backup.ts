// npm run backup [-- --to DIR]: the configured database (DATABASE_URL, else DATABASE_PATH) into
// DIR/pasokh-YYYYMMDD-HHMMSS.db (SQLite, online: the app may keep running) or .dump (pg_dump).
// Prints the file, its size, the time taken and the rows of the main tables it holds.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backupDatabase, BackupRefused, formatBytes, formatCounts } from '../lib/db/backup.ts';
import { databaseLocation, describeLocation, isPostgresUrl } from '../lib/db/index.ts';
import { commandSettings, openCommandDatabase } from './database.ts';

const { values } = parseArgs({ options: { to: { type: 'string', default: 'backups' } } });

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
try {
  const report = await backupDatabase(location, values.to);
  console.log(`${report.file}  ${formatBytes(report.bytes)}  in ${(report.ms / 1000).toFixed(1)} s`);
  console.log(formatCounts(report.counts));
} catch (error) {
  // One line: the reason, never a stack (or the URL's password).
  console.error(error instanceof BackupRefused ? error.message : `Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
