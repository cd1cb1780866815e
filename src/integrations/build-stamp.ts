// Marks a finished build (dist/.build-stamp), so that `npm start` after `npm run build` (as in
// `npm test`) serves that build instead of building the same sources a second time.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export const BUILD_STAMP = '.build-stamp';

export default function buildStampIntegration(): AstroIntegration {
  let outDir: URL | undefined;
  return {
    name: 'pasokh-build-stamp',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = config.outDir;
      },
      'astro:build:done': () => {
        if (outDir) writeFileSync(fileURLToPath(new URL(BUILD_STAMP, outDir)), new Date().toISOString());
      },
    },
  };
}
