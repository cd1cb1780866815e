// Links that on-demand pages build: sign-in with a way back, and the same page with other filters.
import { locales, type Locale } from '@/i18n/index.ts';

export function signInUrl(locale: Locale, next: string): string {
  return `/${locale}/account/signin/?next=${encodeURIComponent(next)}`;
}

/** The two-factor setup page, and where to go once it is on (staff sent there by the admin guard). */
export function twoFactorSetupUrl(locale: Locale, next: string): string {
  return `/${locale}/account/two-factor/?next=${encodeURIComponent(next)}`;
}

/**
 * This page's path and query with some parameters changed (null or '' removes one). `path`
 * switches to another page and keeps only the parameters named in `keep`.
 */
export function hrefWith(
  url: URL,
  changes: Record<string, string | null | undefined> = {},
  path?: string,
  keep?: readonly string[],
): string {
  const params = new URLSearchParams(url.search);
  if (keep) for (const name of [...params.keys()]) if (!keep.includes(name)) params.delete(name);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return `${path ?? url.pathname}${query ? `?${query}` : ''}`;
}

/** The same page, with the same filters, in every UI language. */
export function languageAlternates(url: URL): Record<Locale, string> {
  return Object.fromEntries(locales.map((l) => [l, hrefWith(url, { lang: l })])) as Record<Locale, string>;
}
