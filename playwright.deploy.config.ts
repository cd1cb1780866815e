// `npm run test:deploy` (tests/deploy/run.ts starts the real topology first, tests/deploy/topology.ts:
// nginx or Caddy with TLS in front of two production app processes on PostgreSQL, and passes its address in
// DEPLOY_SITE_URL), driven over https by the same browser settings as playwright.config.ts. It runs
// the PostgreSQL customer journey through the proxy, then the deploy checks (tests/deploy/deploy.spec.ts:
// proxy headers, cookies, kill -9 of an app under load).
import { defineConfig } from '@playwright/test';
import sqliteConfig from './playwright.config.ts';

const siteUrl = process.env.DEPLOY_SITE_URL;
if (!siteUrl)
  throw new Error('Run the deploy tests with `npm run test:deploy`: it starts the proxy and the apps first.');

export default defineConfig({
  ...sqliteConfig,
  testDir: 'tests',
  testIgnore: [],
  testMatch: ['e2e/postgres-journey.spec.ts', 'deploy/deploy.spec.ts'],
  workers: 1,
  fullyParallel: false,
  use: { ...sqliteConfig.use, baseURL: siteUrl, ignoreHTTPSErrors: true },
  webServer: undefined,
});
