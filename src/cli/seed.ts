// npm run db:seed — load the demo data (refused when NODE_ENV=production).
import { describeLocation, migrateToLatest } from '../lib/db/index.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { commandSettings, openCommandDatabase } from './database.ts';

if (commandSettings().NODE_ENV === 'production') {
  console.error('Refusing to seed demo data with NODE_ENV=production.');
  process.exit(1);
}
const { db, location } = await openCommandDatabase();
try {
  await migrateToLatest(db);
  const { accounts } = await seedDemo(db);
  console.log(`Demo data loaded into ${describeLocation(location)} (${accounts.length} demo accounts).`);
} finally {
  await db.destroy();
}
