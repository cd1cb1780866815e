// npm run bench — speed figures, each next to a baseline measured in the same run (medians and
// ratios, because these machines are noisy). Not part of npm test; needs `npm run build` first.
import { benchSessions } from './session.ts';
import { benchSearch } from './search.ts';

console.log('\n## Session validation');
await benchSessions();
console.log('\n## Search');
await benchSearch();
