// npm run bench — speed figures, each next to a baseline measured in the same run (medians and
// ratios, because these machines are noisy). Not part of npm test; needs `npm run build` first.
// `npm run bench -- search` (or ranking, session, votes, dashboard, forum, forgot, locking, fanout, lighthouse, build) runs one part;
// `npm run bench -- build --articles 1000 --runs 3` builds a site of that size (default 10,000, one run).
//
// votes, dashboard and forum run on SQLite, or on PostgreSQL when DATABASE_URL is set: each run
// creates its own database pasokh_bench_<pid>_<n> on that server (the URL's user must be allowed
// to CREATE DATABASE), migrates it, seeds it in set-based SQL and drops it afterwards:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- votes dashboard forum
// `--postgres` starts a throwaway durable PostgreSQL server of its own instead (Debian's server
// binaries, as the unit tests use: tests/postgres/server.ts) and stops it at the end:
//   npm run bench -- --postgres votes dashboard forum
// The other parts run on SQLite either way.
import { benchSessions } from './session.ts';
import { benchSearch } from './search.ts';
import { benchRanking } from './ranking.ts';
import { benchDashboard, benchVoteIngestion } from './feedback.ts';
import { benchForum } from './forum.ts';
import { benchForgotPassword } from './accounts.ts';
import { benchLocking } from './locking.ts';
import { benchLighthouse } from './lighthouse.ts';
import { benchBuild } from './build.ts';
import { benchFanout } from './fanout.ts';
import { benchDatabaseLabel, benchDialect, dropLeftoverDatabases } from './database.ts';
import { startPostgres } from '../postgres/server.ts';

const parts: [string, string, () => Promise<void>][] = [
  ['session', 'Session validation', benchSessions],
  ['search', 'Search', benchSearch],
  ['ranking', 'Search ranking on the golden set (quality, not speed)', benchRanking],
  ['votes', 'Vote ingestion', benchVoteIngestion],
  ['dashboard', 'Writers\u2019 dashboard at 1,000,000 votes and 5,000,000 views', benchDashboard],
  ['forum', 'Community forum at 10,000 and 1,000,000 posts', benchForum],
  ['forgot', 'Forgot password: known and unknown addresses', benchForgotPassword],
  ['locking', 'Moderator writes beside a flow of votes', benchLocking],
  [
    'fanout',
    'Notification fan-out: a reply to a thread with 10,000 watchers, and its notifications and mail in the background',
    benchFanout,
  ],
  ['build', 'Build at scale: phases, memory and search output next to plain Astro + MDX + Pagefind', benchBuild],
  ['lighthouse', 'Lighthouse mobile: performance and layout shift of a fa, a ru and an en article', benchLighthouse],
];
const onEitherDatabase = new Set(['votes', 'dashboard', 'forum', 'fanout']);
const args = process.argv.slice(2);
const only = args.filter((arg) => arg !== '--postgres');
// Durable (fsync on), unlike the unit tests' server: the figures include the commits.
const ownServer = args.includes('--postgres') ? await startPostgres({ durable: true }) : undefined;
if (ownServer) process.env.DATABASE_URL = ownServer.url;
try {
  const label = await benchDatabaseLabel();
  for (const [key, title, run] of parts) {
    if (only.length && !only.includes(key)) continue;
    const database = onEitherDatabase.has(key) || benchDialect() === 'sqlite' ? label : 'SQLite (this part only)';
    console.log(`\n## ${title} — ${database}`);
    await run();
  }
} finally {
  await dropLeftoverDatabases();
  await ownServer?.stop();
}
