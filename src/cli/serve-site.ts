// One process's share of the site (npm start runs it in its own process, or in each worker of a
// cluster: ./cluster.ts): our http server around Astro's handler with the vote beacon and the
// anonymous cache, and the contact delivery worker with account mail, notification fan-out and
// mail, and review reminders.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPostgresUrl, openDatabase } from '../lib/db/index.ts';
import { createAnonymousCache } from '../lib/http/anonymous-cache.ts';
import { createThreadViewerEndpoint } from '../lib/http/thread-viewer-endpoint.ts';
import { listenOnPostgres, relayThroughPrimary, type ClearChannel } from '../lib/http/anonymous-cache-sync.ts';
import { createSiteHandler, createSiteServer, type NodeHandler } from '../lib/http/server.ts';
import { SESSION_COOKIE } from '../lib/auth/session.ts';
import { mailerFromEnv } from '../lib/mail/index.ts';
import { outboxConfig, startDeliveryWorker } from '../lib/contact/outbox.ts';
import { getSettings } from '../lib/settings.ts';
import { startVoteIntakeThread } from '../lib/analytics/vote-intake-thread.ts';
import { createVoteBeacon } from '../lib/http/vote-beacon.ts';
import { createHealthCheck } from '../lib/http/health.ts';
import { proxyTrust } from '../lib/http/forwarded.ts';
import { databaseReadiness } from '../lib/db/readiness.ts';
import { logger } from '../lib/log.ts';
import { disableAstroAutostart, type Env } from '../lib/env.ts';
import { SHUTDOWN_DEADLINE_MS } from './shutdown.ts';
import { sendAccountMails } from '../lib/auth/account-mail.ts';
import { expandNotificationFanouts } from '../lib/forum/fanout.ts';
import { scheduleNotificationMail } from '../lib/notification-mail/schedule.ts';
import { sendNotificationMails } from '../lib/notification-mail/send.ts';
import { createUnsubscribeEndpoint } from '../lib/http/unsubscribe-endpoint.ts';
import { builtContentStatus } from '../lib/content/built-articles.ts';
import { reviewReminderRound } from '../lib/content/reminders.ts';
import { digestRound } from '../lib/digest/send.ts';

export interface SiteProcessOptions {
  settings: Env;
  location: string;
  /** The real folder of the build to serve (./builds.ts currentBuild), not the `dist` link. */
  buildDir: string;
  /** Whether other processes on this host serve too (a cluster): SQLite's cache clears then go through the primary. */
  inCluster: boolean;
}

export interface SiteProcess {
  /** Graceful: stops accepting, answers what is in flight, stops the delivery worker. */
  stop(): Promise<void>;
}

export async function startSiteProcess(options: SiteProcessOptions): Promise<SiteProcess> {
  const closeSite = await serveSite(options);
  const stopDelivery = await startDelivery(options.settings, options.location, options.buildDir);
  return {
    async stop() {
      const deliveryStopped = stopDelivery();
      await closeSite();
      await deliveryStopped;
    },
  };
}

