import { describe, expect, it } from 'vitest';
import { SettingError, siteOrigin } from '../../../src/lib/http/site-origin.ts';

describe('siteOrigin', () => {
  it('is SITE_URL as an origin, whatever the request says', () => {
    expect(siteOrigin({ SITE_URL: 'https://help.example.com' })).toBe('https://help.example.com');
    expect(siteOrigin({ SITE_URL: 'https://help.example.com/ ' })).toBe('https://help.example.com');
    expect(siteOrigin({ SITE_URL: 'https://HELP.example.com:8443/', NODE_ENV: 'production' })).toBe('https://help.example.com:8443');
  });

  it('defaults to localhost on the port outside production, and is required in production', () => {
    expect(siteOrigin({})).toBe('http://localhost:4321');
    expect(siteOrigin({ PORT: '4399' })).toBe('http://localhost:4399');
    expect(() => siteOrigin({ NODE_ENV: 'production' })).toThrow(SettingError);
    expect(() => siteOrigin({ NODE_ENV: 'production', SITE_URL: '  ' })).toThrow(/SITE_URL is required when NODE_ENV=production/);
  });

  it('refuses what is not a plain http(s) origin, naming the variable and the value', () => {
    for (const bad of ['help.example.com', 'ftp://help.example.com', 'https://user:pw@help.example.com', 'https://help.example.com/help/', 'https://help.example.com/?a=1', 'javascript:alert(1)', 'https://']) {
      expect(() => siteOrigin({ SITE_URL: bad }), bad).toThrow(SettingError);
    }
    expect(() => siteOrigin({ SITE_URL: 'help.example.com' })).toThrow('SITE_URL must be the site\'s origin, such as https://help.example.com (http or https, no path, query or credentials); it is "help.example.com"');
  });
});
