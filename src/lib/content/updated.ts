// "Last updated" for an article: the frontmatter date when the writer gave one, else the date
// of the file's last git commit, else the file's modification time (uncommitted work).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';

let commitDates: Map<string, Date> | undefined;

/** One `git log` for the whole repository, newest first, so the first date per path wins. */
function loadCommitDates(root: string): Map<string, Date> {
  const dates = new Map<string, Date>();
  try {
    const log = execFileSync('git', ['log', '--format=@%cI', '--name-only', '--no-renames'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let current: Date | undefined;
    for (const line of log.split('\n')) {
      if (line.startsWith('@')) current = new Date(line.slice(1));
      else if (line && current && !dates.has(line)) dates.set(line, current);
    }
  } catch {
    // Not a git checkout (e.g. a source tarball): fall back to file times.
  }
  return dates;
}

export function lastUpdated(filePath: string, frontmatterDate?: Date, root = process.cwd()): Date {
  if (frontmatterDate) return frontmatterDate;
  commitDates ??= loadCommitDates(root);
  const key = relative(root, resolve(root, filePath)).split('\\').join('/');
  return commitDates.get(key) ?? statSync(resolve(root, filePath)).mtime;
}
