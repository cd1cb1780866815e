// npm run bench — speed figures, each next to a baseline measured in the same run (medians and
// ratios, because these machines are noisy). Not part of npm test; needs `npm run build` first.
// `npm run bench -- search` (or session, votes, dashboard, forum, forgot, locking, lighthouse) runs one part.
import { benchSessions } from './session.ts';
import { benchSearch } from './search.ts';
import { benchDashboard, benchVoteIngestion } from './feedback.ts';
import { benchForum } from './forum.ts';
import { benchForgotPassword } from './accounts.ts';
import { benchLocking } from './locking.ts';
import { benchLighthouse } from './lighthouse.ts';

const parts: [string, string, () => Promise<void>][] = [
  ['session', 'Session validation', benchSessions],
  ['search', 'Search', benchSearch],
  ['votes', 'Vote ingestion', benchVoteIngestion],
  ['dashboard', 'Writers\u2019 dashboard at 1,000,000 votes and 5,000,000 views', benchDashboard],
  ['forum', 'Community forum at 10,000 and 1,000,000 posts', benchForum],
  ['forgot', 'Forgot password: known and unknown addresses', benchForgotPassword],
  ['locking', 'Moderator writes beside a flow of votes', benchLocking],
  ['lighthouse', 'Lighthouse mobile: performance and layout shift of a fa, a ru and an en article', benchLighthouse],
];
const only = process.argv.slice(2);
for (const [key, title, run] of parts) {
  if (only.length && !only.includes(key)) continue;
  console.log(`\n## ${title}`);
  await run();
}
