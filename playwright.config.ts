import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4399);
/** tests/e2e/contact.spec.ts listens here as the support team's webhook receiver. */
export const webhookPort = Number(process.env.E2E_WEBHOOK_PORT ?? port + 1000);
export const webhookSecret = 'e2e-webhook-secret';

export default defineConfig({
  testDir: 'tests/e2e',
  // On PostgreSQL, with its own server: playwright.postgres.config.ts.
  testIgnore: 'postgres-journey.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Journeys of several pages took 18-20 s on this 2-core machine while it ran other work; CI
  // machines are slower still, so a test gets 60 s unless it asks for more.
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    // The suite's browser and requests stand in for customers. Headless Chromium says
    // "HeadlessChrome" and Playwright's requests "Playwright/…", both crawlers to isbot
    // (src/lib/http/bots.ts), whose votes and views are not counted; tests of the crawler check
    // send a crawler's user agent themselves.
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
      ],
    },
  },
  // The real entry point: `npm start` minus the rebuild (npm test builds first), on a scratch database.
  webServer: {
    // The server's request log (one JSON line per request, stdout) stays out of the report; its
    // warnings and Astro's errors (stderr) show.
    stdout: 'ignore',
    stderr: 'pipe',
    command:
      'rm -rf data/e2e.db data/e2e.db-wal data/e2e.db-shm data/e2e-outbox && node tests/e2e/prepare-db.ts && node src/cli/start.ts',
    url: `http://localhost:${port}/fa/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      HOST: 'localhost',
      DATABASE_PATH: 'data/e2e.db',
      OUTBOX_DIR: 'data/e2e-outbox',
      // Contact hand-off: a webhook the contact test runs, and mail; fast retries so a receiver
      // that fails twice is retried within a second, and four failures in a row give up.
      SUPPORT_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/support-hook`,
      SUPPORT_WEBHOOK_SECRET: webhookSecret,
      SUPPORT_EMAIL: 'support-team@pasokh.example',
      SUPPORT_RETRY_BASE_MS: '200',
      SUPPORT_RETRY_MAX_MS: '2000',
      SUPPORT_MAX_ATTEMPTS: '4',
      SUPPORT_POLL_MS: '100',
      // Notification mail leaves 1.5 s after its first notification (5 minutes by default).
      NOTIFY_MAIL_DELAY_MS: '1500',
      MAIL_UNSUBSCRIBE_ADDRESS: 'unsubscribe@pasokh.example',
    },
  },
});
