// The translation status of the built content, for the server's reminder worker, which runs
// outside Astro (src/cli/serve-site.ts): written next to the server bundle, never into the
// public client folder, since it names drafts and owners. Pages read the same status through
// the contentStatus collection (src/content.config.ts); both come from readStatusArticles.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { CONTENT_STATUS_FILE } from '../lib/content/built-articles.ts';
import { readStatusArticles } from '../lib/content/sources.ts';
import { translationStatus } from '../lib/content/status.ts';

export default function contentStatusIntegration(): AstroIntegration {
  let root: string | undefined;
  let serverDir: URL | undefined;
  return {
    name: 'pasokh-content-status',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        serverDir = config.build.server;
      },
      'astro:build:done': () => {
        if (!root || !serverDir) return;
        const { articles } = readStatusArticles(root);
        const status = { generatedAt: new Date().toISOString(), groups: translationStatus(articles) };
        writeFileSync(fileURLToPath(new URL(CONTENT_STATUS_FILE, serverDir)), `${JSON.stringify(status)}\n`);
      },
    },
  };
}
