// The deployment README → "Deploying" describes, started for real by `npm run test:deploy`
// (./run.ts): a throwaway PostgreSQL server
// (../postgres/server.ts), two app processes started as the systemd unit starts them
// (NODE_ENV=production, TRUST_PROXY=1, SITE_URL=https://…) and restarted when they die, and in
// front of both the proxy asked for, from Debian's package with the shipped configuration: nginx
// with deploy/nginx.conf and a self-signed certificate, or Caddy with deploy/Caddyfile and Caddy's
// own local CA (`tls internal`). What the tests need to reach each part is written to
// TOPOLOGY_FILE; stop() ends everything and removes the temporary folder.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installDebianPackages } from '../debian-packages.ts';
import { freePort, startPostgres } from '../postgres/server.ts';

export const TOPOLOGY_FILE = 'data/deploy-topology.json';

export type Proxy = 'nginx' | 'caddy';
export const PROXIES: readonly Proxy[] = ['nginx', 'caddy'];

export interface Topology {
  proxy: Proxy;
  /** The public address: the proxy, https. */
  siteUrl: string;
  databaseUrl: string;
  /** The app processes the proxy balances over, by port; `pid` changes when one is restarted. */
  apps: { port: number; pid: number; restarts: number }[];
}

const BINARIES: Record<Proxy, string> = { nginx: '/usr/sbin/nginx', caddy: '/usr/bin/caddy' };

function ensureProxy(proxy: Proxy): void {
  if (existsSync(BINARIES[proxy])) return;
  installDebianPackages([proxy], { needed: `The deploy test needs ${proxy}.` });
}

/** Replaces `from` in a shipped file, or fails naming what the file no longer contains. */
function replaceIn(file: string, text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file} no longer contains ${String(from)}`);
  return next;
}

function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'localhost.pem');
  const key = join(dir, 'localhost.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' }); // prettier-ignore
  return { cert, key };
}

/** deploy/nginx.conf with this run's ports, certificate and folders, inside a minimal nginx.conf. */
function nginxConfig(dir: string, publicPort: number, appPorts: number[], tls: { cert: string; key: string }): string {
  const shipped = readFileSync('deploy/nginx.conf', 'utf8');
  const replace = (text: string, from: string | RegExp, to: string) => replaceIn('deploy/nginx.conf', text, from, to);
  let site = replace(shipped, /server 127\.0\.0\.1:4321 /, `server 127.0.0.1:${appPorts[0]} `);
  site = replace(site, /server 127\.0\.0\.1:4322 /, `server 127.0.0.1:${appPorts[1]} `);
  site = replace(site, 'listen 443 ssl', `listen 127.0.0.1:${publicPort} ssl`);
  site = replace(site, /ssl_certificate +\S+;/, `ssl_certificate ${tls.cert};`);
  site = replace(site, /ssl_certificate_key +\S+;/, `ssl_certificate_key ${tls.key};`);
  site = replace(site, /server_name help\.example\.com;/g, 'server_name localhost;');
  // The plain-http redirect needs port 80: not here.
  site = site.slice(0, site.lastIndexOf('server {'));
  const temp = join(dir, 'nginx-temp');
  mkdirSync(temp, { mode: 0o777 });
  chmodSync(temp, 0o777);
  const asRoot = process.getuid?.() === 0;
  return [
    asRoot ? 'user nobody nogroup;' : '',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'nginx-error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log ${join(dir, 'nginx-access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${temp}/${kind};`),
    site,
    '}',
  ].join('\n');
}

/**
 * deploy/Caddyfile with this run's address and ports, after global options that keep Caddy to this
 * run: no admin endpoint, no port-80 redirect, its local CA in the run's folder and not installed
 * into the system's trust store.
 */
