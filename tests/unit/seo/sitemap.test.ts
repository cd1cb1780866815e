import { describe, expect, it } from 'vitest';
import { buildSitemap } from '../../../src/lib/seo/sitemap.ts';

describe('buildSitemap', () => {
  it('lists each page with absolute hreflang alternates and escapes XML', () => {
    const xml = buildSitemap(new URL('https://help.example'), [
      { path: '/en/a/', lastModified: new Date('2026-05-06T10:00:00Z'), alternates: { en: '/en/a/', fa: '/fa/a/' } },
      { path: '/ru/b/?x=1&y=2', alternates: { ru: '/ru/b/?x=1&y=2' } },
    ]);
    expect(xml).toContain('<loc>https://help.example/en/a/</loc>');
    expect(xml).toContain('<lastmod>2026-05-06</lastmod>');
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="fa" href="https://help.example/fa/a/"/>');
    expect(xml).toContain('<loc>https://help.example/ru/b/?x=1&amp;y=2</loc>');
    // A page without translations carries no alternates block.
    expect(xml.split('<url>')[2]).not.toContain('xhtml:link');
  });
});
