// The contact dashboard's chart and trend lines (lib/contact/metrics.ts contactTrends): flows
// started are the bars, deflected ones the "helpful" share, and each funnel figure's line
// carries its total and its direction over the period.
import { describe, expect, it } from 'vitest';
import { contactTrends } from '../../../src/lib/contact/metrics.ts';

const funnel = { started: 10, deflected: 4, submitted: 3 } as Parameters<typeof contactTrends>[0]['funnel'];

describe('contact trends', () => {
  it('draws started flows as bars and the deflected share as the line', () => {
    const { points, series } = contactTrends({
      funnel,
      days: [
        { day: '2026-11-01', started: 2, deflected: 0, submitted: 2 },
        { day: '2026-11-02', started: 8, deflected: 4, submitted: 1 },
      ],
    });
    expect(points).toEqual([
      { day: '2026-11-01', views: 2, helpful: 0, unhelpful: 2 },
      { day: '2026-11-02', views: 8, helpful: 4, unhelpful: 4 },
    ]);
    expect(series.map((s) => [s.label, s.total, s.values, s.trend.direction])).toEqual([
      ['admin.contact.started', 10, [2, 8], 'up'],
      ['admin.contact.deflected', 4, [0, 4], 'up'],
      ['admin.contact.submitted', 3, [2, 1], 'down'],
    ]);
  });

  it('has no direction without days', () => {
    const { points, series } = contactTrends({ funnel, days: [] });
    expect(points).toEqual([]);
    expect(series.map((s) => s.trend)).toEqual(Array(3).fill({ direction: 'none', change: null }));
  });
});
