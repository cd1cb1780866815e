// Process-wide handles for on-demand pages and endpoints (database, mailer, vote intake, public
// origin): opened once, on first use. The database is migrated by `npm start` / `npm run db:migrate` before the server starts.
import { publishedArticleIds } from './content.ts';
import { createVoteIntake, type VoteIntake } from '@/lib/analytics/vote-intake.ts';
import { databaseLocation, openDatabase, type Db } from '@/lib/db/index.ts';
import { env } from '@/lib/env.ts';
import { mailerFromEnv, type Mailer } from '@/lib/mail/index.ts';
import type { AccountDeps } from '@/lib/auth/accounts.ts';

let db: Db | undefined;
let mailer: Mailer | undefined;
let voteIntake: VoteIntake | undefined;

export function getDb(): Db {
  db ??= openDatabase(databaseLocation());
  return db;
}

/** Article votes sent by form post (npm start answers the fetch ones before Astro, same intake). */
export function getVoteIntake(): VoteIntake {
  voteIntake ??= createVoteIntake(getDb(), {
    isPublished: async (article) => (await publishedArticleIds()).has(article),
  });
  return voteIntake;
}

export function getMailer(): Mailer {
  mailer ??= mailerFromEnv();
  return mailer;
}

/** The public origin for links that leave the page (SITE_URL; see lib/env.ts). */
export function getOrigin(): string {
  return env().siteOrigin;
}

/** What the account forms run with (lib/auth/account-forms.ts): the database, the mailer, the origin for links. */
export function accountDeps(): AccountDeps {
  return { db: getDb(), mailer: getMailer(), origin: getOrigin() };
}
