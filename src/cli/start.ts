// npm start — build if the sources changed since the last build, migrate, seed the demo (not in
// production), then serve the built site and print where.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeLocation, dialectOf, migrateToLatest, openDatabase } from '../lib/db/index.ts';
import { startCheckpointer } from '../lib/db/checkpointer.ts';
import { seedDemo, type DemoAccount } from '../../db/seed/demo.ts';
import { createAnonymousCache } from '../lib/http/anonymous-cache.ts';
import { createSiteHandler, createSiteServer, type NodeHandler } from '../lib/http/server.ts';
import { SESSION_COOKIE } from '../lib/auth/session.ts';
import { BUILD_STAMP } from '../integrations/build-stamp.ts';
import { mailerFromEnv } from '../lib/mail/index.ts';
import { outboxConfig, startDeliveryWorker } from '../lib/contact/outbox.ts';
import { getSettings } from '../lib/settings.ts';
import { startVoteIntakeThread } from '../lib/analytics/vote-intake-thread.ts';
import { createVoteBeacon } from '../lib/http/vote-beacon.ts';
import { createHealthCheck } from '../lib/http/health.ts';
import { proxyTrust } from '../lib/http/forwarded.ts';
import { databaseReadiness } from '../lib/db/readiness.ts';
import { logger } from '../lib/log.ts';
import { disableAstroAutostart } from '../lib/env.ts';
import { commandSettings, openCommandDatabase } from './database.ts';
import { sendAccountMails } from '../lib/auth/account-mail.ts';

const root = process.cwd();
const serverEntry = join(root, 'dist/server/entry.mjs');
const buildStamp = join(root, 'dist', BUILD_STAMP);
const sources = ['src', 'content', 'public', 'db', 'astro.config.mjs', 'package.json', 'package-lock.json'];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

function buildIfNeeded(): void {
  const builtAt = existsSync(serverEntry) && existsSync(buildStamp) ? statSync(buildStamp).mtimeMs : 0;
  const changedAt = Math.max(...sources.map((s) => newestChange(join(root, s))));
  if (builtAt > changedAt) return;
  console.log(builtAt ? 'Sources changed since the last build: rebuilding…' : 'No build yet: building…');
  const result = spawnSync(join(root, 'node_modules/.bin/astro'), ['build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// A bad setting stops here with one line, before a build or a migration; so does a database that
// cannot be used (a wrong DATABASE_URL, a server that is down, wrong credentials).
const settings = commandSettings();
const { db, location } = await openCommandDatabase(settings);
const origin = settings.siteOrigin;
const onSqlite = dialectOf(db) === 'sqlite';

buildIfNeeded();

const production = settings.NODE_ENV === 'production';
let accounts: DemoAccount[] = [];
try {
  await migrateToLatest(db);
  if (!production) accounts = (await seedDemo(db)).accounts;
} finally {
  await db.destroy();
}

// From here on, every SQLite connection of this process leaves WAL checkpoints to a background
// thread. Postgres checkpoints on its own.
const checkpointer = onSqlite ? startCheckpointer(location) : undefined;

// Our own http server around Astro's handler (src/lib/http/server.ts).
disableAstroAutostart();
const { HOST: host, PORT: port } = settings;
const { handler } = (await import(pathToFileURL(serverEntry).href)) as { handler: NodeHandler };
const clientDir = join(root, 'dist/client');
// Article votes sent by the feedback box's fetch are answered before Astro: the page pipeline
// cost several times the write (src/lib/http/vote-beacon.ts). The checks and writes run on a
// thread of their own with their own database handle.
const voteIntake = startVoteIntakeThread({ database: location, clientDir });
// GET /readyz asks the database with a handle of its own (one connection).
const healthDb = openDatabase(location, { poolSize: 1 });
const site = createSiteServer(
  createSiteHandler({
    astro: handler,
    clientDir,
    trust: proxyTrust(settings.TRUST_PROXY),
    siteOrigin: origin,
    log: logger(),
    health: createHealthCheck({ readiness: () => databaseReadiness(healthDb) }),
    voteBeacon: createVoteBeacon({ intake: voteIntake, secureCookies: true, log: logger() }),
    // Pages that are the same for every anonymous reader (forum lists and threads) ask to be
    // kept for a few seconds; ANONYMOUS_CACHE_SECONDS caps that, 0 turns it off.
    anonymousCache: createAnonymousCache({
      sessionCookie: SESSION_COOKIE,
      maxSeconds: settings.ANONYMOUS_CACHE_SECONDS,
    }),
  }),
);
await site.listen(port, host);

// The contact outbox's delivery worker (src/lib/contact/outbox.ts): hands stored requests to the
// support webhook and/or mail, with retries and back-off; all its state is in the database, so
// a restart picks up where it stopped. Its own database handle, like any other process would.
// Deliveries go one at a time: on Postgres two connections are plenty.
const workerDb = openDatabase(location, { poolSize: 2 });
const deliveryConfig = outboxConfig((await getSettings(workerDb))['support.email']);
if (deliveryConfig.webhookUrl && !deliveryConfig.webhookSecret)
  console.warn(
    'SUPPORT_WEBHOOK_URL is set without SUPPORT_WEBHOOK_SECRET: webhook deliveries fail (and wait for a retry) until it is set.',
  );
const workerMailer = mailerFromEnv();
const log = (line: string) => console.log(line);
const worker = startDeliveryWorker(workerDb, {
  config: deliveryConfig,
  mailer: workerMailer,
  pollMs: settings.SUPPORT_POLL_MS,
  log,
  // Password-reset mail leaves here, after the page answered (src/lib/auth/account-mail.ts).
  moreRounds: [() => sendAccountMails({ db: workerDb, mailer: workerMailer, origin }, { log })],
});

// Graceful shutdown, within 10 s: stop accepting at once and answer what is in flight (votes
// included, so the intake thread stops after the last of them), then the workers, then the last
// checkpoint. A repeated signal changes nothing; past the deadline the process exits anyway.
const SHUTDOWN_DEADLINE_MS = 10_000;
let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    setTimeout(() => {
      console.error(`Shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s: exiting anyway.`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS - 500).unref();
    const outboxStopped = worker.stop().then(() => workerDb.destroy());
    site
      .close({ forceAfterMs: SHUTDOWN_DEADLINE_MS - 3_000 })
      .then(() => voteIntake.stop())
      .then(() => outboxStopped)
      .then(() => checkpointer?.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Shutdown failed:', error);
          process.exit(1);
        },
      );
  });
}

const url = `http://${host}:${port}/`;
console.log(
  `\nPasokh is running at ${url}  (database: ${describeLocation(location)}${production ? ', production mode' : ''})`,
);
if (accounts.length) {
  console.log('Demo accounts:');
  for (const a of accounts) console.log(`  ${a.role.padEnd(10)} ${a.email}  password: ${a.password}`);
} else if (!production) {
  console.log('Demo accounts: none.');
}