/** Listens on HOST:PORT; returns the graceful close. */
async function serveSite({
  settings,
  location,
  buildDir,
  inCluster,
}: SiteProcessOptions): Promise<() => Promise<void>> {
  disableAstroAutostart();
  const entry = pathToFileURL(join(buildDir, 'server/entry.mjs')).href;
  const { handler } = (await import(entry)) as { handler: NodeHandler };
  const clientDir = join(buildDir, 'client');
  // Article votes sent by the feedback box's fetch are answered before Astro: the page pipeline
  // cost several times the write (src/lib/http/vote-beacon.ts). The checks and writes run on a
  // thread of their own with their own database handle.
  const voteIntake = startVoteIntakeThread({ database: location, clientDir });
  // Pages that are the same for every anonymous reader (forum lists and threads) ask to be kept
  // for a few seconds; ANONYMOUS_CACHE_SECONDS caps that, 0 turns it off. A write clears this
  // process's copy at once and tells the others (Postgres: every process on every host; SQLite:
  // the cluster's other workers, through the primary).
  let clears: ClearChannel | undefined;
  const anonymousCache = createAnonymousCache({
    sessionCookie: SESSION_COOKIE,
    maxSeconds: settings.ANONYMOUS_CACHE_SECONDS,
    onWrite: () => clears?.publish(),
  });
  if (settings.ANONYMOUS_CACHE_SECONDS > 0) {
    if (isPostgresUrl(location)) clears = listenOnPostgres(location, { onClear: anonymousCache.clear });
    else if (inCluster) clears = relayThroughPrimary(anonymousCache.clear);
  }
  // GET /readyz asks the database with a handle of its own (one connection).
  const healthDb = openDatabase(location, { poolSize: 1 });
  // The shared thread page's viewer JSON and one-click unsubscribe, answered before Astro, use a handle of their own.
  const viewerDb = openDatabase(location, { poolSize: 2 });
  const site = createSiteServer(
    createSiteHandler({
      astro: handler,
      clientDir,
      trust: proxyTrust(settings.TRUST_PROXY),
      siteOrigin: settings.siteOrigin,
      log: logger(),
      health: createHealthCheck({ readiness: () => databaseReadiness(healthDb) }),
      voteBeacon: createVoteBeacon({ intake: voteIntake, secureCookies: true, log: logger() }),
      threadViewer: createThreadViewerEndpoint({ db: viewerDb, secureCookies: true, log: logger() }),
      unsubscribe: createUnsubscribeEndpoint({ db: viewerDb, log: logger() }),
      anonymousCache,
    }),
  );
  await site.listen(settings.PORT, settings.HOST);
  return async () => {
    // Stop accepting at once and answer what is in flight, votes included, so the intake thread
    // stops after the last of them.
    await site.close({ forceAfterMs: SHUTDOWN_DEADLINE_MS - 3_000 });
    await voteIntake.stop();
    await clears?.stop();
    await healthDb.destroy();
    await viewerDb.destroy();
  };
}

/**
 * The contact outbox's delivery worker (src/lib/contact/outbox.ts): hands stored requests to the
 * support webhook and/or mail, with retries and back-off; all its state is in the database, so a
 * restart picks up where it stopped. It runs in every serving process: claims are safe across
 * processes and hosts (idClaimable), and the page that stores a request wakes its own process's
 * worker at once. Its own database handle; deliveries go one at a time: on Postgres two
 * connections are plenty.
 */
async function startDelivery(settings: Env, location: string, buildDir: string): Promise<() => Promise<void>> {
  const workerDb = openDatabase(location, { poolSize: 2 });
  const deliveryConfig = outboxConfig((await getSettings(workerDb))['support.email']);
  if (deliveryConfig.webhookUrl && !deliveryConfig.webhookSecret)
    console.warn(
      'SUPPORT_WEBHOOK_URL is set without SUPPORT_WEBHOOK_SECRET: webhook deliveries fail (and wait for a retry) until it is set.',
    );
  const mailer = mailerFromEnv();
  const log = (line: string) => console.log(line);
  const contentStatus = builtContentStatus(join(buildDir, 'server'));
  const worker = startDeliveryWorker(workerDb, {
    config: deliveryConfig,
    mailer,
    pollMs: settings.SUPPORT_POLL_MS,
    log,
    // Password-reset mail leaves here, after the page answered (src/lib/auth/account-mail.ts).
    moreRounds: [
      () => sendAccountMails({ db: workerDb, mailer, origin: settings.siteOrigin }, { log }),
      // A reply's watchers are told here, not in the reply's request (src/lib/forum/fanout.ts);
      // before the mail rounds, so their notifications are batched in the same turn.
      () => expandNotificationFanouts(workerDb),
      // Notification mail (src/lib/notification-mail/): new notifications into batches, then the
      // batches whose window closed into mail. Claims are safe across processes and hosts.
      () => scheduleNotificationMail(workerDb, { windowMs: settings.NOTIFY_MAIL_DELAY_MS }),
      () =>
        sendNotificationMails(
          { db: workerDb, mailer, origin: settings.siteOrigin, unsubscribeMailto: settings.MAIL_UNSUBSCRIBE_ADDRESS },
          { log },
        ),
      // Weekly mail to each article owner with something due (src/lib/content/reminders.ts): planned
      // at most once an hour from the build's translation status, one row per owner and week.
      reviewReminderRound({
        db: workerDb,
        mailer,
        origin: settings.siteOrigin,
        status: contentStatus,
        log,
      }),
      // The weekly digest of followed categories (src/lib/digest/): planned at most once an hour,
      // one row per member and week, from the same build status and the forum.
      digestRound({
        db: workerDb,
        mailer,
        origin: settings.siteOrigin,
        unsubscribeMailto: settings.MAIL_UNSUBSCRIBE_ADDRESS,
        status: contentStatus,
        log,
      }),
    ],
  });
  return () => worker.stop().then(() => workerDb.destroy());
}
