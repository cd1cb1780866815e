// What `npm run content:from-thread` does, apart from its arguments and database: the draft of a
// solved thread (lib/content/draft.ts) written where an article lives,
// content/articles/<locale>/<category>/<slug>.mdx, never over an existing file unless asked.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { articleDraftFromThread, type DraftProblem } from '../lib/content/draft.ts';
import type { Db } from '../lib/db/index.ts';

export interface ThreadDraftJob {
  db: Db;
  threadId: number;
  /** The site's public origin (SITE_URL) for the link back and the credits. */
  origin: string;
  /** The folder holding `articles/` (the project's content/). */
  contentRoot: string;
  category?: string | undefined;
  slug?: string | undefined;
  /** Replace a file that exists already. */
  force?: boolean;
}

export type ThreadDraftResult = { ok: true; path: string } | { ok: false; message: string };

function problemMessage(problem: DraftProblem, threadId: number): string {
  switch (problem) {
    case 'notFound':
      return `Thread ${threadId} does not exist.`;
    case 'hidden':
      return `Thread ${threadId} is hidden, deleted or waiting for approval: readers cannot see it.`;
    case 'notSolved':
      return `Thread ${threadId} has no accepted answer yet.`;
    case 'notVisible':
      return `The question or the accepted answer of thread ${threadId} is hidden or deleted.`;
    case 'invalidCategory':
      return '--category must be the id of a category in content/categories.json.';
    case 'invalidSlug':
      return '--slug must be lower-case letters and digits in words joined by "-", e.g. reset-password.';
    case 'emptyQuery':
      return 'Nothing to draft from.';
  }
}

export async function writeThreadDraft(job: ThreadDraftJob): Promise<ThreadDraftResult> {
  const outcome = await articleDraftFromThread(job.db, job.threadId, {
    origin: job.origin,
    ...(job.category !== undefined ? { category: job.category } : {}),
    ...(job.slug !== undefined ? { slug: job.slug } : {}),
  });
  if (!outcome.ok) return { ok: false, message: problemMessage(outcome.problem, job.threadId) };
  const { draft } = outcome;
  const path = join(job.contentRoot, 'articles', draft.locale, draft.category, draft.filename);
  mkdirSync(dirname(path), { recursive: true });
  try {
    // `wx` fails when the file exists, in the same step as the write: no window to lose a file in.
    writeFileSync(path, draft.mdx, { encoding: 'utf8', flag: job.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { ok: false, message: `${relative(process.cwd(), path)} exists already; --force replaces it.` };
  }
  return { ok: true, path };
}
