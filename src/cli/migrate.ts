// npm run db:migrate — bring the database (DATABASE_URL, else the file at DATABASE_PATH) up to date.
import { describeLocation, migrateToLatest } from '../lib/db/index.ts';
import { openCommandDatabase } from './database.ts';

const { db, location } = await openCommandDatabase();
const path = describeLocation(location);
try {
  const { results = [] } = await migrateToLatest(db);
  for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
  console.log(results.length ? `Database ${path} migrated.` : `Database ${path} is up to date.`);
} finally {
  await db.destroy();
}
