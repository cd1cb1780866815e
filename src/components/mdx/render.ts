// Articles' MDX rendered with the writers' kit into files (src/lib/content/mdx.ts, rendered.ts),
// for the content loader: on worker threads when there are many, since rendering 10,000
// articles takes ~24 s of one core and nothing else runs while content loads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readingMinutes } from '../../lib/content/articles.ts';
import { renderMdx } from '../../lib/content/mdx.ts';
import { keepHtml, type RenderedArticle } from '../../lib/content/rendered.ts';
import type { Locale } from '../../i18n/locales.ts';
import { kitComponents } from './kit.ts';

export interface RenderJob {
  id: string;
  locale: Locale;
  /** The MDX without its frontmatter. */
  body: string;
}
export type RenderOutcome = { id: string; article: RenderedArticle } | { id: string; error: string };

/** Below this many articles, starting workers (~0.3 s each) costs more than it saves. */
const MIN_JOBS_FOR_WORKERS = 200;
const MAX_WORKERS = 4;

export function renderArticle(job: RenderJob, htmlDir: string): RenderOutcome {
  try {
    const { html, headings } = renderMdx(job.body, kitComponents(job.locale));
    return {
      id: job.id,
      article: { htmlFile: keepHtml(htmlDir, html), headings, readingMinutes: readingMinutes(job.body) },
    };
  } catch (error) {
    return { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Renders every job, in this thread or shared out to workers; `workerFile` is render-worker.ts. */
export async function renderArticles(jobs: RenderJob[], htmlDir: string, workerFile: string): Promise<RenderOutcome[]> {
  const workers = Math.min(MAX_WORKERS, availableParallelism(), Math.floor(jobs.length / MIN_JOBS_FOR_WORKERS));
  if (workers < 2) return jobs.map((job) => renderArticle(job, htmlDir));
  const shares = Array.from({ length: workers }, (_, w) => jobs.filter((_job, i) => i % workers === w));
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<RenderOutcome[]>((resolve, reject) => {
          const worker = new Worker(workerFile, { workerData: { jobs: share, htmlDir } });
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`The MDX render worker exited with code ${code}`)));
        }),
    ),
  );
  return results.flat();
}
