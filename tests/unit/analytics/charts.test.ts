import { describe, expect, it } from 'vitest';
import { anchorFor, dailyChart, niceScale, niceStep, sparkline, trend } from '../../../src/lib/analytics/charts.ts';

describe('chart geometry', () => {
  it('rounds axes to 1, 2 or 5 × 10ⁿ', () => {
    expect([niceStep(0.3), niceStep(1), niceStep(3), niceStep(7), niceStep(12), niceStep(4000)]).toEqual([
      0.5, 1, 5, 10, 20, 5000,
    ]);
    expect(niceScale(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
    expect(niceScale(9)).toEqual({ max: 10, step: 5, ticks: [0, 5, 10] });
    expect(niceScale(137)).toEqual({ max: 150, step: 50, ticks: [0, 50, 100, 150] });
  });

  it('draws a sparkline left to right, highest value at the top', () => {
    const s = sparkline([0, 5, 10], 100, 20, 0);
    expect(s.line).toBe('M0 20 L50 10 L100 0');
    expect(s.area).toBe('M0 20 L50 10 L100 0 L100 20 L0 20 Z');
    expect(s.last).toEqual({ x: 100, y: 0 });
    expect(s.max).toBe(10);
  });

  it('draws all-zero, single-value and empty series without dividing by zero', () => {
    expect(sparkline([0, 0], 10, 10, 1).line).toBe('M1 9 L9 9');
    expect(sparkline([4], 10, 10, 1).line).toBe('M5 1');
    expect(sparkline([], 10, 10).line).toBe('');
    expect(sparkline([Number.NaN, -3, 2], 10, 10, 0).line).toBe('M0 10 L5 10 L10 0');
  });

  it('reads a trend from the two halves of a series', () => {
    expect(trend([1, 1, 2, 2])).toEqual({ direction: 'up', change: 1 });
    expect(trend([4, 4, 9, 1, 1]).direction).toBe('down');
    expect(trend([5, 5, 5, 5]).direction).toBe('flat');
    expect(trend([0, 0, 3, 3])).toEqual({ direction: 'up', change: null });
    expect(trend([0, 0])).toEqual({ direction: 'none', change: null });
    expect(trend([7]).direction).toBe('none');
  });

  it('lays out daily bars and a helpful % line with gaps on days without votes', () => {
    const chart = dailyChart(
      [
        { day: '2026-11-01', views: 10, helpful: 1, unhelpful: 1 },
        { day: '2026-11-02', views: 5, helpful: 0, unhelpful: 0 },
        { day: '2026-11-03', views: 0, helpful: 3, unhelpful: 0 },
        { day: '2026-11-04', views: 20, helpful: 1, unhelpful: 3 },
      ],
      { width: 440, height: 300, marginStart: 40, marginEnd: 0 },
    );
    expect(chart.bars).toHaveLength(4);
    // Time runs left to right.
    expect(chart.bars.map((b) => b.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    expect(chart.bars[0]!.x).toBeLessThan(chart.bars[3]!.x);
    // Heights are proportional to views on a round axis (20 → axis 20), bars stand on the baseline.
    const base = chart.views.y + chart.views.height;
    expect(chart.bars[3]!.height).toBeCloseTo(chart.views.height);
    expect(chart.bars[0]!.height).toBeCloseTo(chart.views.height / 2);
    expect(chart.bars[2]!.height).toBe(0);
    for (const bar of chart.bars) expect(bar.y + bar.height).toBeCloseTo(base);
    // 50 %, no votes (gap), 100 %, 25 %: the line restarts after the gap.
    expect(chart.dots.map((d) => d.percent)).toEqual([50, 100, 25]);
    expect(chart.percentPath.split('M')).toHaveLength(3);
    expect(chart.percentTicks.map((t) => t.value)).toEqual([0, 50, 100]);
    expect(chart.percentTicks[0]!.y).toBeGreaterThan(chart.percentTicks[2]!.y);
    // Panels do not overlap and leave room for the day labels.
    expect(chart.percent.y).toBeGreaterThan(base);
    expect(chart.percent.y + chart.percent.height).toBeLessThan(chart.height);
    expect(chart.labels[0]!.day).toBe('2026-11-01');
    expect(chart.labels.at(-1)!.day).toBe('2026-11-04');
  });

  it('labels at most maxLabels days of a long period, always the first and the last', () => {
    const points = Array.from({ length: 90 }, (_, i) => ({ day: `d${i}`, views: i, helpful: 0, unhelpful: 0 }));
    const chart = dailyChart(points, { maxLabels: 6 });
    expect(chart.labels.length).toBeLessThanOrEqual(7);
    expect(chart.labels[0]!.day).toBe('d0');
    expect(chart.labels.at(-1)!.day).toBe('d89');
    const xs = chart.labels.map((l) => l.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('anchors labels on the intended side in both directions', () => {
    expect(anchorFor('left-of', 'ltr')).toBe('end');
    expect(anchorFor('left-of', 'rtl')).toBe('start');
    expect(anchorFor('right-of', 'ltr')).toBe('start');
    expect(anchorFor('right-of', 'rtl')).toBe('end');
  });
});
