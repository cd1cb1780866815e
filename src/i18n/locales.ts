// Locale facts and formatting helpers. Plain functions, no Astro imports, so the CLI and the
// tests use the same rules as the pages.

export const locales = ['fa', 'ru', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fa';

/** BCP 47 tags used with Intl: fa-IR gives Persian digits and the Solar Hijri calendar. */
const intlTags: Record<Locale, string> = { fa: 'fa-IR', ru: 'ru-RU', en: 'en-US' };

/** Each locale's name in its own language, for the language switcher. */
export const localeNames: Record<Locale, string> = { fa: 'فارسی', ru: 'Русский', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function dirOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'fa' ? 'rtl' : 'ltr';
}

export function intlTag(locale: Locale): string {
  return intlTags[locale];
}

/**
 * Picks the best supported locale from an Accept-Language header (RFC 9110 weights).
 * Unknown, malformed or missing headers give the default locale.
 */
export function bestLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return defaultLocale;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return {
        base: tag.trim().toLowerCase().split('-')[0] ?? '',
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { base } of ranked) {
    if (isLocale(base)) return base;
  }
  return defaultLocale;
}

/** The locale that a path starts with (`/ru/...` → `ru`), or undefined. */
export function localeFromPath(pathname: string): Locale | undefined {
  const first = pathname.split('/')[1];
  return isLocale(first) ? first : undefined;
}

const intlCache = new Map<string, object>();

/** Intl formatters cost tens of microseconds to build and a page formats hundreds of values: each is built once per tag and options. */
function cached<T extends object>(kind: string, tag: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${tag}|${options ? JSON.stringify(options) : ''}`;
  let formatter = intlCache.get(key) as T | undefined;
  if (!formatter) intlCache.set(key, (formatter = make()));
  return formatter;
}
export const numberFormat = (tag: string, options?: Intl.NumberFormatOptions) =>
  cached('number', tag, options, () => new Intl.NumberFormat(tag, options));
export const dateTimeFormat = (tag: string, options?: Intl.DateTimeFormatOptions) =>
  cached('date', tag, options, () => new Intl.DateTimeFormat(tag, options));
export const pluralRules = (tag: string) => cached('plural', tag, undefined, () => new Intl.PluralRules(tag));
export const relativeTimeFormat = (tag: string, options?: Intl.RelativeTimeFormatOptions) =>
  cached('relative', tag, options, () => new Intl.RelativeTimeFormat(tag, options));

export function formatNumber(locale: Locale, value: number): string {
  return numberFormat(intlTag(locale)).format(value);
}

/** Long date in the locale's calendar: Solar Hijri with Persian digits for fa. */
export function formatDate(locale: Locale, date: Date, timeZone = 'UTC'): string {
  return dateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone }).format(date);
}

/** Long date and short time in UTC, which the text names (mail cannot know the reader's zone). */
export function formatDateTimeUtc(locale: Locale, date: Date): string {
  return `${dateTimeFormat(intlTag(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  return pluralRules(intlTag(locale)).select(count);
}

/** The locale of a route from its `[locale]` parameter; components inside MDX use this. */
export function localeFromParams(params: Record<string, string | undefined>): Locale {
  return isLocale(params.locale) ? params.locale : defaultLocale;
}
