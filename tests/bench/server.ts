// The built server as `npm start` runs it in production, on a free port and a given database (a
// SQLite file or a postgres:// URL), for the benchmarks that measure over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../postgres/server.ts';

export async function startServer(
  database: string,
  env: Record<string, string> = {},
): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['src/cli/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Exactly one of them: a DATABASE_URL in the bench's own environment names the admin database.
      ...(/^postgres(ql)?:/.test(database)
        ? { DATABASE_URL: database }
        : { DATABASE_PATH: database, DATABASE_URL: '' }),
      NODE_ENV: 'production',
      SITE_URL: origin,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${origin}/en/`)).ok) return { origin, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('The server did not start (run `npm run build` first).');
}

export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
