// Geometry for the dashboard's server-rendered SVG charts: plain numbers in, coordinates and
// path strings out, so the drawing is testable without rendering. Time always runs left to
// right inside a chart (as in Persian analytics tools too); the page must not mirror the SVG.

const round = (n: number) => Math.round(n * 100) / 100;

/** The smallest 1, 2 or 5 × 10ⁿ that is ≥ value (value > 0). */
export function niceStep(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= value - 1e-9) return m * magnitude;
  return 10 * magnitude;
}

/** An axis from 0 to a round maximum ≥ max, with at most `count` steps; integers only. */
export function niceScale(max: number, count = 4): { max: number; step: number; ticks: number[] } {
  const step = Math.max(1, niceStep((Number.isFinite(max) && max > 0 ? max : 1) / count));
  const top = Math.max(step, Math.ceil((Number.isFinite(max) && max > 0 ? max : 1) / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push(round(v));
  return { max: top, step, ticks };
}

export interface Sparkline {
  /** Polyline path (`M x y L x y …`), empty without data. */
  line: string;
  /** The same line closed down to the baseline, for a soft fill. */
  area: string;
  /** The last point, to mark "now". */
  last?: { x: number; y: number } | undefined;
  max: number;
}

/** A small line over `values` (≥ 0) in a width × height box, with `pad` of room at every edge. */
export function sparkline(values: readonly number[], width = 96, height = 24, pad = 2): Sparkline {
  const clean = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  if (!clean.length) return { line: '', area: '', max: 0 };
  const max = Math.max(...clean);
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const baseline = height - pad;
  const points = clean.map((v, i) => ({
    x: round(clean.length === 1 ? width / 2 : pad + (i * innerW) / (clean.length - 1)),
    y: round(max ? baseline - (v / max) * innerH : baseline),
  }));
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ');
  const first = points[0]!;
  const last = points.at(-1)!;
  const area = `${line} L${last.x} ${baseline} L${first.x} ${baseline} Z`;
  return { line, area, last, max };
}

export type TrendDirection = 'up' | 'down' | 'flat' | 'none';

/**
 * Compares the second half of a series with the first (the middle value of an odd series is
 * left out): up or down when they differ by more than `threshold` (a share, 0.15 = 15 %).
 * `change` is the relative change, or null when the first half is empty.
 */
export function trend(
  values: readonly number[],
  threshold = 0.15,
): { direction: TrendDirection; change: number | null } {
  const half = Math.floor(values.length / 2);
  if (half === 0) return { direction: 'none', change: null };
  const sum = (list: readonly number[]) => list.reduce((n, v) => n + (Number.isFinite(v) ? v : 0), 0);
  const before = sum(values.slice(0, half));
  const after = sum(values.slice(values.length - half));
  if (before === 0 && after === 0) return { direction: 'none', change: null };
  if (before === 0) return { direction: 'up', change: null };
  const change = (after - before) / before;
  return { direction: change > threshold ? 'up' : change < -threshold ? 'down' : 'flat', change };
}

export interface DailyPoint {
  day: string;
  views: number;
  helpful: number;
  unhelpful: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DailyChart {
  width: number;
  height: number;
  views: Rect;
  percent: Rect;
  bars: (Rect & { day: string; views: number })[];
  viewTicks: { value: number; y: number }[];
  percentTicks: { value: number; y: number }[];
  /** Helpful % per day as a path; days without votes break the line. */
  percentPath: string;
  dots: { x: number; y: number; day: string; percent: number }[];
  /** Days to label on the time axis: first, last and evenly spaced ones between. */
  labels: { x: number; day: string }[];
}

/**
 * Two panels over the same days: bars of daily views on top, helpful % (0–100) below.
 * `marginStart` leaves room on the left for the value labels.
 */
export function dailyChart(
  points: readonly DailyPoint[],
  options: { width?: number; height?: number; marginStart?: number; marginEnd?: number; maxLabels?: number } = {},
): DailyChart {
  const width = options.width ?? 720;
  const height = options.height ?? 300;
  const left = options.marginStart ?? 56;
  const right = options.marginEnd ?? 16;
  const plotW = width - left - right;
  // Vertical layout: title, views panel, title, percent panel, day labels.
  const views: Rect = { x: left, y: 26, width: plotW, height: round((height - 26 - 30 - 30) * 0.68) };
  const percentTop = views.y + views.height + 30;
  const percent: Rect = { x: left, y: percentTop, width: plotW, height: round(height - percentTop - 30) };
  const n = points.length;
  const slot = n ? plotW / n : plotW;
  const centre = (i: number) => round(left + slot * i + slot / 2);
  const scale = niceScale(Math.max(0, ...points.map((p) => p.views)));
  const barW = round(Math.max(1, Math.min(slot * 0.7, 28)));
  const bars = points.map((p, i) => {
    const h = round((Math.max(0, p.views) / scale.max) * views.height);
    return {
      x: round(centre(i) - barW / 2),
      y: round(views.y + views.height - h),
      width: barW,
      height: h,
      day: p.day,
      views: p.views,
    };
  });
  const viewTicks = scale.ticks.map((value) => ({
    value,
    y: round(views.y + views.height - (value / scale.max) * views.height),
  }));
  const percentTicks = [0, 50, 100].map((value) => ({
    value,
    y: round(percent.y + percent.height - (value / 100) * percent.height),
  }));
  const dots: DailyChart['dots'] = [];
  const segments: string[] = [];
  let open = false;
  points.forEach((p, i) => {
    const votes = p.helpful + p.unhelpful;
    if (votes <= 0) {
      open = false;
      return;
    }
    const value = (p.helpful / votes) * 100;
    const dot = {
      x: centre(i),
      y: round(percent.y + percent.height - (value / 100) * percent.height),
      day: p.day,
      percent: value,
    };
    dots.push(dot);
    segments.push(`${open ? 'L' : 'M'}${dot.x} ${dot.y}`);
    open = true;
  });
  const maxLabels = Math.max(2, options.maxLabels ?? 6);
  const labels: DailyChart['labels'] = [];
  if (n) {
    const every = Math.max(1, Math.ceil((n - 1) / (maxLabels - 1)));
    for (let i = 0; i < n; i += every) labels.push({ x: centre(i), day: points[i]!.day });
    const lastIndex = n - 1;
    const lastLabel = labels.at(-1)!;
    if (lastLabel.day !== points[lastIndex]!.day) {
      // Keep the last day; drop the one before it when they would touch.
      if (centre(lastIndex) - lastLabel.x < slot * every * 0.6 && labels.length > 1) labels.pop();
      labels.push({ x: centre(lastIndex), day: points[lastIndex]!.day });
    }
  }
  return {
    width,
    height,
    views,
    percent,
    bars,
    viewTicks,
    percentTicks,
    percentPath: segments.join(' '),
    dots,
    labels,
  };
}

/**
 * SVG text-anchor for a label that should sit on one side of x, whatever the text direction:
 * in right-to-left text "start" is the right edge.
 */
export function anchorFor(side: 'left-of' | 'right-of', dir: 'ltr' | 'rtl'): 'start' | 'end' {
  const endIsRight = dir === 'ltr';
  // left-of x: the text's right edge touches x.
  if (side === 'left-of') return endIsRight ? 'end' : 'start';
  return endIsRight ? 'start' : 'end';
}
