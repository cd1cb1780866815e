// The site's public origin, for every link that leaves the page (verification, reset and contact
// mails, webhooks). It comes from SITE_URL and never from the request: Host and X-Forwarded-Host
// are whatever the client sends, so a forged Host turned a real reset mail into a link to
// the attacker's site, and behind a TLS proxy the request's own origin is http://.

export const DEFAULT_PORT = 4321;

/** A setting `npm start` cannot run with; its message is the one line the operator reads. */
export class SettingError extends Error {}

const EXAMPLE = 'https://help.example.com';

export function siteOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.SITE_URL?.trim();
  if (!raw) {
    if (env.NODE_ENV === 'production') throw new SettingError(`SITE_URL is required when NODE_ENV=production: the site's public address, e.g. ${EXAMPLE}`);
    return `http://localhost:${env.PORT || DEFAULT_PORT}`;
  }
  const url = URL.parse(raw);
  const plainOrigin = url && (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  if (!plainOrigin) throw new SettingError(`SITE_URL must be the site's origin, such as ${EXAMPLE} (http or https, no path, query or credentials); it is "${raw}"`);
  return url.origin;
}
