// The real Pagefind browser runtime (the pagefind.js and WASM that Pagefind writes into a bundle),
// run in Node: its fetches of file: URLs are served from disk and recorded, so a test can see
// which index chunks a query loaded and what it found.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  excerptStart,
  hitFromSlice,
  readSlice,
  sliceFile,
  sliceFor,
  type SliceHit,
} from '../../../src/lib/search/excerpt.ts';

interface Instance {
  init(): Promise<void>;
  destroy(): Promise<void>;
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: { id: string; words: number[] }[] }>;
}

let fetched: string[] = [];
const networkFetch = globalThis.fetch;
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = String(input instanceof Request ? input.url : input);
  if (!url.startsWith('file:')) return networkFetch(input, init);
  fetched.push(url);
  try {
    return new Response(await readFile(fileURLToPath(url)));
  } catch {
    return new Response(null, { status: 404 });
  }
}) as typeof fetch;

export interface RuntimeSearch {
  /** Page ids (fragment hashes) of the results, best first. */
  ids: string[];
  /** File names the query fetched, e.g. `fa_1a2b3c4.pf_index`. */
  fetched: string[];
  /** The first `hits` results as the site shows them: drawn from our slices (src/lib/search/excerpt.ts) as the engine does. */
  hits: SliceHit[];
}

/** Runs `term` in a fresh Pagefind instance over the bundle, so nothing is cached from before. */
export async function searchFresh(bundleDir: string, term: string, { hits: count = 0 } = {}): Promise<RuntimeSearch> {
  const module = (await import(/* @vite-ignore */ pathToFileURL(join(bundleDir, 'pagefind.js')).href)) as {
    createInstance(options: { basePath: string }): Instance;
  };
  const instance = module.createInstance({ basePath: `${pathToFileURL(bundleDir).href}/` });
  await instance.options({ excerptLength: 24, baseUrl: '/' }); // excerpts as src/lib/search/engine.ts asks
  await instance.init();
  fetched = [];
  const { results } = await instance.search(term);
  const files = fetched.map((url) => url.slice(url.lastIndexOf('/') + 1));
  const hits = await Promise.all(
    results.slice(0, count).map(async (r) => {
      const start = excerptStart(r.words);
      return hitFromSlice(
        await readSlice(new Uint8Array(await readFile(join(bundleDir, sliceFile(r.id, sliceFor(r.id, start)))))),
        r.words,
        start,
      );
    }),
  );
  await instance.destroy();
  return { ids: results.map((r) => r.id), fetched: files, hits };
}
