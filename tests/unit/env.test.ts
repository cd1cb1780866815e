import { describe, expect, it } from 'vitest';
import { readEnv, SettingError, siteOrigin } from '../../src/lib/env.ts';

describe('siteOrigin', () => {
  it('is SITE_URL as an origin, whatever the request says', () => {
    expect(siteOrigin({ SITE_URL: 'https://help.example.com' })).toBe('https://help.example.com');
    expect(siteOrigin({ SITE_URL: 'https://help.example.com/ ' })).toBe('https://help.example.com');
    expect(siteOrigin({ SITE_URL: 'https://HELP.example.com:8443/', NODE_ENV: 'production' })).toBe(
      'https://help.example.com:8443',
    );
  });

  it('defaults to localhost on the port outside production, and is required in production', () => {
    expect(siteOrigin({})).toBe('http://localhost:4321');
    expect(siteOrigin({ PORT: '4399' })).toBe('http://localhost:4399');
    expect(() => siteOrigin({ NODE_ENV: 'production' })).toThrow(SettingError);
    expect(() => siteOrigin({ NODE_ENV: 'production', SITE_URL: '  ' })).toThrow(
      /SITE_URL is required when NODE_ENV=production/,
    );
  });

  it('refuses what is not a plain http(s) origin, naming the variable and the value', () => {
    for (const bad of [
      'help.example.com',
      'ftp://help.example.com',
      'https://user:pw@help.example.com',
      'https://help.example.com/help/',
      'https://help.example.com/?a=1',
      'javascript:alert(1)',
      'https://',
    ]) {
      expect(() => siteOrigin({ SITE_URL: bad }), bad).toThrow(SettingError);
    }
    expect(() => siteOrigin({ SITE_URL: 'help.example.com' })).toThrow(
      'SITE_URL must be the site\'s origin, such as https://help.example.com (http or https, no path, query or credentials); it is "help.example.com"',
    );
  });
});

describe('readEnv', () => {
  it('fills defaults, typed', () => {
    const settings = readEnv({});
    expect(settings.PORT).toBe(4321);
    expect(settings.ANONYMOUS_CACHE_SECONDS).toBe(30);
    expect(settings.SUPPORT_WEBHOOK_URL).toBeUndefined();
    expect(settings.siteOrigin).toBe('http://localhost:4321');
    expect(readEnv({ PORT: ' 8080 ', ANONYMOUS_CACHE_SECONDS: '0' })).toMatchObject({
      PORT: 8080,
      ANONYMOUS_CACHE_SECONDS: 0,
      siteOrigin: 'http://localhost:8080',
    });
  });

  it('reads the notification mail window and the unsubscribe mailbox, refusing what does not fit', () => {
    expect(readEnv({}).NOTIFY_MAIL_DELAY_MS).toBe(300_000);
    expect(readEnv({ NOTIFY_MAIL_DELAY_MS: '1500' }).NOTIFY_MAIL_DELAY_MS).toBe(1500);
    expect(() => readEnv({ NOTIFY_MAIL_DELAY_MS: '10' })).toThrow(
      new SettingError('NOTIFY_MAIL_DELAY_MS must be a whole number from 1000 to 86400000; it is "10"'),
    );
    expect(readEnv({ MAIL_UNSUBSCRIBE_ADDRESS: 'unsubscribe@help.example.com' }).MAIL_UNSUBSCRIBE_ADDRESS).toBe(
      'unsubscribe@help.example.com',
    );
    for (const bad of ['Pasokh <u@example.com>', 'u@example.com?subject=x', 'nobody'])
      expect(() => readEnv({ MAIL_UNSUBSCRIBE_ADDRESS: bad }), bad).toThrow(/MAIL_UNSUBSCRIBE_ADDRESS must be a bare/);
  });

  it('stops on a bad value with one line naming the variable and what it expects', () => {
    expect(() => readEnv({ PORT: 'abc' })).toThrow(
      new SettingError('PORT must be a whole number from 1 to 65535; it is "abc"'),
    );
    expect(() => readEnv({ PORT: '70000' })).toThrow(SettingError);
    expect(() => readEnv({ SUPPORT_TIMEOUT_MS: '2.5' })).toThrow(
      new SettingError('SUPPORT_TIMEOUT_MS must be a whole number 1 or more; it is "2.5"'),
    );
    expect(() => readEnv({ RATE_LIMIT_SCALE: '0' })).toThrow(/^RATE_LIMIT_SCALE must be a whole number 1 or more/);
    expect(() => readEnv({ SUPPORT_WEBHOOK_URL: 'not a url' })).toThrow(/^SUPPORT_WEBHOOK_URL must be a URL/);
    expect(() => readEnv({ SITE_URL: 'https://help.example.com/path' })).toThrow(/^SITE_URL must be the site's origin/);
  });
});

describe('DATABASE_URL', () => {
  it('is optional (SQLite stays the default) and takes postgres:// and postgresql:// URLs', () => {
    expect(readEnv({}).DATABASE_URL).toBeUndefined();
    expect(readEnv({}).DATABASE_POOL_SIZE).toBe(10);
    const url = 'postgres://pasokh:secret@db.internal:5432/pasokh';
    expect(readEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: '25' })).toMatchObject({
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: 25,
    });
    expect(readEnv({ DATABASE_URL: 'postgresql://db.internal/pasokh' }).DATABASE_URL).toBe(
      'postgresql://db.internal/pasokh',
    );
  });

  it('refuses another scheme or a URL without a host in one line, without the password', () => {
    for (const bad of [
      'mysql://u:hunter2@db/pasokh',
      'postgres:///pasokh',
      'data/pasokh.db',
      'postgres://u:hunter2@',
    ]) {
      let message = '';
      try {
        readEnv({ DATABASE_URL: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(SettingError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^DATABASE_URL must be a PostgreSQL URL such as postgres:\/\//);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('\n');
    }
    expect(() => readEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(/^DATABASE_POOL_SIZE must be a whole number from 1/);
  });
});
