// Report periods in the viewer's time zone: "the last 7 days" in Tehran (UTC+3:30) starts at a
// different instant than in Moscow or London. Plain Intl, no date library.
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
  const parts = dateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(ms);
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

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string | undefined): value is string => Boolean(value && DAY_PATTERN.test(value) && !Number.isNaN(Date.parse(value)));

/**
 * The last N local days up to and including today, or a custom range of local days. A custom
 * range with a bad or reversed date falls back to the last 30 days (`valid: false` tells).
 */
export function resolvePeriod(
  input: { preset?: string | undefined; from?: string | undefined; to?: string | undefined; timeZone: string },
  now = Date.now(),
): Period & { preset: PeriodPreset | 'custom'; valid: boolean } {
  const timeZone = isTimeZone(input.timeZone) ? input.timeZone : 'UTC';
  const today = localDay(now, timeZone);
  const span = (fromDay: string, toDay: string) => ({ fromMs: startOfLocalDay(fromDay, timeZone), toMs: startOfLocalDay(addDays(toDay, 1), timeZone), fromDay, toDay, timeZone });
  if (input.preset === 'custom') {
    const { from, to } = input;
    if (isDay(from) && isDay(to) && from <= to && addDays(from, 366) >= to) return { ...span(from, to), preset: 'custom', valid: true };
    return { ...span(addDays(today, -29), today), preset: '30', valid: false };
  }
  const preset = (periodPresets as readonly string[]).includes(input.preset ?? '') ? (input.preset as PeriodPreset) : '30';
  return { ...span(addDays(today, -(Number(preset) - 1)), today), preset, valid: true };
}
