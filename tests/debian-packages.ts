// What the tests need from Debian (Chromium, PostgreSQL, nginx) is installed by the tests
// themselves when it is missing and we are root on Debian; otherwise they say exactly what to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

/** Installs `packages` with apt-get, or throws with the command a person should run instead. */
export function installDebianPackages(packages: string[], { needed, hint = '' }: { needed: string; hint?: string }) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      `${needed}\nInstall them with:  sudo apt-get install ${packages.join(' ')}   (Debian/Ubuntu)${hint ? `\n${hint}` : ''}`,
    );
  }
  console.log(`Missing: installing Debian's ${packages.join(', ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // A package's own service (nginx on port 80) is not started: the tests start what they need.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      stdio: 'inherit',
      env,
    });
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
}
