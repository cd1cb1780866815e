// Articles are prerendered, yet Astro bundled every article's MDX a second time into the
// on-demand server bundle: on-demand routes read the article list through `astro:content`,
// whose module map lazily imports each entry's render module. No on-demand route renders an
// article, so in that bundle (Vite's `ssr` environment; pages are rendered by `prerender`)
// an article's render module is a stub that fails loudly if it is ever called. On 1,000
// articles that was half the build's bundling time (npm run bench -- build). Since the content
// loader renders articles itself (src/content.config.ts), only those with their own imports are
// modules at all. In `astro dev` (before 2026-12-06 every article page there answered 500 with
// this stub's error) it stays out.
import type { Plugin } from 'vite';

const STUB = '\0pasokh-prerendered-article:';

export function prerenderedArticles(articlesDir = 'content/articles/'): Plugin {
  return {
    name: 'pasokh:prerendered-articles',
    enforce: 'pre',
    // `astro dev` renders every page on demand in that environment, articles included.
    apply: 'build',
    applyToEnvironment: (environment) => environment.name === 'ssr',
    resolveId(source) {
      const path = source.split('?')[0]!;
      if (!path.endsWith('.mdx') || !path.includes(articlesDir)) return undefined;
      // Not ending in .mdx, or the MDX plugin would compile the stub.
      return `${STUB}${path.slice(path.indexOf(articlesDir))}.js`;
    },
    load(id) {
      if (!id.startsWith(STUB)) return undefined;
      const message = JSON.stringify(
        `${id.slice(STUB.length, -3)} is prerendered: its content is not in the server bundle`,
      );
      return `const prerendered = () => { throw new Error(${message}); };
export default prerendered;
export const Content = prerendered;
export const getHeadings = prerendered;
export const frontmatter = {};`;
    },
  };
}
