import { describe, expect, it } from 'vitest';
import { anchorFor, dailyChart, niceScale, niceStep, sparkline, trend } from '../../../src/lib/analytics/charts.ts';
import { BOM, cellText, csvFilename, csvResponse, guardFormula, spreadsheetDateTime, tableCsv, toCsv } from '../../../src/lib/analytics/csv.ts';
import { articlesDashboard, compareTranslations, parseCursor, readDashboardQuery, readInboxQuery, sortArticleRows, type ArticleRow } from '../../../src/lib/analytics/dashboard.ts';
import { recordView, recordVote } from '../../../src/lib/analytics/feedback.ts';
import { testDb } from '../helpers.ts';

describe('CSV', () => {
  it('starts with a UTF-8 byte order mark and ends rows with CRLF', () => {
    const csv = toCsv(['a', 'b'], [[1, 'x']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe('a,b\r\n1,x\r\n');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says, and keeps Persian and Russian as they are', () => {
    const csv = toCsv(['متن', 'Текст'], [['سلام، دنیا', 'он сказал "да"'], ['two\nlines', 'a,b']]);
    expect(csv.slice(1)).toBe('متن,Текст\r\nسلام، دنیا,"он сказал ""да"""\r\n"two\nlines","a,b"\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const evil of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1', '  =HYPERLINK("x")', '\u200f=cmd', '\u202b-1']) {
      expect(guardFormula(evil), JSON.stringify(evil)).toBe(`'${evil}`);
    }
    for (const safe of ['hello', 'مشتری عصبانی', 'злой клиент', 'a=b', '1-2', "'=already", '']) {
      expect(guardFormula(safe)).toBe(safe);
    }
    // Inside a quoted cell the guard still applies.
    expect(toCsv(['q'], [['=HYPERLINK("http://x","y")']]).slice(1)).toBe('q\r\n"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it('leaves numbers as numbers (negative too) and writes empty cells for missing values', () => {
    expect(cellText(-5)).toBe('-5');
    expect(cellText('-5')).toBe("'-5");
    expect(cellText(72.5)).toBe('72.5');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText(Number.NaN)).toBe('');
  });

  it('builds a document from column definitions', () => {
    const csv = tableCsv(
      [
        { header: 'Query', value: (r: { q: string; n: number }) => r.q },
        { header: 'Searches', value: (r) => r.n },
      ],
      [
        { q: '@admin', n: 3 },
        { q: 'refund', n: 1 },
      ],
    );
    expect(csv).toBe(`${BOM}Query,Searches\r\n'@admin,3\r\nrefund,1\r\n`);
  });

  it('names files in plain ASCII and answers as an attachment', async () => {
    expect(csvFilename('articles', '2026-11-01', '2026-11-30')).toBe('pasokh-articles-2026-11-01-2026-11-30.csv');
    expect(csvFilename('search', 'top', 'fa', '', 'x/../y')).toBe('pasokh-search-top-fa-x-y.csv');
    const response = csvResponse(toCsv(['a'], []), 'pasokh-a.csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="pasokh-a.csv"');
    expect(new Uint8Array(await response.arrayBuffer()).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('writes instants as local date and time', () => {
    expect(spreadsheetDateTime(Date.parse('2026-11-23T20:45:00Z'), 'Asia/Tehran')).toBe('2026-11-24 00:15');
    expect(spreadsheetDateTime(Date.parse('2026-11-23T20:45:00Z'), 'UTC')).toBe('2026-11-23 20:45');
    expect(spreadsheetDateTime(null)).toBe('');
  });
});

describe('chart geometry', () => {
  it('rounds axes to 1, 2 or 5 × 10ⁿ', () => {
    expect([niceStep(0.3), niceStep(1), niceStep(3), niceStep(7), niceStep(12), niceStep(4000)]).toEqual([0.5, 1, 5, 10, 20, 5000]);
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

describe('dashboard query parameters', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const q = (search: string) => readDashboardQuery(new URLSearchParams(search), 'fa', ['agent-skills'], now);

  it('falls back to defaults for anything unknown or malformed', () => {
    const bad = q('sort=DROP TABLE&dir=sideways&locale=xx&category=nope&period=9999&tz=Mars/Olympus');
    expect(bad.sort).toBe('views');
    expect(bad.dir).toBe('desc');
    expect(bad.locale).toBeUndefined();
    expect(bad.category).toBeUndefined();
    expect(bad.period.preset).toBe('30');
    expect(bad.period.timeZone).toBe('Asia/Tehran');
    expect(q('').period.timeZone).toBe('Asia/Tehran');
    expect(readDashboardQuery(new URLSearchParams(''), 'ru', [], now).period.timeZone).toBe('Europe/Moscow');
    expect(readDashboardQuery(new URLSearchParams(''), 'en', [], now).period.timeZone).toBe('UTC');
  });

  it('accepts good values, with the text columns sorting A→Z by default', () => {
    const good = q('sort=title&locale=ru&category=agent-skills&period=7&tz=Europe/Berlin');
    expect([good.sort, good.dir, good.locale, good.category, good.period.preset, good.period.timeZone]).toEqual(['title', 'asc', 'ru', 'agent-skills', '7', 'Europe/Berlin']);
  });

  it('says when custom dates are garbage, reversed or too far apart', () => {
    expect(q('period=custom&from=2026-11-01&to=2026-11-10').period).toMatchObject({ preset: 'custom', valid: true, fromDay: '2026-11-01', toDay: '2026-11-10' });
    for (const bad of ['from=yesterday&to=today', 'from=2026-11-10&to=2026-11-01', 'from=2020-01-01&to=2026-01-01', 'from=2026-13-45&to=2026-14-01', `from=${'9'.repeat(5000)}`]) {
      expect(q(`period=custom&${bad}`).period, bad).toMatchObject({ preset: '30', valid: false });
    }
  });

  it('reads keyset cursors and ignores broken or huge ones', () => {
    expect(parseCursor('1763900000000.42')).toEqual({ updatedAt: 1763900000000, id: 42 });
    for (const bad of ['', 'abc', '1.2.3', '-1.5', '1e30.1', '99999999999999999999.1', '999999999999999.1', '5.0', '1.99999999999999999']) expect(parseCursor(bad), bad).toBeUndefined();
    expect(readInboxQuery(new URLSearchParams('status=spam&locale=de&before=x'))).toEqual({ status: undefined, locale: undefined, before: undefined });
    expect(readInboxQuery(new URLSearchParams('status=fixed&locale=fa'))).toMatchObject({ status: 'fixed', locale: 'fa' });
  });
});

describe('translations side by side', () => {
  const entry = (percent: number | null, votes: number) => ({ id: 'x', title: 'x', percent, votes, behind: undefined });

  it('marks a translation at least 15 points below the best, both with at least 5 votes', () => {
    const [group] = compareTranslations([{ key: 'k', category: 'c', entries: { fa: entry(90, 20), ru: entry(70, 10), en: entry(80, 5) } }]);
    expect(group!.best).toBe('fa');
    expect(group!.entries.ru!.behind).toBe(20);
    expect(group!.entries.en!.behind).toBeUndefined(); // 10 points: within the margin
    expect(group!.lagging).toBe(true);
  });

  it('does not judge translations with too few votes, or compare against a best with too few', () => {
    const [few] = compareTranslations([{ key: 'k', category: 'c', entries: { fa: entry(100, 4), ru: entry(50, 10), en: entry(60, 4) } }]);
    expect(few!.best).toBe('ru');
    expect(few!.lagging).toBe(false);
    const [none] = compareTranslations([{ key: 'k', category: 'c', entries: { fa: entry(null, 0) } }]);
    expect(none!.best).toBeUndefined();
    expect(none!.lagging).toBe(false);
  });
});

describe('articles dashboard', () => {
  const articles = [
    { id: 'fa/agent-skills/patience-and-empathy', locale: 'fa' as const, category: 'agent-skills', slug: 'patience-and-empathy', title: 'صبر و همدلی', translationKey: 'patience' },
    { id: 'ru/agent-skills/patience-and-empathy', locale: 'ru' as const, category: 'agent-skills', slug: 'patience-and-empathy', title: 'Терпение и эмпатия', translationKey: 'patience' },
    { id: 'en/team-building/hiring-support-agents', locale: 'en' as const, category: 'team-building', slug: 'hiring-support-agents', title: 'Hiring', translationKey: 'hiring' },
  ];
  const period = { fromMs: Date.parse('2026-11-01T00:00:00Z'), toMs: Date.parse('2026-11-04T00:00:00Z'), fromDay: '2026-11-01', toDay: '2026-11-03', timeZone: 'UTC' };

  it('builds rows, daily totals and the translation comparison from the rollups', async () => {
    const db = await testDb();
    const [fa, ru] = [articles[0]!.id, articles[1]!.id];
    for (let i = 0; i < 6; i++) await recordVote(db, { article: fa, helpful: 'yes', visitor: `f${i}` }, Date.parse('2026-11-02T10:00:00Z'));
    for (let i = 0; i < 6; i++) await recordVote(db, { article: ru, helpful: i < 2 ? 'yes' : 'no', reason: i < 2 ? undefined : 'unclear', visitor: `r${i}` }, Date.parse('2026-11-02T11:00:00Z'));
    await recordVote(db, { article: ru, helpful: 'no', reason: 'missing', comment: '=cmd|calc', visitor: 'r9' }, Date.parse('2026-11-03T09:00:00Z'));
    await recordView(db, { article: fa, visitor: 'a' }, Date.parse('2026-11-01T08:00:00Z'));
    await recordView(db, { article: fa, visitor: 'a' }, Date.parse('2026-11-03T08:00:00Z'));
    await recordView(db, { article: fa, visitor: 'b' }, Date.parse('2026-11-03T09:00:00Z'));

    const data = await articlesDashboard(db, articles, { locale: undefined, category: undefined, period });
    expect(data.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    const faRow = data.rows.find((r) => r.id === fa)!;
    expect([faRow.views, faRow.votes, faRow.percent, faRow.series]).toEqual([3, 6, 100, [1, 0, 2]]);
    const ruRow = data.rows.find((r) => r.id === ru)!;
    expect(ruRow.reasons).toEqual([
      { reason: 'unclear', count: 4 },
      { reason: 'missing', count: 1 },
    ]);
    expect(ruRow.lastComment?.text).toBe('=cmd|calc');
    expect(data.totals).toMatchObject({ articles: 3, views: 3, votes: 13, helpful: 8, unhelpful: 5 });
    expect(data.daily.map((d) => d.views)).toEqual([1, 0, 2]);
    const patience = data.translations.find((g) => g.key === 'patience')!;
    expect(patience.lagging).toBe(true);
    expect(patience.entries.ru!.behind).toBeCloseTo(100 - (2 / 7) * 100);

    // The locale filter narrows the rows, never the translation comparison.
    const onlyRu = await articlesDashboard(db, articles, { locale: 'ru', category: 'agent-skills', period });
    expect(onlyRu.rows.map((r) => r.id)).toEqual([ru]);
    expect(onlyRu.translations.map((g) => g.key)).toEqual(['patience']);
  });

  it('sorts by any column, rows without a value last in both directions', () => {
    const row = (id: string, views: number, percent: number | null, at?: number): ArticleRow => ({
      id,
      title: id,
      locale: 'en',
      category: 'c',
      slug: id,
      views,
      votes: percent === null ? 0 : 1,
      helpful: 0,
      unhelpful: 0,
      percent,
      series: [],
      trend: { direction: 'none', change: null },
      reasons: [],
      lastComment: at ? { text: 't', at, helpful: true } : undefined,
    });
    const rows = [row('b', 5, null), row('a', 9, 50, 2), row('c', 1, 80, 1)];
    expect(sortArticleRows(rows, 'views', 'desc').map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(sortArticleRows(rows, 'helpful', 'desc').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortArticleRows(rows, 'helpful', 'asc').map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(sortArticleRows(rows, 'comment', 'asc').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortArticleRows(rows, 'title', 'desc').map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});
