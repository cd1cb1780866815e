// sitemaps.org XML with Google's hreflang extension: every URL lists all its language versions.

export interface SitemapPage {
  path: string;
  lastModified?: Date;
  /** locale → path of the same page in that locale (the page itself included). */
  alternates: Record<string, string>;
}

const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => xmlEscapes[c]!);

export function buildSitemap(origin: URL, pages: readonly SitemapPage[]): string {
  const entries = pages.map((page) => {
    const alternates = Object.entries(page.alternates);
    const links =
      alternates.length > 1
        ? alternates
            .map(
              ([locale, path]) =>
                `\n    <xhtml:link rel="alternate" hreflang="${escapeXml(locale)}" href="${escapeXml(new URL(path, origin).href)}"/>`,
            )
            .join('')
        : '';
    const lastmod = page.lastModified ? `\n    <lastmod>${page.lastModified.toISOString().slice(0, 10)}</lastmod>` : '';
    return `  <url>\n    <loc>${escapeXml(new URL(page.path, origin).href)}</loc>${lastmod}${links}\n  </url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`;
}
