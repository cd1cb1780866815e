import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../../src/lib/http/form.ts';

const FALLBACK = '/en/account/';

describe('safeNextPath', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(safeNextPath('/fa/community/new/', FALLBACK)).toBe('/fa/community/new/');
    expect(safeNextPath('/ru/search/?q=возврат#results', FALLBACK)).toBe(
      '/ru/search/?q=%D0%B2%D0%BE%D0%B7%D0%B2%D1%80%D0%B0%D1%82#results',
    );
    expect(safeNextPath('/fa/community/t/12/بازپرداخت/', FALLBACK)).toBe(
      new URL('/fa/community/t/12/بازپرداخت/', 'http://x').pathname,
    );
  });

  // Open-redirect tricks collected from public advisories and cheat sheets. As the browser
  // receives each (the query parameter is already decoded once), none may leave the site.
  const tricks = [
    '/\t/evil.example/',
    '/\n/evil.example/',
    '/\r/evil.example/',
    '/\r\nSet-Cookie: a=b',
    '/\u0000/evil.example',
    '/\u0085/evil.example',
    '//evil.example/',
    '///evil.example/',
    '////evil.example/',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    '/.//evil.example/',
    '/./../..//evil.example/',
    'https://evil.example/',
    'http:evil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    '',
    ' /en/',
    '%2F%2Fevil.example',
  ];
  for (const trick of tricks) {
    it(`refuses ${JSON.stringify(trick)}`, () => {
      const result = safeNextPath(trick, FALLBACK);
      const landing = new URL(result, 'https://help.example.com/');
      expect(landing.origin).toBe('https://help.example.com');
      expect(result.startsWith('/') && !result.startsWith('//')).toBe(true);
      expect(result).not.toMatch(/[\u0000-\u001f\\]/);
    });
  }

  it('falls back on the tricks that cannot be read as a path at all', () => {
    for (const trick of [
      '/\t/evil.example/',
      '//evil.example/',
      '/\\evil.example',
      '/.//evil.example/',
      'https://evil.example/',
      '',
    ]) {
      expect(safeNextPath(trick, FALLBACK), JSON.stringify(trick)).toBe(FALLBACK);
    }
    expect(safeNextPath(null, FALLBACK)).toBe(FALLBACK);
  });
});
