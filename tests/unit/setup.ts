// Runs in every test file: on Postgres, the databases a file opened are closed after it.
import { afterAll } from 'vitest';
import { closeTestDatabases } from './helpers.ts';

afterAll(closeTestDatabases);
