// npm run db:seed — load the demo data (refused when NODE_ENV=production).
import { databaseLocation, migrateToLatest, openDatabase } from '../lib/db/index.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { env } from '../lib/env.ts';

if (env().NODE_ENV === 'production') {
  console.error('Refusing to seed demo data with NODE_ENV=production.');
  process.exit(1);
}
const db = openDatabase(databaseLocation());
try {
  await migrateToLatest(db);
  const { accounts } = await seedDemo(db);
  console.log(`Demo data loaded into ${databaseLocation()} (${accounts.length} demo accounts).`);
} finally {
  await db.destroy();
}
