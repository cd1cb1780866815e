// Crawlers and scripts, by user agent: their searches, views and votes are not customers'.
// The list is isbot's (maintained, hundreds of crawlers, HTTP libraries and headless browsers),
// not ours; the rate limits catch what pretends to be a browser. No user agent at all is a script.
import { isbot } from 'isbot';

export function isBot(userAgent: string | null): boolean {
  return !userAgent || isbot(userAgent);
}
