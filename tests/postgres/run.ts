// `node tests/postgres/run.ts [--database-url] <command…>`: starts a throwaway PostgreSQL server
// (./server.ts), runs the command with PASOKH_TEST_POSTGRES_URL set to its superuser URL (and
// DATABASE_URL too with --database-url, so the command runs the product itself on it), stops the
// server whatever happens and exits with the command's status.
import { spawn } from 'node:child_process';
import { startPostgres } from './server.ts';

const options = process.argv.slice(2);
const asDatabaseUrl = options[0] === '--database-url';
const [command, ...args] = asDatabaseUrl ? options.slice(1) : options;
if (!command) {
  console.error('usage: node tests/postgres/run.ts [--database-url] <command> [args…]');
  process.exit(2);
}
const server = await startPostgres();
console.log(`PostgreSQL test server on 127.0.0.1:${server.port}`);
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, PASOKH_TEST_POSTGRES_URL: server.url, ...(asDatabaseUrl && { DATABASE_URL: server.url }) },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const status = await new Promise<number>((resolve) =>
  child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
);
await server.stop();
process.exit(status);
