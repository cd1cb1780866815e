// The systemd units in deploy/ as systemd itself reads them: `systemd-analyze verify` refuses an
// unknown key, a missing ExecStart or a bad timer spec, which a typo in these files would be
// found by only on a server. The backup service rotates with the policy the README states.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const deploy = join(import.meta.dirname, '../../../deploy');
const UNITS = ['pasokh@.service', 'pasokh-backup.service', 'pasokh-backup.timer'];

/** What `systemd-analyze verify` prints about a unit file (nothing when systemd accepts it). */
function verify(file: string): string {
  try {
    return execFileSync('systemd-analyze', ['verify', file], { cwd: deploy, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { code, stderr, stdout } = error as { code?: string; stderr?: string; stdout?: string };
    if (code === 'ENOENT') throw new Error('systemd-analyze is missing: apt-get install systemd', { cause: error });
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || 'refused';
  }
}

describe('deploy/ systemd units', () => {
  it.each(UNITS)('%s is accepted by systemd-analyze verify', (unit) => {
    expect(verify(`./${unit}`)).toBe('');
  });

  it('the backup service keeps 7 daily, 4 weekly and 6 monthly backups', () => {
    const service = readFileSync(join(deploy, 'pasokh-backup.service'), 'utf8');
    expect(service).toMatch(
      /^ExecStart=.* backup -- --to \/var\/backups\/pasokh --keep-daily 7 --keep-weekly 4 --keep-monthly 6$/m,
    );
  });
});
