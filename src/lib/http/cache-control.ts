// Files whose names change whenever their content does may be kept by browsers for good, as
// Astro's /_astro/ assets are: Pagefind's index chunks, fragments, filters and meta file are
// named by content hash, and so are our excerpt slices. A search on the next
// page then reuses what the last one loaded without asking the server. pagefind.js, its worker,
// its WASM and pagefind-entry.json keep their names from build to build and are revalidated.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CONTENT_NAMED =
  /^\/pagefind\/[a-z]{2}\/(?:(?:index|fragment|filter|excerpt\/[\w-]+)\/[\w-]+\.pf_\w+|pagefind\.[\w-]+\.pf_meta)$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The Cache-Control the static file at `pathname` under `clientDir` deserves beyond the server's
 * default, if any. Only for a file that exists: a missing one gets a 404 page, never kept.
 */
export function staticCacheControl(clientDir: string, pathname: string): string | undefined {
  // The pattern admits no `..` or `/` in names, so the path stays inside clientDir.
  return CONTENT_NAMED.test(pathname) && existsSync(join(clientDir, pathname)) ? IMMUTABLE : undefined;
}

/**
 * Feeds rendered per request (a community category's solved threads): the same for every reader,
 * so feed readers and shared caches may keep one for a minute; a thread hidden meanwhile leaves
 * them within that. Our anonymous cache keeps its own copy a few seconds on top.
 */
export const FEED_CACHE_CONTROL = 'public, max-age=60';

/** The sitemap index and the threads' pages: an hour (a thread hidden meanwhile costs a crawler one 404). */
export const SITEMAP_CACHE_CONTROL = 'public, max-age=3600';
