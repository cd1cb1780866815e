import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleJsonLd, breadcrumbJsonLd, faqJsonLd, serializeJsonLd } from '../../../src/lib/seo/json-ld.ts';

const naughty: string[] = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8'));

describe('serializeJsonLd', () => {
  it('cannot be used to close the script element', () => {
    const out = serializeJsonLd({ name: '</script><script>alert(1)</script>' });
    expect(out).not.toMatch(/<\/?script/i);
    expect(JSON.parse(out)).toEqual({ name: '</script><script>alert(1)</script>' });
  });
  it('round-trips every string of the naughty strings list without raw < > &', () => {
    expect(naughty.length).toBeGreaterThan(500);
    for (const text of naughty) {
      const out = serializeJsonLd({ text });
      expect(out).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(out).text).toBe(text);
    }
  });
});

describe('structured data builders', () => {
  it('numbers breadcrumb positions from 1', () => {
    const data = breadcrumbJsonLd([
      { name: 'Help', url: 'https://x/en/' },
      { name: 'Skills', url: 'https://x/en/skills/' },
    ]);
    expect(data.itemListElement.map((i) => i.position)).toEqual([1, 2]);
  });
  it('writes an Article with an ISO modification date', () => {
    const data = articleJsonLd({
      headline: 'H',
      description: 'D',
      url: 'https://x/a/',
      inLanguage: 'fa',
      dateModified: new Date('2026-01-02T03:04:05Z'),
      publisher: 'P',
    });
    expect(data).toMatchObject({ '@type': 'Article', dateModified: '2026-01-02T03:04:05.000Z', inLanguage: 'fa' });
  });
  it('writes FAQPage questions with accepted answers', () => {
    const data = faqJsonLd([{ question: 'Q?', answer: 'A.' }]);
    expect(data.mainEntity[0]).toEqual({
      '@type': 'Question',
      name: 'Q?',
      acceptedAnswer: { '@type': 'Answer', text: 'A.' },
    });
  });
});
