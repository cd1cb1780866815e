// The article feeds are prerendered into files (<client>/<locale>/[<category>/]feed.xml), and a
// static file server types a file by its extension: `.xml` is application/xml. Atom's own type
// is what feed readers and browsers look for, so our server names it before the file is sent
// (Astro's static handler keeps a Content-Type it finds, as it does Cache-Control).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ATOM_CONTENT_TYPE } from '../seo/atom.ts';

const FEED_FILE = /^\/[a-z]{2}\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?feed\.xml$/;

/** The Content-Type of the static file at `pathname` when its extension would name it wrongly. */
export function staticContentType(clientDir: string, pathname: string): string | undefined {
  // The pattern admits no `..` or `/` in names, so the path stays inside clientDir; a missing file
  // is rendered on demand (the community feeds) and sets its own type.
  return FEED_FILE.test(pathname) && existsSync(join(clientDir, pathname)) ? ATOM_CONTENT_TYPE : undefined;
}
