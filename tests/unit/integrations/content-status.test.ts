// The build's copy of the translation status for the reminder worker: written next to the server
// bundle (never the public client folder) by src/integrations/content-status.ts and read back by
// builtContentStatus, which reads a build from before it as no content.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroConfig } from 'astro';
import { afterEach, expect, it } from 'vitest';
import contentStatusIntegration from '../../../src/integrations/content-status.ts';
import { builtContentStatus, CONTENT_STATUS_FILE } from '../../../src/lib/content/built-articles.ts';

let root: string | undefined;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

it('writes the status into the server folder at the end of the build, and the worker reads it', async () => {
  root = mkdtempSync(join(tmpdir(), 'pasokh-status-build-'));
  mkdirSync(join(root, 'content/articles/fa/skills'), { recursive: true });
  mkdirSync(join(root, 'dist/server'), { recursive: true });
  mkdirSync(join(root, 'dist/client'), { recursive: true });
  writeFileSync(join(root, 'content/categories.json'), JSON.stringify([{ id: 'skills' }]));
  writeFileSync(
    join(root, 'content/articles/fa/skills/patience.mdx'),
    '---\ntitle: صبر در کار\ndescription: How to stay patient with customers.\ncategory: skills\nowner: maria\nreviewBy: 2026-11-30\n---\n\nText.\n',
  );
  const hooks = contentStatusIntegration().hooks as Record<string, (options: unknown) => void>;
  const config = { root: pathToFileURL(`${root}/`), build: { server: pathToFileURL(join(root, 'dist/server/')) } };
  hooks['astro:config:done']!({ config: config as unknown as AstroConfig });
  hooks['astro:build:done']!({});
  expect(existsSync(join(root, 'dist/client', CONTENT_STATUS_FILE))).toBe(false);
  const status = await builtContentStatus(join(root, 'dist/server'))();
  expect(status.groups).toHaveLength(1);
  expect(status.groups[0]!.cells.fa).toMatchObject({
    state: 'original',
    article: { id: 'fa/skills/patience', owner: 'maria', reviewBy: '2026-11-30' },
  });
  expect((await builtContentStatus(join(root, 'nowhere'))()).groups).toEqual([]);
});
