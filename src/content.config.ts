import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';
import categoryList from '../content/categories.json' with { type: 'json' };
import { articleSchema, categorySchema, guideSchema, type ArticleFrontmatter } from '@/lib/content/schema.ts';
import { checkArticles, formatProblems } from '@/lib/content/check.ts';
import { readStatusArticles } from '@/lib/content/sources.ts';
import { translationStatus } from '@/lib/content/status.ts';
import { hasModuleSyntax, mdxBody } from '@/lib/content/mdx.ts';
import { pruneHtml } from '@/lib/content/rendered.ts';
import { renderArticles, type RenderJob } from '@/components/mdx/render.ts';
import { isLocale } from '@/i18n/locales.ts';

const categoryIds = categoryList.map((c) => c.id) as [string, ...string[]];
const ARTICLES_BASE = 'content/articles';
const GUIDE_BASE = 'content/writers-guide';

/** The writers' guide links to articles; those links must work like an article's own. */
const guidePages = () =>
  readdirSync(GUIDE_BASE)
    .filter((name) => name.endsWith('.mdx'))
    .map((name) => ({ file: `${GUIDE_BASE}/${name}`, source: readFileSync(`${GUIDE_BASE}/${name}`, 'utf8') }));

/** Cross-file checks (broken links, unknown related articles) after every (re)load. */
function runContentChecks(context: LoaderContext): string | undefined {
  const articles = [...context.store.values()].map((entry) => {
    const data = entry.data as ArticleFrontmatter;
    const filePath = entry.filePath ?? `${ARTICLES_BASE}/${entry.id}.mdx`;
    return {
      id: entry.id,
      file: filePath,
      source: readFileSync(filePath, 'utf8'),
      category: data.category,
      draft: data.draft,
      related: data.related,
      translationKey: data.translationKey,
      translatedFrom: data.translatedFrom,
    };
  });
  // The watcher exists only in `astro dev`, where drafts are published too.
  const problems = checkArticles(articles, {
    categoryIds,
    includeDrafts: Boolean(context.watcher),
    linkingPages: guidePages(),
  });
  return problems.length ? `Content problems:\n${formatProblems(problems)}` : undefined;
}

/**
 * Renders the MDX of the articles the glob loader left for the MDX integration (all of them, or
 * in dev the ones just changed), except those with imports, which stay with it
 * (src/lib/content/mdx.ts). The HTML goes to a file of its own and the MDX source is not kept
 * (src/lib/content/rendered.ts). Every load renders again: a change to the kit shows at once.
 */
async function renderEntries(context: LoaderContext, all: boolean) {
  const htmlDir = fileURLToPath(new URL('pasokh-articles/', context.config.cacheDir));
  const jobs: RenderJob[] = [];
  for (const entry of context.store.values()) {
    if (!all && !entry.deferredRender) continue;
    const locale = entry.id.split('/')[0];
    // An entry kept from an earlier build (its file unchanged) was stored without its source.
    const body = entry.body ?? (entry.filePath ? mdxBody(readFileSync(entry.filePath, 'utf8')) : undefined);
    if (body && isLocale(locale) && !hasModuleSyntax(body)) jobs.push({ id: entry.id, locale, body });
  }
  const workerFile = fileURLToPath(new URL('src/components/mdx/render-worker.ts', context.config.root));
  const used = new Set<string>();
  for (const outcome of await renderArticles(jobs, htmlDir, workerFile)) {
    const entry = context.store.get(outcome.id)!;
    if ('error' in outcome) {
      const message = `${entry.filePath}: ${outcome.error}`;
      // In dev the MDX integration renders it instead, and shows the error on the page.
      if (!context.watcher) throw new Error(message);
      context.logger.error(message);
      continue;
    }
    const { deferredRender: _deferred, rendered: _previous, body: _source, ...kept } = entry;
    // Same digest as before: set() would keep the stored entry.
    context.store.delete(entry.id);
    // `html` stays empty: articleContent (src/server/content.ts) reads the file instead.
    context.store.set({ ...kept, rendered: { html: '', metadata: { ...outcome.article } } });
    used.add(outcome.article.htmlFile);
  }
  if (all) pruneHtml(htmlDir, used);
}

/** The glob loader plus our rendering and checks: they fail the build, and in dev they log on every change. */
function checkedArticles(): Loader {
  const inner = glob({ pattern: '**/*.mdx', base: `./${ARTICLES_BASE}` });
  return {
    name: 'pasokh-articles',
    load: async (context) => {
      await inner.load(context);
      await renderEntries(context, true);
      const report = runContentChecks(context);
      if (report && !context.watcher) throw new Error(report);
      if (report) context.logger.error(report);
      context.watcher?.on('all', (_event, path) => {
        if (!path.endsWith('.mdx')) return;
        // Let the glob loader sync the changed file first.
        setTimeout(async () => {
          await renderEntries(context, false);
          const again = runContentChecks(context);
          if (again) context.logger.error(again);
        }, 300);
      });
    },
  };
}

const articles = defineCollection({
  loader: checkedArticles(),
  schema: articleSchema(categoryIds),
});

const categories = defineCollection({
  loader: file('content/categories.json'),
  schema: categorySchema,
});

/**
 * The writers' guide, one page per locale (content/writers-guide/<locale>.mdx): the component
 * kit shown live next to its source, for writers. It is served in the admin area only
 * (src/pages/admin/content/guide/), so it is never a category, a search result or a sitemap entry.
 */
const guide = defineCollection({
  loader: glob({ pattern: '*.mdx', base: `./${GUIDE_BASE}` }),
  schema: guideSchema,
});

/**
 * The translation status (src/lib/content/status.ts), one entry per translation key, computed
 * from the article files at build time so that the admin pages and the article pages (the notice
 * on an outdated translation) read it as data and the server never parses MDX. In dev it follows
 * every saved file.
 */
const contentStatus = defineCollection({
  loader: {
    name: 'pasokh-content-status',
    load: async ({ store, watcher }) => {
      const sync = () => {
        store.clear();
        for (const group of translationStatus(readStatusArticles().articles))
          store.set({ id: group.key, data: group as unknown as Record<string, unknown> });
      };
      sync();
      watcher?.on('all', (_event, path) => {
        if (path.endsWith('.mdx') && path.includes(ARTICLES_BASE)) setTimeout(sync, 300);
      });
    },
  },
});

export const collections = { articles, categories, guide, contentStatus };
