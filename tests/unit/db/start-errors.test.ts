// `npm start` with a database it cannot use stops before it builds, migrates or serves anything:
// exit code 1, one line on stderr naming the setting and what failed, never the password. Runs
// the real entry point (src/cli/start.ts) as a child process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConnection, openDatabase } from '../../../src/lib/db/index.ts';
import { freePort, startPostgres } from '../../postgres/server.ts';
import { onPostgres, postgresUrl } from '../helpers.ts';

const root = resolve(import.meta.dirname, '../../..');
const SECRET = 'never-print-this-4f7a';

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Whether anything answered on PORT while the process ran. */
  served: boolean;
}

/** Runs `npm start`'s entry point with these database settings on a free port, probing the port until it exits. */
async function start(database: { DATABASE_URL?: string; DATABASE_PATH?: string }): Promise<Outcome> {
  const port = await freePort();
  const { DATABASE_URL: _url, DATABASE_PATH: _path, ...inherited } = process.env;
  const child = spawn(process.execPath, ['src/cli/start.ts'], {
    cwd: root,
    env: { ...inherited, ...database, PORT: String(port), HOST: '127.0.0.1' },
    // A check that let the database through would go on to serve: stop it, and fail below.
    timeout: 15_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let served = false;
  const probe = setInterval(() => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      served = true;
      socket.destroy();
    });
    socket.on('error', () => {});
  }, 50);
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  clearInterval(probe);
  return { status, stdout, stderr, served };
}

/** Stopped with one line on stderr (this one, or one that starts with this and matches `rest`), and nothing else happened. */
function expectStoppedWith(outcome: Outcome, line: string, rest?: RegExp): void {
  expect(outcome).toMatchObject({ status: 1, stdout: '', served: false });
  expect(outcome.stderr).toMatch(/^[^\n]+\n$/);
  if (rest) {
    expect(outcome.stderr.startsWith(line), outcome.stderr).toBe(true);
    expect(outcome.stderr.slice(line.length)).toMatch(rest);
  } else {
    expect(outcome.stderr).toBe(`${line}\n`);
  }
  expect(outcome.stderr).not.toContain(SECRET);
}

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('npm start with a database it cannot use', () => {
  it('stops on a DATABASE_URL that is not a PostgreSQL URL, hiding the password', async () => {
    expectStoppedWith(
      await start({ DATABASE_URL: `mysql://pasokh:${SECRET}@db.example.com/pasokh` }),
      'DATABASE_URL must be a PostgreSQL URL such as postgres://pasokh:secret@db.example.com:5432/pasokh; ' +
        'it is "mysql://pasokh:…@db.example.com/pasokh"',
    );
  });

  it('stops when nothing listens at DATABASE_URL', async () => {
    const port = await freePort();
    expectStoppedWith(
      await start({ DATABASE_URL: `postgres://pasokh:${SECRET}@127.0.0.1:${port}/pasokh` }),
      `DATABASE_URL: cannot use the database at postgres://pasokh@127.0.0.1:${port}/pasokh: ` +
        'connection refused (is the server running, and on that port?)',
    );
  });

  it('stops when the SQLite file at DATABASE_PATH cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-start-'));
    folders.push(dir);
    writeFileSync(join(dir, 'a-file'), '');
    const path = join(dir, 'a-file', 'pasokh.db');
    expectStoppedWith(
      await start({ DATABASE_PATH: path }),
      `DATABASE_PATH: cannot use the database at ${path}: `,
      /^E(EXIST|NOTDIR)\b.*a-file/,
    );
  });

  // The server refuses; the throwaway test server trusts every login, so these need Postgres.
  describe.runIf(onPostgres)('a server that refuses', () => {
    const server = new URL(postgresUrl ?? 'postgres://unused');
    const urlWith = (user: string, database: string) => `postgres://${user}:${SECRET}@${server.host}/${database}`;
    const shown = (user: string, database: string) => `postgres://${user}@${server.host}/${database}`;

    it('stops on a database that does not exist', async () => {
      expectStoppedWith(
        await start({ DATABASE_URL: urlWith('postgres', 'no_such_database') }),
        `DATABASE_URL: cannot use the database at ${shown('postgres', 'no_such_database')}: ` +
          'database "no_such_database" does not exist',
      );
    });

    it('stops on a role that does not exist', async () => {
      expectStoppedWith(
        await start({ DATABASE_URL: urlWith('nobody', 'postgres') }),
        `DATABASE_URL: cannot use the database at ${shown('nobody', 'postgres')}: role "nobody" does not exist`,
      );
    });

    it('stops on a wrong password (a second server that asks for one)', async () => {
      const guarded = await startPostgres({ password: 'the-right-password' });
      try {
        // The right password gets in, so the refusal below is the password's.
        const db = openDatabase(guarded.url, { poolSize: 1 });
        await expect(checkConnection(db, guarded.url)).resolves.toBeUndefined();
        await db.destroy();

        const wrong = new URL(guarded.url);
        wrong.password = SECRET;
        expectStoppedWith(
          await start({ DATABASE_URL: wrong.href }),
          `DATABASE_URL: cannot use the database at postgres://postgres@127.0.0.1:${guarded.port}/postgres: ` +
            'password authentication failed for user "postgres"',
        );
      } finally {
        await guarded.stop();
      }
    }, 40_000);
  });
});
