// `npm run test:deploy`: starts the real topology (./topology.ts), runs the Playwright journeys of
// playwright.deploy.config.ts against it over https, stops everything whatever happens and exits
// with Playwright's status.
import { spawn } from 'node:child_process';
import { startTopology } from './topology.ts';

const { topology, stop } = await startTopology();
let status: number;
try {
  const playwright = spawn(
    'npx',
    ['playwright', 'test', '-c', 'playwright.deploy.config.ts', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, DEPLOY_SITE_URL: topology.siteUrl },
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => playwright.kill(signal));
  status = await new Promise<number>((resolve) =>
    playwright.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
  );
} finally {
  await stop();
}
process.exit(status);
