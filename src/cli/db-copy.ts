// npm run db:copy -- --to postgres://user:secret@host/db [--from data/pasokh.db] [--replace]
// Moves a SQLite help center (DATABASE_PATH, or --from) into PostgreSQL: migrates the target,
// copies every table, rebuilds the forum search index, resets the identities, and prints the row
// counts of both sides. Exits 1 when anything fails or a count differs.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkConnection, describeLocation, isPostgresUrl, openDatabase } from '../lib/db/index.ts';
import { copyDatabase, formatCopyReport } from '../lib/db/copy.ts';
import { env } from '../lib/env.ts';

const { values } = parseArgs({
  options: {
    to: { type: 'string' },
    from: { type: 'string' },
    replace: { type: 'boolean', default: false },
  },
});
if (!values.to || !isPostgresUrl(values.to)) {
  console.error('Usage: npm run db:copy -- --to postgres://user:password@host:5432/db [--from <file.db>] [--replace]');
  process.exit(2);
}
const from = values.from ?? env().DATABASE_PATH;
if (!existsSync(from)) {
  console.error(`No SQLite database at ${describeLocation(from)} (set DATABASE_PATH or pass --from).`);
  process.exit(1);
}

const source = openDatabase(from);
const target = openDatabase(values.to, { poolSize: 2 });
try {
  await checkConnection(target, values.to, '--to');
  console.log(`Copying ${from} into ${describeLocation(values.to)}…`);
  const report = await copyDatabase(source, target, { replace: values.replace, sourceName: from });
  console.log(formatCopyReport(report));
  if (!report.ok) process.exitCode = 1;
} catch (error) {
  // One line: the reason, never a stack (or the URL's password).
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await Promise.all([source.destroy(), target.destroy()]);
}