function caddyConfig(dir: string, publicPort: number, appPorts: number[]): string {
  const shipped = readFileSync('deploy/Caddyfile', 'utf8');
  const replace = (text: string, from: string | RegExp, to: string) => replaceIn('deploy/Caddyfile', text, from, to);
  let site = replace(shipped, /^help\.example\.com \{$/m, `https://localhost:${publicPort} {\n\ttls internal`);
  site = replace(
    site,
    'reverse_proxy 127.0.0.1:4321 127.0.0.1:4322',
    `reverse_proxy ${appPorts.map((port) => `127.0.0.1:${port}`).join(' ')}`,
  );
  return [
    '{',
    '\tadmin off',
    '\tauto_https disable_redirects',
    '\tskip_install_trust',
    `\tstorage file_system ${join(dir, 'caddy')}`,
    '}',
    site,
  ].join('\n');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** True when `url` answers 200 (a self-signed certificate is accepted: it is ours). */
export function answersOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    get(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

async function waitUntilServing(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answersOk(url))) {
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts the whole topology; the caller must call stop(), whatever happens. */
export async function startTopology(proxy: Proxy): Promise<{ topology: Topology; stop(): Promise<void> }> {
  ensureProxy(proxy);
  if (!existsSync('dist/server/entry.mjs')) run('npm', ['run', 'build'], {});
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-deploy-'));
  chmodSync(dir, 0o755);
  const children = new Set<ChildProcess>();
  let stopping = false;
  const publicPort = await freePort();
  const siteUrl = `https://localhost:${publicPort}`;
  const database = await startPostgres();
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    const exited = [...children].map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of children) child.kill('SIGTERM');
    await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 12_000))]);
    for (const child of children) child.kill('SIGKILL');
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(TOPOLOGY_FILE, { force: true });
  }
  const databaseUrl = database.urlOf('postgres');
  const appPorts = [await freePort(), await freePort()];

  const topology: Topology = { proxy, siteUrl, databaseUrl, apps: [] };
  try {
    // Once, before the apps: tables, the test suite's spam settings, the demo accounts. (Production
    // never seeds; an operator creates accounts with `npm run user:create`.)
    run('node', ['tests/e2e/prepare-db.ts'], { DATABASE_URL: databaseUrl });
    run('node', ['src/cli/seed.ts'], { DATABASE_URL: databaseUrl, NODE_ENV: 'development' });

    const appEnv = (port: number): NodeJS.ProcessEnv => ({
      NODE_ENV: 'production',
      SITE_URL: siteUrl,
      TRUST_PROXY: '1',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      OUTBOX_DIR: 'data/deploy-outbox',
      SUPPORT_EMAIL: 'support-team@pasokh.example',
      SUPPORT_POLL_MS: '100',
      // Every request of the tests comes from one address, through the proxy.
      RATE_LIMIT_SCALE: '100000',
    });

    // data/ exists after npm test; a fresh clone running test:deploy alone has none yet.
    const saveTopology = () => {
      mkdirSync(dirname(TOPOLOGY_FILE), { recursive: true });
      writeFileSync(TOPOLOGY_FILE, JSON.stringify(topology, null, 2));
    };

    /** Starts the app on `port` and starts it again when it dies, as systemd's Restart=always does. */
    function startApp(index: number): void {
      if (stopping) return;
      const port = appPorts[index]!;
      const child = spawn('node', ['src/cli/start.ts'], { stdio: 'inherit', env: { ...process.env, ...appEnv(port) } });
      children.add(child);
      const restarts = topology.apps[index] ? topology.apps[index].restarts + 1 : 0;
      topology.apps[index] = { port, pid: child.pid!, restarts };
      saveTopology();
      child.once('exit', (code, signal) => {
        children.delete(child);
        if (stopping) return;
        console.log(`app on port ${port} exited (${signal ?? code}): starting it again in 1 s`);
        setTimeout(() => startApp(index), 1_000);
      });
    }

    rmSync('data/deploy-outbox', { recursive: true, force: true });
    startApp(0);
    startApp(1);
    await Promise.all(appPorts.map((port) => waitUntilServing(`http://127.0.0.1:${port}/fa/`)));

    const proxyProcess =
      proxy === 'nginx' ? startNginx(dir, publicPort, appPorts) : startCaddy(dir, publicPort, appPorts);
    children.add(proxyProcess.child);
    const failure = await Promise.race([waitUntilServing(`${siteUrl}/fa/`).then(() => undefined), proxyProcess.exited]);
    if (failure) throw new Error(failure);
    proxyProcess.exited.then((reason) => !stopping && console.error(reason));
    console.log(`Deploy topology: ${proxy} ${siteUrl} → apps on ${appPorts.join(', ')} → PostgreSQL ${database.port}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { topology, stop };
}

interface ProxyProcess {
  child: ChildProcess;
  /** Resolves with why it exited (its error log), whenever it does. */
  exited: Promise<string>;
}

function startNginx(dir: string, publicPort: number, appPorts: number[]): ProxyProcess {
  const tls = selfSignedCertificate(dir);
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, publicPort, appPorts, tls));
  const child = spawn(BINARIES.nginx, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: 'inherit',
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code) =>
      resolve(`nginx exited (${code}): ${readFileSync(join(dir, 'nginx-error.log'), 'utf8')}`),
    ),
  );
  return { child, exited };
}

function startCaddy(dir: string, publicPort: number, appPorts: number[]): ProxyProcess {
  const config = join(dir, 'Caddyfile');
  writeFileSync(config, caddyConfig(dir, publicPort, appPorts));
  // Caddy logs every start-up step at INFO on stderr: kept, and shown only if it exits.
  let log = '';
  const child = spawn(BINARIES.caddy, ['run', '--config', config, '--adapter', 'caddyfile'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') },
  });
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code) => resolve(`caddy exited (${code}): ${log}`)),
  );
  return { child, exited };
}
