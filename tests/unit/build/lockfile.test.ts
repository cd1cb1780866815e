// `npm ci` installs exactly what package-lock.json lists and refuses a lock that lacks a package the
// platform needs: a lock written on Linux without the other platforms' optional binaries (Pagefind's,
// Astro's compiler, esbuild's…) broke `npm ci` on macOS and in Docker. Every optional dependency of
// every locked package must have its own entry, whatever platform wrote the lock.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type LockedPackage = { version?: string; optionalDependencies?: Record<string, string> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

/** The entry Node would load `name` from when `from` requires it: the nearest node_modules upwards. */
function resolveLocked(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

describe('package-lock.json', () => {
  it('lists every optional (platform) package of every locked package', () => {
    const missing = Object.entries(lock.packages).flatMap(([path, pkg]) =>
      Object.keys(pkg.optionalDependencies ?? {})
        .filter((name) => !resolveLocked(path, name))
        .map((name) => `${path || '(root)'} → ${name}`),
    );
    expect(missing).toEqual([]);
    expect(lock.packages['node_modules/@pagefind/darwin-arm64']).toBeDefined();
  });

  it('pins pagefind to one exact version: the build rewrites its bundle files (src/integrations/pagefind-*.ts)', () => {
    expect(manifest.dependencies.pagefind).toMatch(/^\d+\.\d+\.\d+$/);
    expect(lock.packages['node_modules/pagefind']?.version).toBe(manifest.dependencies.pagefind);
  });
});
