// `npm run test:deploy`: for each proxy (nginx, then Caddy; DEPLOY_PROXY=nginx or caddy runs one),
// starts the real topology (./topology.ts), runs the Playwright journeys of
// playwright.deploy.config.ts against it over https, and stops everything whatever happens. Exits
// with the first failing Playwright status, or 0.
import { spawn } from 'node:child_process';
import { PROXIES, startTopology, type Proxy } from './topology.ts';

const only = process.env.DEPLOY_PROXY;
if (only && !PROXIES.includes(only as Proxy)) {
  console.error(`DEPLOY_PROXY must be one of ${PROXIES.join(', ')}, not "${only}".`);
  process.exit(1);
}

async function runBehind(proxy: Proxy): Promise<number> {
  const { topology, stop } = await startTopology(proxy);
  try {
    const playwright = spawn(
      'npx',
      ['playwright', 'test', '-c', 'playwright.deploy.config.ts', ...process.argv.slice(2)],
      { stdio: 'inherit', env: { ...process.env, DEPLOY_SITE_URL: topology.siteUrl } },
    );
    const forward = (signal: NodeJS.Signals) => playwright.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward);
    const status = await new Promise<number>((resolve) =>
      playwright.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
    );
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, forward);
    return status;
  } finally {
    await stop();
  }
}

let status = 0;
for (const proxy of only ? [only as Proxy] : PROXIES) {
  status = await runBehind(proxy);
  if (status !== 0) break;
}
process.exit(status);
