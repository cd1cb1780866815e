// Process-wide handles for on-demand pages and endpoints: opened once, on first use. The
// database is migrated by `npm start` / `npm run db:migrate` before the server starts.
import { databasePath, openDatabase, type Db } from './lib/db/index.ts';
import { mailerFromEnv, type Mailer } from './lib/mail/index.ts';

let db: Db | undefined;
let mailer: Mailer | undefined;

export function getDb(): Db {
  db ??= openDatabase(databasePath());
  return db;
}

export function getMailer(): Mailer {
  mailer ??= mailerFromEnv();
  return mailer;
}

/** Origin for links in mail: SITE_URL when set (behind a proxy), else the request's own. */
export function publicOrigin(requestUrl: URL): string {
  return process.env.SITE_URL ?? requestUrl.origin;
}
