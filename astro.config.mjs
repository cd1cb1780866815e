// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import buildStamp from './src/integrations/build-stamp.ts';
import pagefind from './src/integrations/pagefind.ts';

// The public origin, for canonical URLs, hreflang alternates, OpenGraph and the sitemap.
const site = process.env.SITE_URL ?? `http://localhost:${process.env.PORT ?? 4321}`;

export default defineConfig({
  site,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  trailingSlash: 'always',
  integrations: [mdx(), pagefind(), buildStamp()],
  // Help articles show short snippets; Shiki's inline style attributes would need
  // 'unsafe-inline' in the CSP, and Prism breaks the MDX compiler on ```mdx blocks.
  markdown: { syntaxHighlight: false },
  security: {
    checkOrigin: true,
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
    port: Number(process.env.PORT ?? 4321),
    host: process.env.HOST ?? 'localhost',
  },
  vite: {
    // Native addon: load it from node_modules at run time instead of bundling it.
    ssr: { external: ['better-sqlite3'] },
  },
});
