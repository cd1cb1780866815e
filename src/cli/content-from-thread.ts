// npm run content:from-thread -- <thread id> [--category <id>] [--slug <slug>] [--force]
// Writes an article draft made from a solved community thread (question → title and
// introduction, accepted answer → body, a link back, credits) into
// content/articles/<locale>/<category>/<slug>.mdx with `draft: true`, and prints its path.
// Without --category it guesses one and says so in the frontmatter; without --slug the slug comes
// from the title (`thread-<id>` for a title not in Latin letters). An existing file is kept
// unless --force.
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { commandSettings, openCommandDatabase } from './database.ts';
import { writeThreadDraft } from './content-drafts.ts';

const USAGE = 'Usage: npm run content:from-thread -- <thread id> [--category <id>] [--slug <slug>] [--force]';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { category: { type: 'string' }, slug: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (positionals.length !== 1 || !/^\d{1,15}$/.test(positionals[0]!)) {
  console.error(USAGE);
  process.exit(2);
}
const settings = commandSettings();
const { db } = await openCommandDatabase(settings);
try {
  const result = await writeThreadDraft({
    db,
    threadId: Number(positionals[0]),
    origin: settings.siteOrigin,
    contentRoot: resolve('content'),
    category: values.category,
    slug: values.slug,
    force: values.force,
  });
  if (result.ok) console.log(relative(process.cwd(), result.path));
  else {
    console.error(result.message);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
