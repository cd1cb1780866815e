// CSRF defence for JSON endpoints (Astro's checkOrigin covers form posts): browsers tell us in
// Sec-Fetch-Site where a request comes from; anything but our own origin (or a direct visit)
// is refused. A client that sends no such header is not a browser, so it cannot be driven by
// another site, and passes.
export function isCrossSite(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}
