// npm run restore -- <file> [--to <sqlite path | postgres url>] [--replace]: a backup of `npm run
// backup` into the configured database (or --to), then migrated to this code's latest migration.
// The app must be stopped meanwhile. Refuses a target with rows unless --replace is given.
import { parseArgs } from 'node:util';
import { BackupRefused, formatCounts, restoreDatabase } from '../lib/db/backup.ts';
import { databaseLocation, describeLocation } from '../lib/db/index.ts';
import { commandSettings } from './database.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { to: { type: 'string' }, replace: { type: 'boolean', default: false } },
});
if (positionals.length !== 1) {
  console.error('Usage: npm run restore -- <backup file> [--to <sqlite path | postgres url>] [--replace]');
  process.exit(2);
}
const [file] = positionals as [string];
const location = values.to ?? databaseLocation(commandSettings());

console.log(
  `Restoring ${file} into ${describeLocation(location)}. Stop the app first: a restore under a running app loses its writes.`,
);
try {
  const report = await restoreDatabase(file, location, { replace: values.replace });
  if (report.migrated.length) console.log(`Migrated to this version: ${report.migrated.join(', ')}`);
  console.log(`Restored in ${(report.ms / 1000).toFixed(1)} s:`);
  console.log(formatCounts(report.counts));
} catch (error) {
  console.error(error instanceof BackupRefused ? error.message : `Restore failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
