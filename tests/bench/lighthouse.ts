// Lighthouse (mobile preset: simulated slow 4G and a 4x slower CPU) on a fa, a ru and an en
// article of the built server: median performance score and Cumulative Layout Shift of 3 runs
// each. One build has one font setup, so there is no same-run baseline: the figures are printed
// next to the goal, and the figures of the build before the change are in the commit that added
// this bench (issue 14). Chromium shares the machine's cores with everything else running, so
// the load average is printed too; scores drop under load.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { migrateToLatest, openDatabase } from '../../src/lib/db/index.ts';
import { startServer, stopServer } from './server.ts';

const RUNS = 3;
const PAGES = [
  '/fa/agent-skills/patience-and-empathy/',
  '/ru/agent-skills/patience-and-empathy/',
  '/en/agent-skills/patience-and-empathy/',
];
const GOAL = { performance: 98, cls: 0.01 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchLighthouse(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-bench-lighthouse-'));
  const file = join(dir, 'bench.db');
  const db = openDatabase(file);
  await migrateToLatest(db);
  await db.destroy();
  const { origin, child } = await startServer(file);
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`goal: performance >= ${GOAL.performance}, CLS <= ${GOAL.cls}; ${RUNS} runs a page, medians`);
    console.log('| page | performance | CLS | LCP ms | runs (score/CLS) |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const path of PAGES) {
      const scores: number[] = [];
      const shifts: number[] = [];
      const lcps: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(`${origin}${path}`, {
          port: chrome.port,
          onlyCategories: ['performance'],
          output: 'json',
          logLevel: 'error',
        });
        const lhr = result?.lhr;
        if (!lhr || lhr.runtimeError)
          throw new Error(`Lighthouse failed on ${path}: ${lhr?.runtimeError?.message ?? 'no result'}`);
        scores.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
        shifts.push(lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN);
        lcps.push(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN);
      }
      const runs = scores.map((s, i) => `${s}/${shifts[i]!.toFixed(3)}`).join(', ');
      console.log(
        `| ${path} | ${median(scores)} | ${median(shifts).toFixed(3)} | ${Math.round(median(lcps))} | ${runs} |`,
      );
    }
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    chrome.kill();
    await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
