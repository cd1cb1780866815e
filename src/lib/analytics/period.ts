// Report periods in the viewer's time zone: "the last 7 days" in Tehran (UTC+3:30) starts at a
// different instant than in Moscow or London. Plain Intl for zones; days are ISO (Gregorian)
// YYYY-MM-DD everywhere inside (URLs, CSV, queries). Persian readers type custom dates in the
// Solar Hijri calendar; jalaali-js converts them (a maintained, dependency-free library, exact
// over the years anyone will type).
import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import { dateTimeFormat } from '../../i18n/locales.ts';

export const periodPresets = ['7', '30', '90'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

export interface Period {
  /** Inclusive start and exclusive end, Unix ms. */
  fromMs: number;
  toMs: number;
  /** First and last local day, YYYY-MM-DD, both inclusive. */
  fromDay: string;
  toDay: string;
  timeZone: string;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The local calendar day of an instant, YYYY-MM-DD. */
export function localDay(ms: number, timeZone: string): string {
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The instant a local day begins in a time zone. */
export function startOfLocalDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(y, m - 1, d);
  // Twice: the offset at the guess may differ from the offset at the answer around DST changes.
  const guess = wallMidnight - offsetAt(wallMidnight, timeZone);
  return wallMidnight - offsetAt(guess, timeZone);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export type Calendar = 'gregorian' | 'persian';

/** Why a typed day was refused; `monthLength` when the day is past the end of its month. */
export type DayProblem =
  { kind: 'empty' | 'format' } | { kind: 'day'; year: number; month: number; monthLength?: number; calendar: Calendar };

/** What is wrong with a custom range, for the field that shows it. */
export type PeriodProblem = ({ field: 'from' | 'to' } & DayProblem) | { field: 'to'; kind: 'order' | 'length' };

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
/** Gregorian years are 1700 and later; a four-digit year before that is a Solar Hijri one (now ~1400). */
const FIRST_GREGORIAN_YEAR = 1700;

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits as ASCII. */
export const asciiDigits = (text: string) =>
  text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) & 0xf));

/**
 * A typed day as ISO YYYY-MM-DD. ISO days are always accepted (shared links, CSV); with the
 * Persian calendar, `1403/05/21` (any digits, `/` or `-`) is a Solar Hijri day.
 */
export function parseDay(input: string | undefined, calendar: Calendar): { day: string } | { problem: DayProblem } {
  const text = asciiDigits((input ?? '').trim()).replace(/[\u200E\u200F\u061C]/g, '');
  if (!text) return { problem: { kind: 'empty' } };
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(text);
  if (!match) return { problem: { kind: 'format' } };
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y >= FIRST_GREGORIAN_YEAR) {
    const date = new Date(Date.UTC(y, m - 1, d));
    if (m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1) return { day: isoDay(y, m, d) };
    return {
      problem: {
        kind: 'day',
        year: y,
        month: m,
        calendar: 'gregorian',
        ...(m >= 1 && m <= 12 ? { monthLength: new Date(Date.UTC(y, m, 0)).getUTCDate() } : {}),
      },
    };
  }
  if (calendar !== 'persian') return { problem: { kind: 'format' } };
  if (!isValidJalaaliDate(y, m, d))
    return {
      problem: {
        kind: 'day',
        year: y,
        month: m,
        calendar: 'persian',
        ...(m >= 1 && m <= 12 ? { monthLength: jalaaliMonthLength(y, m) } : {}),
      },
    };
  const g = toGregorian(y, m, d);
  return { day: isoDay(g.gy, g.gm, g.gd) };
}

/** The ISO day a month begins, in either calendar (for naming the month in a message). */
export function monthStart(year: number, month: number, calendar: Calendar): string {
  if (calendar === 'gregorian') return isoDay(year, month, 1);
  const g = toGregorian(year, month, 1);
  return isoDay(g.gy, g.gm, g.gd);
}

/** An ISO day as the Solar Hijri `1403/05/21`, ASCII digits (the page puts them in the locale's). */
export function persianDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const j = toJalaali(y, m, d);
  return `${j.jy}/${pad(j.jm)}/${pad(j.jd)}`;
}

/**
 * The last N local days up to and including today, or a custom range of local days. A custom
 * range with a bad or reversed date falls back to the last 30 days (`valid: false` tells, and
 * `problem` says why); `typed` keeps what was typed, to show it again. `converted` is set when a
 * typed Solar Hijri day had to be turned into ISO, so the page can move to the ISO address.
 */
export type ResolvedPeriod = Period & {
  preset: PeriodPreset | 'custom';
  valid: boolean;
  problem?: PeriodProblem;
  typed?: { from: string; to: string };
  converted?: boolean;
};

export function resolvePeriod(
  input: {
    preset?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    timeZone: string;
    calendar?: Calendar;
  },
  now = Date.now(),
): ResolvedPeriod {
  const timeZone = isTimeZone(input.timeZone) ? input.timeZone : 'UTC';
  const today = localDay(now, timeZone);
  const span = (fromDay: string, toDay: string) => ({
    fromMs: startOfLocalDay(fromDay, timeZone),
    toMs: startOfLocalDay(addDays(toDay, 1), timeZone),
    fromDay,
    toDay,
    timeZone,
  });
  if (input.preset === 'custom') {
    const typed = { from: (input.from ?? '').slice(0, 40), to: (input.to ?? '').slice(0, 40) };
    const calendar = input.calendar ?? 'gregorian';
    const from = parseDay(typed.from, calendar);
    const to = parseDay(typed.to, calendar);
    const problem: PeriodProblem | undefined =
      'problem' in from
        ? { field: 'from', ...from.problem }
        : 'problem' in to
          ? { field: 'to', ...to.problem }
          : from.day > to.day
            ? { field: 'to', kind: 'order' }
            : addDays(from.day, 366) < to.day
              ? { field: 'to', kind: 'length' }
              : undefined;
    if (!problem && 'day' in from && 'day' in to) {
      const converted = from.day !== typed.from || to.day !== typed.to;
      return { ...span(from.day, to.day), preset: 'custom', valid: true, ...(converted ? { converted } : {}) };
    }
    return { ...span(addDays(today, -29), today), preset: '30', valid: false, ...(problem ? { problem } : {}), typed };
  }
  const preset = (periodPresets as readonly string[]).includes(input.preset ?? '')
    ? (input.preset as PeriodPreset)
    : '30';
  return { ...span(addDays(today, -(Number(preset) - 1)), today), preset, valid: true };
}
