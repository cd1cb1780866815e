import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4399);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic'],
    },
  },
  // The real entry point: `npm start` minus the rebuild (npm test builds first), on a scratch database.
  webServer: {
    command: 'rm -rf data/e2e.db data/e2e.db-wal data/e2e.db-shm data/e2e-outbox && node tests/e2e/prepare-db.ts && node src/cli/start.ts',
    url: `http://localhost:${port}/fa/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { PORT: String(port), HOST: 'localhost', DATABASE_PATH: 'data/e2e.db', OUTBOX_DIR: 'data/e2e-outbox' },
  },
});
