// Builds that never pull the floor from under a running server. `npm run build` writes a fresh
// folder, builds/<id>/, and then points the `dist` symlink at it with one rename (atomic: a reader
// sees the old link or the new one, never none). Astro bakes the absolute path of its output into
// the server entry, and `npm start` resolves `dist` once, so a running server keeps serving the
// build it started with, lazily imported chunks included, while a new one is built and switched
// to. The newest few builds are kept; older ones go once no running server on this host uses them
// (each `npm start` leaves its process id in its build's .in-use/ while it runs).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';

/** Builds kept whatever uses them: the current one and the previous two to go back to. */
export const KEEP_BUILDS = 3;
const IN_USE = '.in-use';

const buildsDir = (root: string) => join(root, 'builds');

/** A new build's folder name: sorts by time, unique within a host. */
function newBuildId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${process.pid}`;
}

/** One process of a build: what it is called in an error, and the command. */
export interface BuildStep {
  name: string;
  command: string;
  args: string[];
}

/**
 * A build's steps, one process after the other: Astro's, then the search index over the pages it
 * wrote (src/cli/search-index.ts). Astro holds every compiled page until it exits, so the index
 * built inside it (an `astro:build:done` hook) added its own memory to Astro's peak; as its own
 * process, the peak of the build is the larger of the two.
 */
export function buildSteps(root: string, outDir: string): BuildStep[] {
  return [
    { name: 'astro build', command: join(root, 'node_modules/.bin/astro'), args: ['build', '--outDir', outDir] },
    {
      name: 'search index',
      command: process.execPath,
      args: [join(root, 'src/cli/search-index.ts'), join(outDir, 'client')],
    },
  ];
}

/**
 * Runs `steps` in order in `cwd` and returns 0, or the exit status of the first one that fails
 * after saying which one it was (Astro and Pagefind print their own errors above that line).
 */
export function runSteps(steps: readonly BuildStep[], cwd: string): number {
  for (const step of steps) {
    const result = spawnSync(step.command, step.args, { cwd, stdio: 'inherit' });
    if (result.status === 0) continue;
    const how = result.error
      ? `could not start (${result.error.message})`
      : result.signal
        ? `was stopped by ${result.signal}`
        : `exited with status ${result.status}`;
    console.error(`Build failed: the ${step.name} step ${how}; dist still points at the previous build.`);
    return result.status || 1;
  }
  return 0;
}

/** Builds the site into builds/<id>/ and switches `dist` to it; returns the exit status of the build. */
export function buildAndSwitch(root: string): number {
  const id = newBuildId();
  const outDir = join(buildsDir(root), id);
  mkdirSync(outDir, { recursive: true });
  const status = runSteps(buildSteps(root, outDir), root);
  if (status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    return status;
  }
  switchTo(root, outDir);
  pruneBuilds(root);
  return 0;
}

/** Points `dist` at `outDir` with a rename over the old link. */
export function switchTo(root: string, outDir: string): void {
  const dist = join(root, 'dist');
  // A `dist` folder from before builds/ (a plain `astro build`) cannot be renamed over: it goes.
  if (existsSync(dist) && !lstatSync(dist).isSymbolicLink()) rmSync(dist, { recursive: true, force: true });
  const next = join(root, `dist.next-${process.pid}`);
  rmSync(next, { force: true });
  symlinkSync(relative(root, outDir), next);
  renameSync(next, dist);
}

/** The real folder `dist` points at now (what a server starting now serves), or undefined when there is no build. */
export function currentBuild(root: string): string | undefined {
  const dist = join(root, 'dist');
  return existsSync(join(dist, 'server/entry.mjs')) ? realpathSync(dist) : undefined;
}

/** Marks `buildDir` as served by this process until it exits, so pruning leaves it alone. */
export function markInUse(buildDir: string): void {
  const marks = join(buildDir, IN_USE);
  mkdirSync(marks, { recursive: true });
  const mark = join(marks, String(process.pid));
  writeFileSync(mark, '');
  process.once('exit', () => rmSync(mark, { force: true }));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(buildDir: string): boolean {
  const marks = join(buildDir, IN_USE);
  if (!existsSync(marks)) return false;
  return readdirSync(marks).some((name) => {
    if (alive(Number(name))) return true;
    // Left by a process that died without its exit handler (kill -9).
    unlinkSync(join(marks, name));
    return false;
  });
}

/** Deletes builds older than the newest KEEP_BUILDS that `dist` does not point at and no running server uses. */
export function pruneBuilds(root: string, keep = KEEP_BUILDS): string[] {
  const dir = buildsDir(root);
  if (!existsSync(dir)) return [];
  const dist = join(root, 'dist');
  const current = existsSync(dist) && lstatSync(dist).isSymbolicLink() ? join(root, readlinkSync(dist)) : undefined;
  const removed: string[] = [];
  const builds = readdirSync(dir).sort().reverse();
  for (const name of builds.slice(keep)) {
    const path = join(dir, name);
    if (path === current || inUse(path)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
