// npm run db:migrate — bring the database (DATABASE_URL, else the file at DATABASE_PATH) up to date.
import { databaseLocation, describeLocation, migrateToLatest, openDatabase } from '../lib/db/index.ts';

const location = databaseLocation();
const path = describeLocation(location);
const db = openDatabase(location);
try {
  const { results = [] } = await migrateToLatest(db);
  for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
  console.log(results.length ? `Database ${path} migrated.` : `Database ${path} is up to date.`);
} finally {
  await db.destroy();
}
