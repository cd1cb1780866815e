// Which shared page a request may get — the anonymous one, the members' one, or none (its own) —
// decided from cookies alone, before anyone looks the session up: the page cache needs it in front
// of the renderer (./anonymous-cache.ts), pages to know what to render (src/server/shared-page.ts),
// and the browser to say it runs scripts (the header's script sets SCRIPT_COOKIE). No Node imports:
// this module is in the browser's bundle too.

/** Set by every page's script: this browser runs scripts, so it may get the members' shared pages. */
export const SCRIPT_COOKIE = 'pasokh_js';
/** Set by the server for browsers that must get their own pages (staff, or a member whose held post is on a page). */
export const PERSONAL_COOKIE = 'pasokh_personal';

export type SharedVariant = 'anonymous' | 'member' | null;

/** One rule for the cache (from the raw Cookie header) and the page, so a page is only ever stored under the key of what it is. */
export function sharedVariant(hasCookieNamed: (name: string) => boolean, sessionCookie: string): SharedVariant {
  if (!hasCookieNamed(sessionCookie)) return 'anonymous';
  return hasCookieNamed(SCRIPT_COOKIE) && !hasCookieNamed(PERSONAL_COOKIE) ? 'member' : null;
}
