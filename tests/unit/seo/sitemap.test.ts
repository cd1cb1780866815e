import { describe, expect, it } from 'vitest';
import { buildSitemap, buildSitemapIndex, threadSitemapPath } from '../../../src/lib/seo/sitemap.ts';
import { parseXml } from './parse-xml.ts';

describe('buildSitemap', () => {
  it('lists each page with absolute hreflang alternates and escapes XML', () => {
    const xml = buildSitemap(new URL('https://help.example'), [
      { path: '/en/a/', lastModified: new Date('2026-05-06T10:00:00Z'), alternates: { en: '/en/a/', fa: '/fa/a/' } },
      { path: '/ru/b/?x=1&y=2', alternates: { ru: '/ru/b/?x=1&y=2' } },
    ]);
    expect(xml).toContain('<loc>https://help.example/en/a/</loc>');
    expect(xml).toContain('<lastmod>2026-05-06T10:00:00Z</lastmod>');
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="fa" href="https://help.example/fa/a/"/>');
    expect(xml).toContain('<loc>https://help.example/ru/b/?x=1&amp;y=2</loc>');
    // A page without translations carries no alternates block.
    expect(xml.split('<url>')[2]).not.toContain('xhtml:link');
  });
});

describe('buildSitemapIndex', () => {
  it('lists each sitemap by its absolute URL, and parses as the protocol says', () => {
    const xml = buildSitemapIndex(new URL('https://help.example'), [
      { path: '/sitemaps/articles.xml' },
      { path: threadSitemapPath(1), lastModified: new Date('2026-11-20T10:00:00.500Z') },
      { path: threadSitemapPath(3) },
    ]);
    const { sitemapindex } = parseXml(xml);
    expect(sitemapindex['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(sitemapindex.sitemap).toEqual([
      { loc: 'https://help.example/sitemaps/articles.xml' },
      { loc: 'https://help.example/sitemaps/threads-1.xml', lastmod: '2026-11-20T10:00:00Z' },
      { loc: 'https://help.example/sitemaps/threads-3.xml' },
    ]);
  });

  it('writes a time of day in lastmod only when there is one, and parses with its alternates', () => {
    const xml = buildSitemap(new URL('https://help.example'), [
      { path: '/fa/community/t/1/سلام/', lastModified: new Date('2026-11-20T10:30:00Z'), alternates: {} },
      { path: '/en/a/', lastModified: new Date('2026-05-06'), alternates: { en: '/en/a/', fa: '/fa/a/' } },
    ]);
    const { urlset } = parseXml(xml);
    expect(urlset.url[0]).toEqual({
      loc: `https://help.example/fa/community/t/1/${encodeURIComponent('سلام')}/`,
      lastmod: '2026-11-20T10:30:00Z',
    });
    expect(urlset.url[1].lastmod).toBe('2026-05-06');
    expect(urlset.url[1]['xhtml:link']).toHaveLength(2);
  });
});
