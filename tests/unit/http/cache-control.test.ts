// Content-named static files are kept by browsers for good; everything else keeps the server's
// default (revalidated), and a missing file is never marked.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, staticCacheControl } from '../../../src/lib/http/cache-control.ts';
import { sliceFile } from '../../../src/lib/search/excerpt.ts';

const client = mkdtempSync(join(tmpdir(), 'pasokh-cache-'));
const files = [
  '/pagefind/fa/index/fa_1e53a2d.pf_index',
  '/pagefind/ru/fragment/ru_44c6fdf.pf_fragment',
  '/pagefind/en/filter/en_34dd4dd.pf_filter',
  '/pagefind/fa/pagefind.fa_948885519c.pf_meta',
  `/pagefind/fa/${sliceFile('fa_44c6fdf-350', 1)}`,
  '/pagefind/fa/pagefind.js',
  '/pagefind/fa/pagefind-entry.json',
  '/pagefind/fa/pagefind-worker.js',
  '/pagefind/fa/wasm.unknown.pagefind',
  '/fa/index.html',
];
for (const file of files) {
  mkdirSync(dirname(join(client, file)), { recursive: true });
  writeFileSync(join(client, file), 'x');
}
afterAll(() => rmSync(client, { recursive: true, force: true }));

describe('staticCacheControl', () => {
  it('marks Pagefind files named by content hash, and our slices, as immutable', () => {
    for (const file of files.slice(0, 5)) expect(staticCacheControl(client, file), file).toBe(IMMUTABLE);
  });
  it('leaves files that keep their name across builds, and pages, to the default', () => {
    for (const file of files.slice(5)) expect(staticCacheControl(client, file), file).toBeUndefined();
  });
  it('never marks a missing file or a path that leaves the folder', () => {
    expect(staticCacheControl(client, '/pagefind/fa/index/fa_0000000.pf_index')).toBeUndefined();
    expect(staticCacheControl(client, '/pagefind/fa/index/../../../etc/passwd.pf_index')).toBeUndefined();
    expect(staticCacheControl(client, '/pagefind/fa/index/fa_1e53a2d.pf_index/')).toBeUndefined();
  });
});
