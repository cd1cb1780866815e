// The bundles of a few locales, built on a worker thread by buildPagefindIndexes (pagefind.ts).
// A worker loads the `pagefind` module anew and so starts its own Pagefind service: a service
// handles its requests one at a time (a page, then the next; while it writes a bundle, nothing
// else), so all locales on one service kept a 2-core machine a third idle.
import { parentPort, workerData } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { buildLocaleIndex, type LocalePages } from './pagefind.ts';

const { root, group } = workerData as { root: string; group: LocalePages[] };
try {
  const reports = await Promise.all(group.map((pages) => buildLocaleIndex(root, pages)));
  parentPort!.postMessage(group.map((pages, i) => [pages.locale, reports[i]]));
} finally {
  await pagefind.close();
}
