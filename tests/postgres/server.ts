// A real PostgreSQL server for the tests: Debian's server binaries, a new cluster in a temporary
// folder, listening on a free port of 127.0.0.1 only, removed again by stop(). Installs Debian's
// `postgresql` package when the binaries are missing and we are root (as the Chromium step does);
// otherwise says exactly what to install. PostgreSQL refuses to run as root, so as root the
// cluster belongs to the `postgres` user the package creates.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { installDebianPackages } from '../debian-packages.ts';

const DEBIAN_ROOT = '/usr/lib/postgresql';

function binDir(): string | undefined {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const newest = readdirSync(DEBIAN_ROOT)
    .filter((v) => existsSync(join(DEBIAN_ROOT, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest && join(DEBIAN_ROOT, newest, 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** The folder of initdb and postgres, installing Debian's package first when it can. */
export function ensurePostgresBinaries(): string {
  let dir = binDir();
  if (dir) return dir;
  installDebianPackages(['postgresql'], {
    needed: 'The PostgreSQL tests need the server binaries (initdb, postgres).',
    hint: 'or point PG_BIN_DIR at the folder that holds them.',
  });
  dir = binDir();
  if (!dir) throw new Error(`apt-get installed postgresql, but no server binaries are under ${DEBIAN_ROOT}`);
  return dir;
}

/** A port of 127.0.0.1 that nothing listens on (right now). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The cluster's owner: ourselves, or the `postgres` user (from Debian's package) when we are root. */
function owner(): { uid?: number; gid?: number } {
  if (!isRoot()) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
  return { uid: id('-u'), gid: id('-g') };
}

export interface PostgresServer {
  /** A superuser URL of the server's `postgres` database. */
  url: string;
  port: number;
  /** The URL of another database on the same server. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited at start:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline)
        throw new Error(`postgres did not accept connections within 30 s: ${String(error)}\n${log()}`, {
          cause: error,
        });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts a throwaway server. Durability is off (fsync, synchronous_commit): the cluster is deleted
 * afterwards, and tests measure behaviour, not disks. Benchmarks pass `durable: true`. Anyone may
 * connect as anyone (trust), unless `password` is given: then only the `postgres` user with that
 * password (scram-sha-256), which the URLs carry.
 */
export async function startPostgres({
  durable = false,
  password,
}: { durable?: boolean; password?: string } = {}): Promise<PostgresServer> {
  const bin = ensurePostgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-pg-'));
  const data = join(dir, 'data');
  const user = owner();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  chmodSync(dir, 0o700);
  const passwordFile = join(dir, 'password');
  if (password) {
    writeFileSync(passwordFile, password, { mode: 0o600 });
    if (user.uid !== undefined) chownSync(passwordFile, user.uid, user.gid!);
  }
  const auth = password ? ['--auth=scram-sha-256', `--pwfile=${passwordFile}`] : ['--auth=trust'];
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', ...auth, '--encoding=UTF8', '--no-locale', '--no-sync'],
    { encoding: 'utf8', ...user },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  const port = await freePort();
  const settings = [
    `listen_addresses=127.0.0.1`,
    `port=${port}`,
    `unix_socket_directories=${dir}`,
    'max_connections=300',
    ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ].flatMap((s) => ['-c', s]);
  const child = spawn(join(bin, 'postgres'), ['-D', data, ...settings], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...user,
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const credentials = password ? `postgres:${encodeURIComponent(password)}` : 'postgres';
  const urlOf = (database: string) => `postgres://${credentials}@127.0.0.1:${port}/${database}`;
  const url = urlOf('postgres');
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT'); // fast shutdown: ends sessions, no waiting for clients
      await stopped;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, urlOf, stop };
}
