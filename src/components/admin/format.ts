// Numbers, percentages, days and times for the admin pages in the UI locale: Persian digits and
// the Solar Hijri calendar in fa (Intl with fa-IR), Russian and English conventions otherwise.
import { dateTimeFormat, formatNumber, intlTag, numberFormat, type Locale } from '@/i18n/index.ts';

export const num = (locale: Locale, value: number) => formatNumber(locale, value);

/** 0–100 → "72%" / "۷۲٪" / "72 %"; null → the given fallback. */
export function pct(locale: Locale, value: number | null | undefined, fallback = '—'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return fallback;
  return numberFormat(intlTag(locale), { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** A signed relative change, 0.35 → "+35%". */
export function change(locale: Locale, value: number): string {
  return numberFormat(intlTag(locale), {
    style: 'percent',
    maximumFractionDigits: 0,
    signDisplay: 'exceptZero',
  }).format(value);
}

export function decimal(locale: Locale, value: number | null | undefined, digits = 1, fallback = '—'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return fallback;
  return numberFormat(intlTag(locale), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** A calendar day (YYYY-MM-DD) as a date: "2 Azar 1405" in fa. */
export function day(locale: Locale, isoDay: string, style: 'short' | 'long' = 'long'): string {
  const date = new Date(`${isoDay}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  const options: Intl.DateTimeFormatOptions =
    style === 'short' ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { dateStyle: 'long', timeZone: 'UTC' };
  return dateTimeFormat(intlTag(locale), options).format(date);
}

/** An instant in the viewer's time zone, date and time. */
export function dateTime(locale: Locale, ms: number, timeZone: string): string {
  return dateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);
}

/** "GMT+3:30 (Asia/Tehran)" in the locale's digits; the zone id is isolated for rtl text. */
export function timeZoneLabel(locale: Locale, zone: string, now = Date.now()): string {
  try {
    const offset = dateTimeFormat(intlTag(locale), { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value;
    return offset ? `${offset} (\u2066${zone}\u2069)` : zone;
  } catch {
    return zone;
  }
}

/** The first `max` characters (grapheme clusters) of a text, with an ellipsis when cut. */
export function truncate(text: string, max = 90): string {
  const clusters = [...new Intl.Segmenter().segment(text)].map((s) => s.segment);
  return clusters.length > max ? `${clusters.slice(0, max).join('').trimEnd()}…` : text;
}
