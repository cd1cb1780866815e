// The search index step of `npm run build` (./builds.ts runs it after `astro build` exits):
// node src/cli/search-index.ts <client folder> [--plain]
// writes one Pagefind bundle per locale into <client folder>/pagefind/<locale>/ from the built
// pages (src/integrations/pagefind.ts). Its own process, so that its memory does not add to
// Astro's, which holds every compiled page until it exits. --plain writes plain Pagefind's
// bundles instead (the build benchmark's baseline). Exits 1 with one line on any failure.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildPagefindIndexes } from '../integrations/pagefind.ts';

const USAGE = 'Usage: node src/cli/search-index.ts <client folder> [--plain]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { plain: { type: 'boolean', default: false } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  const [client, ...rest] = parsed.positionals;
  if (!client || rest.length) {
    console.error(USAGE);
    return 1;
  }
  if (!existsSync(client)) {
    console.error(`Search index: no built site at ${client}`);
    return 1;
  }
  const started = performance.now();
  console.log('building the search index');
  try {
    const counts = await buildPagefindIndexes(client, { plain: parsed.values.plain });
    const pages = Object.entries(counts).map(([locale, n]) => `${locale}: ${n} pages indexed`);
    console.log(`${pages.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    console.error(`Search index failed: ${(error as Error).message}`);
    return 1;
  }
}

// Exits even if Pagefind's service were left running.
process.exit(await main());
