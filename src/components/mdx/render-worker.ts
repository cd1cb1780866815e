// One share of the articles to render (render.ts), on a worker thread.
import { parentPort, workerData } from 'node:worker_threads';
import { renderArticle, type RenderJob } from './render.ts';

const { jobs, htmlDir } = workerData as { jobs: RenderJob[]; htmlDir: string };
parentPort!.postMessage(jobs.map((job) => renderArticle(job, htmlDir)));
