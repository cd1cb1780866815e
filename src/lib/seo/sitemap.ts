// sitemaps.org XML with Google's hreflang extension: every URL lists all its language versions.
// /sitemap.xml is a sitemap index (the protocol's way past 50,000 URLs a file) of the articles'
// sitemap and the community threads' pages.
import { xmlAttribute, xmlText } from './xml.ts';

export interface SitemapPage {
  path: string;
  lastModified?: Date;
  /** locale → path of the same page in that locale (the page itself included). */
  alternates: Record<string, string>;
}

/** The protocol's limit of URLs in one sitemap file (and of sitemaps in one index). */
export const SITEMAP_MAX_URLS = 50_000;

/** W3C datetime: the day for a date a writer gave (midnight UTC), else to the second. */
function lastmod(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, 'Z');
}

const absolute = (path: string, origin: URL) => new URL(path, origin).href;

export function buildSitemap(origin: URL, pages: readonly SitemapPage[]): string {
  const entries = pages.map((page) => {
    const alternates = Object.entries(page.alternates);
    const links =
      alternates.length > 1
        ? alternates
            .map(
              ([locale, path]) =>
                `\n    <xhtml:link rel="alternate" hreflang="${xmlAttribute(locale)}" href="${xmlAttribute(absolute(path, origin))}"/>`,
            )
            .join('')
        : '';
    const modified = page.lastModified ? `\n    <lastmod>${lastmod(page.lastModified)}</lastmod>` : '';
    return `  <url>\n    <loc>${xmlText(absolute(page.path, origin))}</loc>${modified}${links}\n  </url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`;
}

/** A sitemap index: the sitemaps at these paths. */
export function buildSitemapIndex(origin: URL, sitemaps: readonly { path: string; lastModified?: Date }[]): string {
  const entries = sitemaps.map((s) => {
    const modified = s.lastModified ? `\n    <lastmod>${lastmod(s.lastModified)}</lastmod>` : '';
    return `  <sitemap>\n    <loc>${xmlText(absolute(s.path, origin))}</loc>${modified}\n  </sitemap>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Where page `n` (from 1) of the threads' sitemap lives. */
export const threadSitemapPath = (page: number) => `/sitemaps/threads-${page}.xml`;
