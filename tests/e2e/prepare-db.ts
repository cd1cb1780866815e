// Runs before the e2e server starts (the webServer of playwright.config.ts, on the SQLite file
// DATABASE_PATH, and of playwright.postgres.config.ts, on DATABASE_URL): the scratch database gets
// its tables and the spam-defence settings the suite needs. Every browser and request of the
// suite comes from one address and fills forms faster than a person, so the minimum time to
// submit is off and the per-address limit high here; the defences themselves are tested in
// tests/unit/moderation/spam.test.ts and, with a forged stamp and a filled honeypot, in
// tests/e2e/moderation.spec.ts.
import { databaseLocation, migrateToLatest, openDatabase } from '../../src/lib/db/index.ts';
import { setSetting } from '../../src/lib/settings.ts';

const db = openDatabase(databaseLocation());
try {
  await migrateToLatest(db);
  await setSetting(db, 'spam.minSubmitSeconds', 0);
  await setSetting(db, 'spam.writesPerAddressPerHour', 100_000);
} finally {
  await db.destroy();
}
