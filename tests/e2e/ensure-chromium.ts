// Playwright cannot download its own browser here, so the e2e tests drive Debian's chromium.
// Installs it when missing (as root on Debian); otherwise says exactly what to install.
import { existsSync } from 'node:fs';
import { installDebianPackages } from '../debian-packages.ts';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (!existsSync(chromiumPath)) {
  try {
    installDebianPackages(['chromium', 'fonts-liberation'], {
      needed: `The end-to-end tests need Chromium at ${chromiumPath}.`,
      hint: 'or point CHROMIUM_PATH at an existing Chromium or Chrome binary.',
    });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
