// CSRF defence for JSON endpoints (Astro's checkOrigin covers form posts): browsers tell us in
// Sec-Fetch-Site where a request comes from; anything but our own origin (or a direct visit)
// is refused. A client that sends no such header is not a browser, so it cannot be driven by
// another site, and passes.
export function isCrossSite(headers: Headers): boolean {
  return isCrossSiteFetch(headers.get('sec-fetch-site'));
}

/** The same, from the header's value (node:http requests, in front of Astro). */
export function isCrossSiteFetch(site: string | string[] | null | undefined): boolean {
  return typeof site === 'string' && site !== 'same-origin' && site !== 'none';
}
