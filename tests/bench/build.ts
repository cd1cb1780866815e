// Build at scale: a site of N articles (default 10,000; `npm run bench -- build --articles 1000`)
// goes through the real build (`npm run build`: MDX, all pages, the search index), and so does a plain
// Astro + MDX + Pagefind project over the same article files (the baseline, built in the same
// run). Each phase is printed with its time, the CPU time and the peak memory of the whole
// process tree (the build command, Astro's Node process, the search index's Node process and
// Pagefind's binary), and the search output's files and bytes.
// Everything happens in a temp folder: content/ is never touched.
import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateArticles } from './search.ts';

const repo = process.cwd();

/** node_modules as links to ours, but without Astro's and Vite's caches, so every build starts cold. */
function linkModules(project: string): void {
  const modules = join(project, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(repo, 'node_modules'))) {
    if (name === '.astro' || name === '.vite') continue;
    symlinkSync(join(repo, 'node_modules', name), join(modules, name));
  }
}

/** This project as it is, with the generated articles in place of content/articles. */
function oursProject(project: string, articles: string): void {
  for (const path of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'public', 'content', 'db']) {
    cpSync(join(repo, path), join(project, path), {
      recursive: true,
      filter: (source) => !source.startsWith(join(repo, 'content/articles')),
    });
  }
  cpSync(articles, join(project, 'content/articles'), { recursive: true });
  linkModules(project);
}

/**
 * The baseline: Astro + MDX with one page per article (the writers' component kit, nothing
 * else around it) and plain Pagefind over the output, as the Pagefind docs set it up.
 */
function plainProject(project: string, articles: string): void {
  for (const path of [
    'package.json',
    'tsconfig.json',
    'src/components/mdx',
    'src/lib',
    'src/i18n',
    'src/integrations',
    'src/cli/search-index.ts',
  ]) {
    cpSync(join(repo, path), join(project, path), { recursive: true });
  }
  cpSync(articles, join(project, 'content/articles'), { recursive: true });
  cpSync(join(repo, 'content/images'), join(project, 'content/images'), { recursive: true });
  writeFileSync(
    join(project, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  markdown: { syntaxHighlight: false },
  integrations: [mdx()],
});
`,
  );
  writeFileSync(
    join(project, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

export const collections = {
  articles: defineCollection({
    loader: glob({ pattern: '**/*.mdx', base: './content/articles' }),
    schema: z.looseObject({ title: z.string() }),
  }),
};
`,
  );
  mkdirSync(join(project, 'src/pages/[locale]'), { recursive: true });
  writeFileSync(
    join(project, 'src/pages/[locale]/[...slug].astro'),
    `---
import { getCollection, render } from 'astro:content';
import { mdxComponents } from '@/components/mdx/index.ts';

export async function getStaticPaths() {
  const articles = await getCollection('articles');
  return articles.map((entry) => {
    const [locale, ...slug] = entry.id.split('/');
    return { params: { locale, slug: slug.join('/') }, props: { entry } };
  });
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<html lang={Astro.params.locale}>
  <head><meta charset="utf-8" /><title>{entry.data.title}</title></head>
  <body><main data-pagefind-body><h1>{entry.data.title}</h1><Content components={mdxComponents} /></main></body>
</html>
`,
  );
  linkModules(project);
}

/** Clock ticks per second of the CPU times in /proc/<pid>/stat. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/**
 * Resident memory of a process and all its descendants, in bytes, and the CPU time they have
 * used, in seconds: each live process's own and that of the children it has reaped (Pagefind's
 * binary, once it ended, counts in its Node parent's).
 */
