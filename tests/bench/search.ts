// Search: bytes fetched and time to first results for a cold and a warm query, with our
// normalized index and with plain Pagefind over the same pages, on the sample site and on a
// generated site of 5,000 articles. Runs in Chromium against a static file server.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize as normalizePath, sep } from 'node:path';
import { chromium, type Browser, type Request } from '@playwright/test';
import compression from 'compression';
import { buildPagefindIndexes } from '../../src/integrations/pagefind.ts';
import { quickResultCount } from '../../src/lib/search/engine.ts';
import { build } from 'esbuild';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
};

/** A static server that compresses like `npm start` does. */
function serve(root: string): Promise<{ server: Server; origin: string }> {
  const compress = compression();
  const server = createServer((req, res) =>
    compress(req as never, res as never, () => {
      const path = normalizePath(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
        /^(\.\.[/\\])+/,
        '',
      );
      // A blank page to run the queries from (the sample site's locale home pages are rendered on demand).
      if (path === '/blank.html') {
        res.writeHead(200, { 'Content-Type': types['.html']! }).end('<!doctype html><title>bench</title>');
        return;
      }
      let file = join(root, path);
      if (existsSync(join(file, 'index.html'))) file = join(file, 'index.html');
      if (!existsSync(file) || !statSync(file).isFile() || !file.startsWith(root)) {
        console.warn(`404 ${req.url}`);
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' })
        .end(readFileSync(file));
    }),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

/** A cold query, a warm one run as is, and a warm one typed into the search box first. */
type Queries = [cold: string, warm: string, typed: string];

interface Measure {
  bytes: number;
  /** Of `bytes`, the files results draw title and excerpt from (Pagefind's fragments, our slices) rather than the index. */
  resultBytes: number;
  /** How many files the query fetched (index chunks, fragments or slices; the first one also meta and WASM). */
  requests: number;
  ms: number;
  /** Of `ms`, until the ranked list was back (the first fragment or slice was asked for). */
  rankMs: number;
}

/**
 * Cold: a fresh browser context's first query (bundle, WASM, index chunks). Warm: the next query.
 * Typed: a third query typed the way the search box sees it, timed from when the search starts.
 * Ours runs the site's own search engine (src/lib/search/engine.ts, bundled for the page);
 * plain runs what Pagefind's own UI does: search, then `data()` of the first results.
 */
async function measure(
  browser: Browser,
  origin: string,
  locale: string,
  [cold, warm, typed]: Queries,
  ours: boolean,
): Promise<{ cold: Measure; warm: Measure; typed: Measure }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Sizes are read after each query, so that no DevTools traffic competes with the timed part.
  let finished: Request[] = [];
  page.on('requestfinished', (request) => {
    if (request.url().includes('/pagefind/')) finished.push(request);
  });
  await page.goto(`${origin}/blank.html`);
  const run = async (query: string, { typing = false } = {}): Promise<Measure> => {
    finished = [];
    const [ms, rankMs] = await page.evaluate(
      async ({ locale, query, count, ours, engineUrl, typing }) => {
        const engine = ours ? await import(/* @vite-ignore */ engineUrl) : undefined;
        const pf = ours ? undefined : await import(/* @vite-ignore */ `/pagefind/${locale}/pagefind.js`);
        if (typing) {
          // As the search box does: every keystroke (60 ms apart) preloads the index chunks its
          // text needs, and the search starts once typing paused for 120 ms.
          for (let end = 1; end <= query.length; end++) {
            void (ours ? engine.preload(locale, query.slice(0, end)) : pf.preload(query.slice(0, end)));
            await new Promise((resolve) => setTimeout(resolve, 60));
          }
          await new Promise((resolve) => setTimeout(resolve, 120));
        }
        const start = performance.now();
        let ranked = 0;
        // The engine fetches its slices from this thread (Pagefind fetches in its worker).
        const fetch = window.fetch;
        window.fetch = (input, init) => {
          if (!ranked && /\/(fragment|excerpt)\//.test(String(input))) ranked = performance.now() - start;
          return fetch(input, init);
        };
        if (ours) {
          const { hits } = await engine.search(locale, query, { limit: count });
          if (!hits.length) throw new Error(`no results for ${query}`);
        } else {
          await pf.options({ excerptLength: 24 });
          await pf.init();
          const { results } = await pf.search(query);
          ranked = performance.now() - start;
          await Promise.all(results.slice(0, count).map((r: { data(): Promise<unknown> }) => r.data()));
        }
        window.fetch = fetch;
        return [performance.now() - start, ranked];
      },
      { locale, query, count: quickResultCount, ours, engineUrl: '/bench-engine.js', typing },
    );
    await page.waitForTimeout(50);
    let bytes = 0;
    let resultBytes = 0;
    for (const request of finished) {
      // Bytes on the wire: encoded (compressed) body sizes, as the network sees them.
      const size = (await request.sizes()).responseBodySize;
      bytes += size;
      if (/\/(fragment|excerpt)\//.test(request.url())) resultBytes += size;
    }
    return { bytes, resultBytes, requests: finished.length, ms, rankMs };
  };
  const result = { cold: await run(cold), warm: await run(warm), typed: await run(typed, { typing: true }) };
  await context.close();
  return result;
}

/** The words of each sample article of a locale (its main text only), one list per article. */
function topics(root: string, locale: string): string[][] {
  const pages = readdirSync(join(root, locale), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('index.html'))
    .map((path) => readFileSync(join(root, locale, path), 'utf8'))
    .filter((html) => html.includes('data-pagefind-body'));
  return pages.map((html) =>
    (html.match(/<article[\s\S]*<\/article>/)?.[0] ?? '')
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]+>/g, ' ')
      .split(/\s+/)
      .filter((word) => /\p{L}{3,}/u.test(word)),
  );
}

/**
 * 5,000 article pages across fa, ru and en. Each takes one sample article as its topic: most
 * words come from that article, some from the locale's other articles, and each page names a
 * made-up product term of its own, so word frequencies look like a real help center's (a few
 * words everywhere, most words in a few pages) rather than every word in every page.
 */
/** The same pseudo-random sequence on every run, so generated sites are the same. */
function seeded(seed = 42) {
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pickFrom = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return { random, pickFrom };
}

export function generateSite(sample: string, target: string, total = 5_000): void {
  const locales = ['fa', 'ru', 'en'];
  const { random, pickFrom } = seeded();
  const byLocale = Object.fromEntries(locales.map((locale) => [locale, topics(sample, locale)]));
  for (let i = 0; i < total; i++) {
    const locale = locales[i % 3]!;
    const articles = byLocale[locale]!;
    const topic = pickFrom(articles);
    const pick = (n: number) =>
      Array.from({ length: n }, () => (random() < 0.8 ? pickFrom(topic) : pickFrom(pickFrom(articles)))).join(' ');
    const term = `${pickFrom(topic)}-${i.toString(36)}`;
    const dir = join(target, locale, `category-${i % 12}`, `article-${i}`);
    mkdirSync(dir, { recursive: true });
    const sections = Array.from(
      { length: 4 },
      (_, s) => `<h2 id="s${s}">${pick(5)}</h2><p>${term} ${pick(120)}</p>`,
    ).join('');
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html lang="${locale}"><head><title>${pick(6)}</title></head><body><main data-pagefind-body><h1>${pick(6)}</h1>${sections}</main></body></html>`,
    );
  }
  for (const locale of locales) {
    mkdirSync(join(target, locale), { recursive: true });
    writeFileSync(join(target, locale, 'index.html'), `<!doctype html><html lang="${locale}"><body></body></html>`);
  }
}

/**
 * `total` MDX articles for a real `astro build` (tests/bench/build.ts): the articles of
 * `articlesDir` (content/articles) as written, then copies of them in turn under new slugs
 * (`<slug>-<n>`, translation key likewise; `related` and links still point at the originals,
 * which stay; `translatedFrom` is dropped in the last round when it is partial). As in `generateSite`, each copy gets a made-up product term of its own and a
 * closing paragraph of words drawn mostly from its own article, so that the word index grows
 * with the site as a real help center's does instead of repeating the same words.
 */
export function generateArticles(articlesDir: string, target: string, total: number): number {
  const { random, pickFrom } = seeded();
  const sources = readdirSync(articlesDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.mdx'))
    .sort()
    .map((path) => {
      const source = readFileSync(join(articlesDir, path), 'utf8');
      const body = source.replace(/^---[\s\S]*?\n---\n/, '');
      const words = body.match(/\p{L}{3,}/gu) ?? [];
      return { path, source, words };
    });
  for (let i = 0; i < total; i++) {
    const { path, source, words } = sources[i % sources.length]!;
    const copy = Math.floor(i / sources.length);
    const file = join(target, copy === 0 ? path : path.replace(/\.mdx$/, `-${copy}.mdx`));
    mkdirSync(join(file, '..'), { recursive: true });
    if (copy === 0) {
      writeFileSync(file, source);
      continue;
    }
    const term = `${pickFrom(words)}${i.toString(36)}`;
    const sameLocale = sources.filter((other) => other.path.split(sep)[0] === path.split(sep)[0]);
    const closing = Array.from({ length: 60 }, () => pickFrom(random() < 0.8 ? words : pickFrom(sameLocale).words));
    let text = source.replace(/^(translationKey: .*)$/m, `$1-${copy}`);
    // The last, partial round of copies may lack the original a translation names (the build
    // stops on that), so its copies are not marked as translations.
    if ((copy + 1) * sources.length > total) text = text.replace(/^translatedFrom: .*\n/m, '');
    writeFileSync(file, `${text.trimEnd()}\n\n${term} ${closing.join(' ')}\n`);
  }
  return total;
}

export async function benchSearch(): Promise<void> {
  const built = join(process.cwd(), 'dist/client');
  if (!existsSync(join(built, 'pagefind')))
    throw new Error('Run `npm run build` first: the search benchmark measures the built site.');
  const work = mkdtempSync(join(tmpdir(), 'pasokh-search-bench-'));
  const sites: Record<string, { ours: string; plain: string }> = {
    sample: { ours: join(work, 'sample-ours'), plain: join(work, 'sample-plain') },
    generated: { ours: join(work, 'gen-ours'), plain: join(work, 'gen-plain') },
  };
  for (const dir of [sites.sample!.ours, sites.sample!.plain]) cpSync(built, dir, { recursive: true });
  await buildPagefindIndexes(sites.sample!.plain, { plain: true });
  for (const dir of [sites.generated!.ours, sites.generated!.plain]) generateSite(built, dir);
  await buildPagefindIndexes(sites.generated!.ours);
  await buildPagefindIndexes(sites.generated!.plain, { plain: true });
  // The site's search engine as one browser module, served next to the bundles it loads.
  for (const site of Object.values(sites)) {
    await build({
      entryPoints: [join(process.cwd(), 'src/lib/search/engine.ts')],
      bundle: true,
      format: 'esm',
      outfile: join(site.ours, 'bench-engine.js'),
      logLevel: 'warning',
    });
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const queries: [string, Queries][] = [
    ['fa', ['مهارت‌های پشتیبانی', 'مشتری عصبانی', 'شکایت مشتری']],
    ['ru', ['терпение', 'метрики поддержки', 'жалоба клиента']],
    ['en', ['patience', 'first response time', 'angry customer']],
  ];
  const rows: Record<string, string>[] = [];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const [site, dirs] of Object.entries(sites)) {
    for (const variant of ['plain', 'ours'] as const) {
      const { server, origin } = await serve(dirs[variant]);
      const runs = [];
      const byLocale: Record<string, Awaited<ReturnType<typeof measure>>[]> = {};
      for (const [locale, texts] of queries) {
        // Three rounds each; the median is reported.
        for (let round = 0; round < 3; round++) {
          const run = await measure(browser, origin, locale, texts, variant === 'ours');
          runs.push(run);
          (byLocale[locale] ??= []).push(run);
        }
      }
      server.close();
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      rows.push({
        site,
        index: variant === 'ours' ? 'Pasokh (normalized)' : 'plain Pagefind',
        'cold bytes': kb(median(runs.map((r) => r.cold.bytes))),
        'cold ms': median(runs.map((r) => r.cold.ms)).toFixed(0),
        'warm bytes': kb(median(runs.map((r) => r.warm.bytes))),
        'warm of which results': kb(median(runs.map((r) => r.warm.resultBytes))),
        'warm requests': String(median(runs.map((r) => r.warm.requests))),
        'warm KB fa/ru/en': Object.values(byLocale)
          .map((rs) => (median(rs.map((r) => r.warm.bytes)) / 1024).toFixed(1))
          .join(' / '),
        'warm ms': median(runs.map((r) => r.warm.ms)).toFixed(1),
        'of which ranking': median(runs.map((r) => r.warm.rankMs)).toFixed(1),
        'typed ms': median(runs.map((r) => r.typed.ms)).toFixed(1),
      });
    }
  }
  await browser.close();
  for (const site of Object.keys(sites)) {
    const [plain, ours] = rows.filter((r) => r.site === site);
    rows.push({
      site,
      index: 'ratio ours/plain',
      'warm of which results': '',
      'warm requests': '',
      'warm KB fa/ru/en': '',
      'of which ranking': '',
      'typed ms': (Number(ours!['typed ms']) / Number(plain!['typed ms'])).toFixed(2),
      'cold bytes': (parseFloat(ours!['cold bytes']!) / parseFloat(plain!['cold bytes']!)).toFixed(2),
      'cold ms': (Number(ours!['cold ms']) / Number(plain!['cold ms'])).toFixed(2),
      'warm bytes': (parseFloat(ours!['warm bytes']!) / Math.max(0.1, parseFloat(plain!['warm bytes']!))).toFixed(2),
      'warm ms': (Number(ours!['warm ms']) / Number(plain!['warm ms'])).toFixed(2),
    });
  }
  console.table(rows);
  console.log('Goals: cold ≤ 150 KB, warm ≤ 15 KB, warm first results ≤ 100 ms (medians over fa, ru, en × 3 rounds).');
  console.log(
    'typed ms: a warm query typed at 60 ms a key with chunks preloaded per keystroke, timed from the search after a 120 ms pause (what the search box does).',
  );
  rmSync(work, { recursive: true, force: true });
}
