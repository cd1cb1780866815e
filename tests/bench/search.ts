// Search: bytes fetched and time to first results for a cold and a warm query, with our
// normalized index and with plain Pagefind over the same pages, on the sample site and on a
// generated site of 5,000 articles. Runs in Chromium against a static file server.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize as normalizePath } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import compression from 'compression';
import { buildPagefindIndexes } from '../../src/integrations/pagefind.ts';
import { quickResultCount } from '../../src/lib/search/engine.ts';
import { prepareQuery } from '../../src/lib/search/query.ts';

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.wasm': 'application/wasm' };

/** A static server that compresses like `npm start` does. */
function serve(root: string): Promise<{ server: Server; origin: string }> {
  const compress = compression();
  const server = createServer((req, res) => compress(req as never, res as never, () => {
    const path = normalizePath(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (existsSync(join(file, 'index.html'))) file = join(file, 'index.html');
    if (!existsSync(file) || !file.startsWith(root)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  }));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

interface Measure {
  bytes: number;
  /** Of `bytes`, the result fragments (title, excerpt text) rather than the index itself. */
  fragmentBytes: number;
  /** How many files the query fetched (index chunks, fragments; the first one also meta and WASM). */
  requests: number;
  ms: number;
  /** Of `ms`, until Pagefind returned the ranked list (before the fragments). */
  searchMs: number;
}

/** Cold: a fresh browser context's first query (bundle, WASM, index chunks). Warm: the next query. */
async function measure(browser: Browser, origin: string, locale: string, cold: string, warm: string, ours: boolean): Promise<{ cold: Measure; warm: Measure }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let bytes = 0;
  let fragmentBytes = 0;
  let requests = 0;
  // Bytes on the wire: encoded (compressed) body sizes, as the network sees them.
  page.on('requestfinished', async (request) => {
    if (!request.url().includes('/pagefind/')) return;
    const size = (await request.sizes()).responseBodySize;
    bytes += size;
    requests++;
    if (request.url().includes('/fragment/')) fragmentBytes += size;
  });
  await page.goto(`${origin}/${locale}/`);
  const run = async (query: string): Promise<Measure> => {
    bytes = 0;
    fragmentBytes = 0;
    requests = 0;
    const q = ours ? prepareQuery(locale, query) : query;
    const ms = await page.evaluate(
      async ({ locale, q, count }) => {
        const start = performance.now();
        const pf = await import(/* @vite-ignore */ `/pagefind/${locale}/pagefind.js`);
        await pf.init();
        const { results } = await pf.search(q);
        (window as unknown as { searchMs: number }).searchMs = performance.now() - start;
        await Promise.all(results.slice(0, count).map((r: { data(): Promise<unknown> }) => r.data()));
        return performance.now() - start;
      },
      { locale, q, count: quickResultCount },
    );
    const searchMs = await page.evaluate(() => (window as unknown as { searchMs: number }).searchMs);
    await page.waitForTimeout(50);
    return { bytes, fragmentBytes, requests, ms, searchMs };
  };
  const result = { cold: await run(cold), warm: await run(warm) };
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
export function generateSite(sample: string, target: string, total = 5_000): void {
  const locales = ['fa', 'ru', 'en'];
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pickFrom = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  const byLocale = Object.fromEntries(locales.map((locale) => [locale, topics(sample, locale)]));
  for (let i = 0; i < total; i++) {
    const locale = locales[i % 3]!;
    const articles = byLocale[locale]!;
    const topic = pickFrom(articles);
    const pick = (n: number) => Array.from({ length: n }, () => (random() < 0.8 ? pickFrom(topic) : pickFrom(pickFrom(articles)))).join(' ');
    const term = `${pickFrom(topic)}-${i.toString(36)}`;
    const dir = join(target, locale, `category-${i % 12}`, `article-${i}`);
    mkdirSync(dir, { recursive: true });
    const sections = Array.from({ length: 4 }, (_, s) => `<h2 id="s${s}">${pick(5)}</h2><p>${term} ${pick(120)}</p>`).join('');
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

export async function benchSearch(): Promise<void> {
  const built = join(process.cwd(), 'dist/client');
  if (!existsSync(join(built, 'pagefind'))) throw new Error('Run `npm run build` first: the search benchmark measures the built site.');
  const work = mkdtempSync(join(tmpdir(), 'pasokh-search-bench-'));
  const sites: Record<string, { ours: string; plain: string }> = {
    sample: { ours: join(work, 'sample-ours'), plain: join(work, 'sample-plain') },
    generated: { ours: join(work, 'gen-ours'), plain: join(work, 'gen-plain') },
  };
  for (const dir of [sites.sample!.ours, sites.sample!.plain]) cpSync(built, dir, { recursive: true });
  await buildPagefindIndexes(sites.sample!.plain, { normalizeText: false, rechunk: false });
  for (const dir of [sites.generated!.ours, sites.generated!.plain]) generateSite(built, dir);
  await buildPagefindIndexes(sites.generated!.ours);
  await buildPagefindIndexes(sites.generated!.plain, { normalizeText: false, rechunk: false });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const queries: [string, string, string][] = [
    ['fa', 'مهارت‌های پشتیبانی', 'مشتری عصبانی'],
    ['ru', 'терпение', 'метрики поддержки'],
    ['en', 'patience', 'first response time'],
  ];
  const rows: Record<string, string>[] = [];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const [site, dirs] of Object.entries(sites)) {
    for (const variant of ['plain', 'ours'] as const) {
      const { server, origin } = await serve(dirs[variant]);
      const runs = [];
      const byLocale: Record<string, Awaited<ReturnType<typeof measure>>[]> = {};
      for (const [locale, cold, warm] of queries) {
        // Three rounds each; the median is reported.
        for (let round = 0; round < 3; round++) {
          const run = await measure(browser, origin, locale, cold, warm, variant === 'ours');
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
        'warm of which fragments': kb(median(runs.map((r) => r.warm.fragmentBytes))),
        'warm requests': String(median(runs.map((r) => r.warm.requests))),
        'warm KB fa/ru/en': Object.values(byLocale).map((rs) => (median(rs.map((r) => r.warm.bytes)) / 1024).toFixed(1)).join(' / '),
        'warm ms': median(runs.map((r) => r.warm.ms)).toFixed(1),
        'warm ms of which ranking': median(runs.map((r) => r.warm.searchMs)).toFixed(1),
      });
    }
  }
  await browser.close();
  for (const site of Object.keys(sites)) {
    const [plain, ours] = rows.filter((r) => r.site === site);
    rows.push({ site, index: 'ratio ours/plain', 'warm of which fragments': '', 'warm requests': '', 'warm KB fa/ru/en': '', 'warm ms of which ranking': '', 'cold bytes': (parseFloat(ours!['cold bytes']!) / parseFloat(plain!['cold bytes']!)).toFixed(2), 'cold ms': (Number(ours!['cold ms']) / Number(plain!['cold ms'])).toFixed(2), 'warm bytes': (parseFloat(ours!['warm bytes']!) / Math.max(0.1, parseFloat(plain!['warm bytes']!))).toFixed(2), 'warm ms': (Number(ours!['warm ms']) / Number(plain!['warm ms'])).toFixed(2) });
  }
  console.table(rows);
  console.log('Goals: cold ≤ 150 KB, warm ≤ 15 KB, warm first results ≤ 100 ms (medians over fa, ru, en × 3 rounds).');
  rmSync(work, { recursive: true, force: true });
}
