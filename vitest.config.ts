import { globSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const ALL = 'tests/unit/**/*.test.ts';
/**
 * The Postgres pass (npm run test:unit:postgres) runs the files that open a database, directly or
 * through a fixture.ts; the others run no SQL, so a second pass would test nothing new.
 */
const opensDatabase = (file: string) =>
  /\b(testDb|tempSite|openDatabase|postgresUrl|onPostgres)\b|fixture\.ts/.test(readFileSync(file, 'utf8'));
const onPostgres = Boolean(process.env.PASOKH_TEST_POSTGRES_URL);

export default defineConfig({
  // The same alias as tsconfig.json's paths, for the Astro-side modules some tests import.
  resolve: { alias: { '@/': fileURLToPath(new URL('./src/', import.meta.url)) } },
  test: {
    include: onPostgres ? globSync(ALL).filter(opensDatabase) : [ALL],
    environment: 'node',
    testTimeout: 20_000,
    // Files share their workers instead of each starting a fresh one: half the CPU of a pass
    // (measured: 111 s against 225 s for the SQLite pass). The tests keep no state between files
    // (each opens its own database; none mocks modules), which the whole suite passing both ways shows.
    isolate: false,
    // One worker per core, not Vitest's default of one fewer: many tests wait on child processes
    // (builds, CLI commands) or on PostgreSQL, and on 2 cores one worker left the machine 40 %
    // idle (SQLite pass 82 s → 59 s, Postgres pass 107 s → 96 s, measured one after the other).
    // Each file opens its own database (a Postgres one named by process id), temp dirs and ports.
    maxWorkers: availableParallelism(),
    setupFiles: ['tests/unit/setup.ts'],
    globalSetup: ['tests/unit/global-setup.ts'],
  },
});
