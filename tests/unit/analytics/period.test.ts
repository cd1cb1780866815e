// Custom report dates: Persian readers type them in the Solar Hijri calendar (Persian, Arabic-Indic
// or Latin digits); inside, days stay ISO (Gregorian). Known anchors: Nowruz 1403 was 20 March
// 2024, Nowruz 1404 was 21 March 2025; 1403 is a leap year (Esfand has 30 days), 1404 is not.
import { describe, expect, it } from 'vitest';
import { readDashboardQuery } from '../../../src/lib/analytics/dashboard.ts';

const now = Date.parse('2026-11-23T12:00:00Z');
const period = (locale: 'fa' | 'ru' | 'en', from: string, to: string) =>
  readDashboardQuery(new URLSearchParams({ period: 'custom', from, to }), locale, [], now).period;

describe('custom dates in the Solar Hijri calendar (fa)', () => {
  it('converts typed Solar Hijri days to ISO, in any digits and with / or -', () => {
    for (const [from, to] of [
      ['۱۴۰۳/۰۱/۰۱', '۱۴۰۳/۱۲/۳۰'],
      ['١٤٠٣/٠١/٠١', '١٤٠٣/١٢/٣٠'],
      ['1403/1/1', '1403-12-30'],
      [' ۱۴۰۳/۰۱/۰۱ ', '\u200F۱۴۰۳/۱۲/۳۰'],
    ]) {
      expect(period('fa', from!, to!), `${from} – ${to}`).toMatchObject({
        preset: 'custom',
        valid: true,
        fromDay: '2024-03-20',
        toDay: '2025-03-20',
        converted: true,
      });
    }
    expect(period('fa', '۱۴۰۴/۰۱/۰۱', '۱۴۰۴/۰۱/۰۱')).toMatchObject({
      valid: true,
      fromDay: '2025-03-21',
      toDay: '2025-03-21',
    });
  });

  it('ISO days still work (shared links, CSV) and need no move', () => {
    const p = period('fa', '2026-11-01', '2026-11-10');
    expect(p).toMatchObject({ valid: true, fromDay: '2026-11-01', toDay: '2026-11-10' });
    expect(p.converted).toBeUndefined();
  });

  it('refuses days that do not exist, text and reversed ranges, says why and keeps what was typed', () => {
    expect(period('fa', '۱۴۰۴/۱۲/۳۰', '۱۴۰۵/۰۱/۰۵')).toMatchObject({
      valid: false,
      preset: '30',
      problem: { field: 'from', kind: 'day', year: 1404, month: 12, monthLength: 29, calendar: 'persian' },
      typed: { from: '۱۴۰۴/۱۲/۳۰', to: '۱۴۰۵/۰۱/۰۵' },
    });
    expect(period('fa', '۱۴۰۳/۰۱/۰۱', '۱۴۰۳/۱۲/۳۱')).toMatchObject({
      valid: false,
      problem: { field: 'to', kind: 'day', monthLength: 30 },
    });
    expect(period('fa', '۱۴۰۳/۱۳/۰۱', '۱۴۰۳/۰۱/۰۱').problem).toMatchObject({ field: 'from', kind: 'day', month: 13 });
    expect(period('fa', 'دیروز', '۱۴۰۳/۰۱/۰۱')).toMatchObject({
      valid: false,
      problem: { field: 'from', kind: 'format' },
      typed: { from: 'دیروز' },
    });
    expect(period('fa', '', '۱۴۰۳/۰۱/۰۱').problem).toEqual({ field: 'from', kind: 'empty' });
    expect(period('fa', '۱۴۰۳/۰۲/۱۰', '۱۴۰۳/۰۲/۰۱').problem).toEqual({ field: 'to', kind: 'order' });
    expect(period('fa', '۱۴۰۲/۰۱/۰۱', '۱۴۰۴/۰۱/۰۱').problem).toEqual({ field: 'to', kind: 'length' });
  });
});

describe('custom dates in ru and en stay Gregorian', () => {
  it('ISO only: a Solar Hijri day is not read as one', () => {
    expect(period('ru', '2026-02-01', '2026-02-28')).toMatchObject({
      valid: true,
      fromDay: '2026-02-01',
      toDay: '2026-02-28',
    });
    expect(period('en', '1403/01/01', '1403/01/10').problem).toMatchObject({ field: 'from', kind: 'format' });
    expect(period('ru', '2026-02-01', '2026-02-30').problem).toMatchObject({
      field: 'to',
      kind: 'day',
      monthLength: 28,
      calendar: 'gregorian',
    });
  });
});
