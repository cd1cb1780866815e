import { describe, expect, it } from 'vitest';
import en from '../../../src/i18n/ui/en.json';
import fa from '../../../src/i18n/ui/fa.json';
import ru from '../../../src/i18n/ui/ru.json';
import {
  bestLocale,
  dirOf,
  formatDate,
  formatNumber,
  localeFromPath,
  useTranslations,
} from '../../../src/i18n/index.ts';

describe('bestLocale (Accept-Language)', () => {
  it('defaults to Persian when the header is missing, empty or unsupported', () => {
    expect(bestLocale(undefined)).toBe('fa');
    expect(bestLocale('')).toBe('fa');
    expect(bestLocale('de-DE,de;q=0.9')).toBe('fa');
    expect(bestLocale(';;;,,q=abc')).toBe('fa');
  });
  it('honours weights and order', () => {
    expect(bestLocale('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(bestLocale('en;q=0.5, ru;q=0.7')).toBe('ru');
    expect(bestLocale('de, en-GB;q=0.8, fa;q=0.3')).toBe('en');
    expect(bestLocale('FA-ir')).toBe('fa');
  });
  it('ignores languages refused with q=0', () => {
    expect(bestLocale('ru;q=0, en;q=0.1')).toBe('en');
  });
});

describe('direction and paths', () => {
  it('is right-to-left for Persian only', () => {
    expect(dirOf('fa')).toBe('rtl');
    expect(dirOf('ru')).toBe('ltr');
    expect(dirOf('en')).toBe('ltr');
  });
  it('reads the locale from a path', () => {
    expect(localeFromPath('/ru/agent-skills/')).toBe('ru');
    expect(localeFromPath('/xx/')).toBeUndefined();
    expect(localeFromPath('/')).toBeUndefined();
  });
});

describe('numbers and dates', () => {
  it('writes Persian digits for fa and ASCII digits for ru/en', () => {
    expect(formatNumber('fa', 1405)).toBe('۱٬۴۰۵');
    expect(formatNumber('fa', 42)).toBe('۴۲');
    expect(formatNumber('en', 42)).toBe('42');
  });
  it('uses the Solar Hijri calendar for fa', () => {
    // 21 March 2026 is 1 Farvardin 1405.
    expect(formatDate('fa', new Date('2026-03-21T12:00:00Z'))).toBe('۱ فروردین ۱۴۰۵');
    expect(formatDate('ru', new Date('2026-03-21T12:00:00Z'))).toBe('21 марта 2026 г.');
    expect(formatDate('en', new Date('2026-03-21T12:00:00Z'))).toBe('March 21, 2026');
  });
});

describe('UI strings', () => {
  it('has the same keys in every locale', () => {
    const keys = Object.keys(en).sort();
    expect(Object.keys(fa).sort()).toEqual(keys);
    expect(Object.keys(ru).sort()).toEqual(keys);
  });
  it('fills placeholders with localized numbers', () => {
    expect(useTranslations('fa').tp('home.articleCount', 3)).toBe('۳ مقاله');
  });
  it('chooses Russian plural forms with Intl.PluralRules', () => {
    const { tp } = useTranslations('ru');
    expect(tp('home.articleCount', 1)).toBe('1 статья');
    expect(tp('home.articleCount', 3)).toBe('3 статьи');
    expect(tp('home.articleCount', 5)).toBe('5 статей');
    expect(tp('home.articleCount', 21)).toBe('21 статья');
    expect(tp('article.readingTime', 11)).toBe('11 минут чтения');
  });
  it('leaves unknown placeholders visible instead of inventing values', () => {
    expect(useTranslations('en').t('article.updated')).toBe('Updated {date}');
  });
});
