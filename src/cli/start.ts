// npm start — build if the sources changed since the last build (never in production), migrate,
// seed the demo (not in production), make the installation secrets, then serve the built site
// and print where: in this process, or with WEB_CONCURRENCY=N in N worker processes on one port
// (./cluster.ts), after all of the above ran here once.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeLocation, dialectOf, migrateToLatest } from '../lib/db/index.ts';
import { startCheckpointer } from '../lib/db/checkpointer.ts';
import { seedDemo, type DemoAccount } from '../../db/seed/demo.ts';
import { BUILD_STAMP } from '../integrations/build-stamp.ts';
import { ensureInstallationSecrets } from '../lib/settings.ts';
import { commandSettings, openCommandDatabase } from './database.ts';
import { buildAndSwitch, currentBuild, markInUse } from './builds.ts';
import { startSiteProcess } from './serve-site.ts';
import { startWorkers } from './cluster.ts';
import { stopOnSignal } from './shutdown.ts';

const root = process.cwd();
const sources = ['src', 'content', 'public', 'db', 'astro.config.mjs', 'package.json', 'package-lock.json'];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

function buildIfNeeded(): void {
  const built = currentBuild(root);
  const stamp = built && join(built, BUILD_STAMP);
  const builtAt = stamp && existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changedAt = Math.max(...sources.map((s) => newestChange(join(root, s))));
  if (builtAt > changedAt) return;
  console.log(builtAt ? 'Sources changed since the last build: rebuilding…' : 'No build yet: building…');
  const status = buildAndSwitch(root);
  if (status !== 0) process.exit(status);
}

// A bad setting stops here with one line, before a build or a migration; so does a database that
// cannot be used (a wrong DATABASE_URL, a server that is down, wrong credentials).
const settings = commandSettings();
const production = settings.NODE_ENV === 'production';
// Production serves what `npm run build` made, as it is: a deploy builds first, then restarts.
if (production && !currentBuild(root)) {
  console.error('No build to serve: run `npm run build` first (NODE_ENV=production npm start never builds).');
  process.exit(1);
}
const { db, location } = await openCommandDatabase(settings);
const onSqlite = dialectOf(db) === 'sqlite';

if (!production) buildIfNeeded();

let accounts: DemoAccount[] = [];
try {
  await migrateToLatest(db);
  if (!production) accounts = (await seedDemo(db)).accounts;
  // Made here, once, so that every process (and the first requests) finds them.
  await ensureInstallationSecrets(db);
} finally {
  await db.destroy();
}

// The build as it is now: a later `npm run build` switches `dist` to a new folder and leaves
// this one alone while we run (./builds.ts).
const buildDir = currentBuild(root)!;
markInUse(buildDir);

// From here on, every SQLite connection of this host's processes (workers inherit the setting)
// leaves WAL checkpoints to one background thread, here. Postgres checkpoints on its own.
const checkpointer = onSqlite ? startCheckpointer(location) : undefined;

const processes = settings.WEB_CONCURRENCY;
// One process serves by itself (no primary in between: nothing to relay, one process less);
// more share the port as workers of this one.
const serving =
  processes === 1
    ? await startSiteProcess({ settings, location, buildDir, inCluster: false })
    : startWorkers(processes, buildDir);

// Graceful shutdown (./shutdown.ts): the site answers what is in flight, then the last checkpoint.
stopOnSignal(async () => {
  await serving.stop();
  await checkpointer?.stop();
});
if ('listening' in serving) await serving.listening;

const { HOST: host, PORT: port } = settings;
const url = `http://${host}:${port}/`;
const details = [
  describeLocation(location),
  processes > 1 && `${processes} processes`,
  production && 'production mode',
];
console.log(`\nPasokh is running at ${url}  (database: ${details.filter(Boolean).join(', ')})`);
if (accounts.length) {
  console.log('Demo accounts:');
  for (const a of accounts) console.log(`  ${a.role.padEnd(10)} ${a.email}  password: ${a.password}`);
} else if (!production) {
  console.log('Demo accounts: none.');
}
