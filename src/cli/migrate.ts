// npm run db:migrate — bring the database at DATABASE_PATH (default data/pasokh.db) up to date.
import { databasePath, migrateToLatest, openDatabase } from '../lib/db/index.ts';

const path = databasePath();
const db = openDatabase(path);
try {
  const { results = [] } = await migrateToLatest(db);
  for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
  console.log(results.length ? `Database ${path} migrated.` : `Database ${path} is up to date.`);
} finally {
  await db.destroy();
}
