// A worker process of `WEB_CONCURRENCY=N npm start` (./cluster.ts): serves the build the primary
// resolved (its first argument) once the primary has migrated, seeded and made the secrets.
import { databaseLocation } from '../lib/db/index.ts';
import { commandSettings } from './database.ts';
import { startSiteProcess } from './serve-site.ts';
import { stopOnSignal } from './shutdown.ts';

const settings = commandSettings();
const buildDir = process.argv[2]!;
const site = await startSiteProcess({ settings, location: databaseLocation(settings), buildDir, inCluster: true });
stopOnSignal(() => site.stop());
