// Crawlers and scripts, by user agent: their searches, views and votes are not customers'.
// Deliberately simple; the rate limits catch what pretends to be a browser.
export function isBot(userAgent: string | null): boolean {
  return !userAgent || /bot|crawl|spider|slurp|bingpreview|facebookexternalhit|curl|wget|python-requests|httpclient|java\/|go-http-client|node-fetch|axios|undici/i.test(userAgent);
}
