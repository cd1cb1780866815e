// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import node from '@astrojs/node';
import buildStamp from './src/integrations/build-stamp.ts';
import contentStatus from './src/integrations/content-status.ts';
import bidiIsolation from './src/integrations/bidi-isolation.ts';
import { prerenderedArticles } from './src/integrations/prerendered-articles.ts';
import { BODY_LIMITS } from './src/lib/http/body-limit.ts';
import { buildEnv, envSchema } from './src/lib/env.ts';

const settings = buildEnv();

export default defineConfig({
  // The public origin, for canonical URLs, hreflang alternates, OpenGraph and the sitemap.
  site: settings.siteOrigin,
  // Every setting, typed and checked (src/lib/env.ts reads them; `npm start` checks them first).
  env: { schema: envSchema, validateSecrets: true },
  output: 'static',
  // Bodies are bounded per kind of route in front of Astro (src/lib/http/body-limit.ts); the
  // adapter's own limit (1 GiB by default) backs that up with the largest of them.
  adapter: node({ mode: 'standalone', bodySizeLimit: Math.max(...Object.values(BODY_LIMITS)) }),
  trailingSlash: 'always',
  // The search index is built after Astro exits, by `npm run build` (src/cli/builds.ts).
  integrations: [mdx(), contentStatus(), buildStamp()],
  // Help articles show short snippets; Shiki's inline style attributes would need
  // 'unsafe-inline' in the CSP, and Prism breaks the MDX compiler on ```mdx blocks.
  // Latin runs and code inside Persian text read in the order they were written (.md and .mdx).
  markdown: { syntaxHighlight: false, processor: satteri({ hastPlugins: [bidiIsolation] }) },
  security: {
    checkOrigin: true,
    // Astro then believes X-Forwarded-Proto/Host (the Origin check compares with the public
    // https URL behind a TLS proxy) and takes X-Forwarded-For's first address as clientAddress.
    // Any host, because our server in front is what decides (src/lib/http/forwarded.ts): it
    // drops those headers from peers TRUST_PROXY does not name and leaves exactly one resolved
    // address in X-Forwarded-For. A list of hosts from SITE_URL would be fixed at build time,
    // and the Host header it would check is the client's to choose anyway.
    allowedDomains: [{}],
    // Actions are forms too (1 MB by default).
    actionBodySizeLimit: BODY_LIMITS.form,
    // Astro hashes every script and style it emits into a CSP <meta>; the rest is ours.
    csp: {
      // Pagefind compiles its WebAssembly search engine in the browser.
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        'frame-src https://www.youtube-nocookie.com',
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
    },
  },
  server: {
    port: settings.PORT,
    host: settings.HOST,
  },
  vite: {
    // Native addon: load it from node_modules at run time instead of bundling it.
    ssr: { external: ['better-sqlite3'] },
    // The on-demand server bundle without the articles' MDX (they are prerendered).
    plugins: [prerenderedArticles()],
  },
});
