// The one e2e journey that also runs on PostgreSQL (tests/e2e/postgres-journey.spec.ts): the same
// browser settings as playwright.config.ts, the built server started the way `npm start` starts it
// with DATABASE_URL on a throwaway PostgreSQL server (tests/postgres/run.ts --database-url).
import { defineConfig } from '@playwright/test';
import sqliteConfig from './playwright.config.ts';

const port = Number(process.env.E2E_POSTGRES_PORT ?? 4499);

export default defineConfig({
  ...sqliteConfig,
  testIgnore: [],
  testMatch: 'postgres-journey.spec.ts',
  workers: 1,
  use: { ...sqliteConfig.use, baseURL: `http://localhost:${port}` },
  webServer: {
    // The server's request log (one JSON line per request, stdout) stays out of the report; its
    // warnings and Astro's errors (stderr) show.
    stdout: 'ignore',
    stderr: 'pipe',
    command:
      'rm -rf data/e2e-postgres-outbox && node tests/postgres/run.ts --database-url ' +
      'sh -c "node tests/e2e/prepare-db.ts && exec node src/cli/start.ts"',
    url: `http://localhost:${port}/fa/`,
    reuseExistingServer: false,
    timeout: 120_000,
    // The whole group gets SIGTERM: the server shuts down gracefully, then run.ts stops PostgreSQL
    // and removes its folder (SIGKILL, the default, would leave the folder behind).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(port),
      HOST: 'localhost',
      OUTBOX_DIR: 'data/e2e-postgres-outbox',
      SUPPORT_EMAIL: 'support-team@pasokh.example',
      SUPPORT_POLL_MS: '100',
    },
  },
});
