// Pagefind, one index per locale, written after the build into <client>/pagefind/<locale>/.
// Each article page is indexed from a copy whose text went through our `normalize` (Arabic
// letters, digits, ZWNJ joins, ё) so that queries normalized the same way find it; the pages
// the reader sees are untouched.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { locales } from '../i18n/locales.ts';
import { normalizeHtmlText } from '../lib/search/normalize.ts';

function htmlFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/**
 * Writes one Pagefind bundle per locale into <root>/pagefind/<locale>/ from the built pages under
 * <root>/<locale>/. `normalizeText: false` gives plain Pagefind (the benchmark's baseline).
 */
export async function buildPagefindIndexes(root: string, { normalizeText = true } = {}): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const locale of locales) {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: locale });
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    let pages = 0;
    for (const file of htmlFiles(join(root, locale))) {
      const html = readFileSync(file, 'utf8');
      if (!html.includes('data-pagefind-body')) continue;
      const url = `/${relative(root, file).split(sep).join('/')}`.replace(/index\.html$/, '');
      const added = await index.addHTMLFile({ url, content: normalizeText ? normalizeHtmlText(html) : html });
      if (added.errors.length) throw new Error(`Pagefind could not index ${url}: ${added.errors.join('; ')}`);
      pages++;
    }
    const written = await index.writeFiles({ outputPath: join(root, 'pagefind', locale) });
    if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
    counts[locale] = pages;
  }
  await pagefind.close();
  return counts;
}

export default function pagefindIntegration(): AstroIntegration {
  return {
    name: 'pasokh-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const counts = await buildPagefindIndexes(fileURLToPath(dir));
        logger.info(Object.entries(counts).map(([locale, n]) => `${locale}: ${n} pages indexed`).join(', '));
      },
    },
  };
}
