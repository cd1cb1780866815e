// The database of a command (npm start, db:migrate, db:seed, user:create): DATABASE_URL or the
// SQLite file, checked with one query first. A bad setting or an unreachable database ends the
// command here with one line naming the setting and what failed.
import { connectDatabase, databaseLocation, type Db } from '../lib/db/index.ts';
import { env, SettingError, type Env } from '../lib/env.ts';

/** This command's settings; a bad one ends the command with its one line. */
export function commandSettings(): Env {
  try {
    return env();
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

export async function openCommandDatabase(settings: Env = commandSettings()): Promise<{ db: Db; location: string }> {
  const location = databaseLocation(settings);
  try {
    return { db: await connectDatabase(location), location };
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