function treeUsage(pid: number): { rss: number; cpu: number } {
  let rss = 0;
  let ticks = 0;
  const pending = [pid];
  while (pending.length) {
    const id = pending.pop()!;
    try {
      const status = readFileSync(`/proc/${id}/status`, 'utf8');
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      // Fields after the command name: state ppid … utime stime cutime cstime (14th–17th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
      for (const task of readdirSync(`/proc/${id}/task`)) {
        const children = readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // The process ended between two reads.
    }
  }
  return { rss, cpu: ticks / ticksPerSecond };
}

const phases = ['bundling', 'pages', 'search index'] as const;
type Phase = (typeof phases)[number];
interface PhaseFigure {
  /** Wall-clock time. */
  seconds: number;
  /** CPU time of the process tree: less at the mercy of whatever else the machine runs. */
  cpuSeconds: number;
  peakBytes: number;
}
type BuildFigures = Record<Phase | 'total', PhaseFigure>;

/**
 * Which phase a line of Astro's output starts: pages once Astro says it generates static routes,
 * the search index once the Pagefind integration says it starts.
 */
function phaseStartedBy(line: string): Phase | undefined {
  if (/(generating|prerendering) static routes/i.test(line)) return 'pages';
  if (/building the search index/i.test(line)) return 'search index';
  return undefined;
}

/**
 * How each project builds, as one process whose tree holds every step. Ours: `npm run build`'s
 * own command (`astro build`, then the search index in a process of its own, then the switch of
 * `dist`). Plain: `astro build`, then Pagefind's `addDirectory` over its output in another
 * process, as Pagefind's documentation runs its CLI after the build.
 */
function buildCommand(variant: 'plain' | 'ours'): [string, string[]] {
  if (variant === 'ours') return [process.execPath, ['src/cli/build.ts']];
  return [
    '/bin/sh',
    ['-c', `node_modules/.bin/astro build && '${process.execPath}' src/cli/search-index.ts dist --plain`],
  ];
}

/**
 * Runs the build of `variant` in `project` and times each phase, sampling the memory of its
 * process tree every 100 ms. The build's output goes to `logFile` as it comes.
 */
function timedBuild(project: string, variant: 'plain' | 'ours', logFile: string): Promise<BuildFigures> {
  const started = performance.now();
  const figures = Object.fromEntries(
    [...phases, 'total'].map((phase) => [phase, { seconds: 0, cpuSeconds: 0, peakBytes: 0 }]),
  ) as BuildFigures;
  let phase: Phase = 'bundling';
  let phaseStart = started;
  const [command, args] = buildCommand(variant);
  const child = spawn(command, args, {
    cwd: project,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let cpu = 0;
  let phaseCpu = 0;
  const sample = () => {
    const usage = treeUsage(child.pid!);
    // The highest total seen: a child that ended and was not yet reaped drops out of the sum until
    // its parent reaps it (then it counts in the parent's); only the root's last 100 ms are lost.
    cpu = Math.max(cpu, usage.cpu);
    figures[phase].peakBytes = Math.max(figures[phase].peakBytes, usage.rss);
    figures.total.peakBytes = Math.max(figures.total.peakBytes, usage.rss);
  };
  const endPhase = (now: number) => {
    figures[phase].seconds = (now - phaseStart) / 1000;
    figures[phase].cpuSeconds = cpu - phaseCpu;
    phaseStart = now;
    phaseCpu = cpu;
  };
  const timer = setInterval(sample, 100);
  let log = '';
  let pending = '';
  const onData = (data: Buffer) => {
    log = (log + data.toString()).slice(-8_000);
    appendFileSync(logFile, data);
    pending += data.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const next = phaseStartedBy(line);
      if (next && next !== phase) {
        sample();
        endPhase(performance.now());
        phase = next;
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      clearInterval(timer);
      const now = performance.now();
      endPhase(now);
      figures.total.seconds = (now - started) / 1000;
      figures.total.cpuSeconds = cpu;
      if (process.env.BENCH_BUILD_LOG) writeFileSync(`${process.env.BENCH_BUILD_LOG}.${variant}`, log);
      if (code !== 0) reject(new Error(`The ${variant} build in ${project} failed (${code}), see ${logFile}:\n${log}`));
      else resolve(figures);
    }),
  );
}

function filesUnder(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(join(dir, name));
    if (stat.isFile()) {
      files++;
      bytes += stat.size;
    }
  }
  return { files, bytes };
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number`);
  return value;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchBuild(): Promise<void> {
  const total = option('articles', 10_000);
  const runs = option('runs', 1);
  const work = mkdtempSync(join(tmpdir(), 'pasokh-build-bench-'));
  const logs = mkdtempSync(join(tmpdir(), 'pasokh-build-bench-logs-'));
  try {
    const articles = join(work, 'articles');
    generateArticles(join(repo, 'content/articles'), articles, total);
    console.log(`${total} articles (content/articles copied under new slugs), ${runs} run(s) each, built in ${work}`);
    console.log(`Astro's output: ${logs}/`);
    const results: Record<'plain' | 'ours', BuildFigures[]> = { plain: [], ours: [] };
    const output: Record<'plain' | 'ours', { files: number; bytes: number; pages: number }> = {} as never;
    for (let run = 0; run < runs; run++) {
      // Alternating, so that a noisy stretch of the shared machine hits both.
      for (const variant of ['plain', 'ours'] as const) {
        const project = join(work, `${variant}-${run}`);
        mkdirSync(project);
        (variant === 'ours' ? oursProject : plainProject)(project, articles);
        results[variant].push(await timedBuild(project, variant, join(logs, `${variant}-${run}.log`)));
        const client = join(project, 'dist', variant === 'ours' ? 'client' : '');
        output[variant] = {
          ...filesUnder(join(client, 'pagefind')),
          pages: readdirSync(client, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.html')).length,
        };
        rmSync(project, { recursive: true, force: true });
      }
    }
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    const rows = [...phases, 'total' as const].map((phase) => {
      const figure = (variant: 'plain' | 'ours', key: keyof PhaseFigure) =>
        median(results[variant].map((r) => r[phase][key]));
      return {
        phase,
        'plain s': figure('plain', 'seconds').toFixed(1),
        'plain cpu s': figure('plain', 'cpuSeconds').toFixed(1),
        'plain peak': mb(figure('plain', 'peakBytes')),
        'ours s': figure('ours', 'seconds').toFixed(1),
        'ours cpu s': figure('ours', 'cpuSeconds').toFixed(1),
        'ours peak': mb(figure('ours', 'peakBytes')),
        'time ours/plain': (figure('ours', 'seconds') / figure('plain', 'seconds')).toFixed(2),
      };
    });
    console.table(rows);
    console.table(
      (['plain', 'ours'] as const).map((variant) => ({
        build: variant,
        'html pages': output[variant].pages,
        'search files': output[variant].files,
        'search bytes': mb(output[variant].bytes),
      })),
    );
    console.log(
      `Search output, ours/plain: ${(output.ours.files / output.plain.files).toFixed(2)}× the files, ${(output.ours.bytes / output.plain.bytes).toFixed(2)}× the bytes.`,
    );
    console.log('Goals at 10,000 articles: total ≤ 120 s, peak ≤ 4 GB, search files ≤ 2× plain.');
    console.log(
      `s: wall-clock; cpu s: CPU time of the build's processes (above s when they use both cores); load average at the end ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} on ${cpus().length} cores.`,
    );
    if (runs === 1) console.log('One run each: on a shared machine, repeat with --runs 3 for medians.');
    else
      for (const variant of ['plain', 'ours'] as const)
        console.log(
          `${variant}, each run's total: ${results[variant].map((r) => `${r.total.seconds.toFixed(1)} s (peak ${mb(r.total.peakBytes)})`).join(', ')}`,
        );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
