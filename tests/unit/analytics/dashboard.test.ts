import { describe, expect, it } from 'vitest';
import {
  articleColumns,
  articlesDashboard,
  compareTranslations,
  parseCursor,
  readDashboardQuery,
  readInboxQuery,
  sortArticleRows,
  type ArticleRow,
} from '../../../src/lib/analytics/dashboard.ts';
import { recordView, recordVote } from '../../../src/lib/analytics/feedback.ts';
import { testDb } from '../helpers.ts';

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
    expect([good.sort, good.dir, good.locale, good.category, good.period.preset, good.period.timeZone]).toEqual([
      'title',
      'asc',
      'ru',
      'agent-skills',
      '7',
      'Europe/Berlin',
    ]);
  });

  it('says when custom dates are garbage, reversed or too far apart', () => {
    expect(q('period=custom&from=2026-11-01&to=2026-11-10').period).toMatchObject({
      preset: 'custom',
      valid: true,
      fromDay: '2026-11-01',
      toDay: '2026-11-10',
    });
    for (const bad of [
      'from=yesterday&to=today',
      'from=2026-11-10&to=2026-11-01',
      'from=2020-01-01&to=2026-01-01',
      'from=2026-13-45&to=2026-14-01',
      `from=${'9'.repeat(5000)}`,
    ]) {
      expect(q(`period=custom&${bad}`).period, bad).toMatchObject({ preset: '30', valid: false });
    }
  });

  it('reads keyset cursors and ignores broken or huge ones', () => {
    expect(parseCursor('1763900000000.42')).toEqual({ updatedAt: 1763900000000, id: 42 });
    for (const bad of [
      '',
      'abc',
      '1.2.3',
      '-1.5',
      '1e30.1',
      '99999999999999999999.1',
      '999999999999999.1',
      '5.0',
      '1.99999999999999999',
    ])
      expect(parseCursor(bad), bad).toBeUndefined();
    expect(readInboxQuery(new URLSearchParams('status=spam&locale=de&before=x'))).toEqual({
      status: undefined,
      locale: undefined,
      before: undefined,
    });
    expect(readInboxQuery(new URLSearchParams('status=fixed&locale=fa'))).toMatchObject({
      status: 'fixed',
      locale: 'fa',
    });
  });
});

describe('translations side by side', () => {
  const entry = (percent: number | null, votes: number) => ({ id: 'x', title: 'x', percent, votes, behind: undefined });

  it('marks a translation at least 15 points below the best, both with at least 5 votes', () => {
    const [group] = compareTranslations([
      { key: 'k', category: 'c', entries: { fa: entry(90, 20), ru: entry(70, 10), en: entry(80, 5) } },
    ]);
    expect(group!.best).toBe('fa');
    expect(group!.entries.ru!.behind).toBe(20);
    expect(group!.entries.en!.behind).toBeUndefined(); // 10 points: within the margin
    expect(group!.lagging).toBe(true);
  });

  it('does not judge translations with too few votes, or compare against a best with too few', () => {
    const [few] = compareTranslations([
      { key: 'k', category: 'c', entries: { fa: entry(100, 4), ru: entry(50, 10), en: entry(60, 4) } },
    ]);
    expect(few!.best).toBe('ru');
    expect(few!.lagging).toBe(false);
    const [none] = compareTranslations([{ key: 'k', category: 'c', entries: { fa: entry(null, 0) } }]);
    expect(none!.best).toBeUndefined();
    expect(none!.lagging).toBe(false);
  });
});

describe('articles dashboard', () => {
  const articles = [
    {
      id: 'fa/agent-skills/patience-and-empathy',
      locale: 'fa' as const,
      category: 'agent-skills',
      slug: 'patience-and-empathy',
      title: 'صبر و همدلی',
      translationKey: 'patience',
    },
    {
      id: 'ru/agent-skills/patience-and-empathy',
      locale: 'ru' as const,
      category: 'agent-skills',
      slug: 'patience-and-empathy',
      title: 'Терпение и эмпатия',
      translationKey: 'patience',
    },
    {
      id: 'en/team-building/hiring-support-agents',
      locale: 'en' as const,
      category: 'team-building',
      slug: 'hiring-support-agents',
      title: 'Hiring',
      translationKey: 'hiring',
    },
  ];
  const period = {
    fromMs: Date.parse('2026-11-01T00:00:00Z'),
    toMs: Date.parse('2026-11-04T00:00:00Z'),
    fromDay: '2026-11-01',
    toDay: '2026-11-03',
    timeZone: 'UTC',
  };

  it('builds rows, daily totals and the translation comparison from the rollups', async () => {
    const db = await testDb();
    const [fa, ru] = [articles[0]!.id, articles[1]!.id];
    for (let i = 0; i < 6; i++)
      await recordVote(db, { article: fa, helpful: 'yes', visitor: `f${i}` }, Date.parse('2026-11-02T10:00:00Z'));
    for (let i = 0; i < 6; i++)
      await recordVote(
        db,
        { article: ru, helpful: i < 2 ? 'yes' : 'no', reason: i < 2 ? undefined : 'unclear', visitor: `r${i}` },
        Date.parse('2026-11-02T11:00:00Z'),
      );
    await recordVote(
      db,
      { article: ru, helpful: 'no', reason: 'missing', comment: '=cmd|calc', visitor: 'r9' },
      Date.parse('2026-11-03T09:00:00Z'),
    );
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

describe('articles table columns', () => {
  it('labels each sortable column by its key, but the title and the last comment, and right-aligns the figures', () => {
    expect(articleColumns.map((c) => c.key)).toEqual([
      'title',
      'locale',
      'category',
      'views',
      'votes',
      'helpful',
      'trend',
      'reasons',
      'comment',
    ]);
    expect(articleColumns.find((c) => c.key === 'title')!.label).toBe('admin.col.article');
    expect(articleColumns.find((c) => c.key === 'comment')!.label).toBe('admin.col.lastComment');
    expect(articleColumns.find((c) => c.key === 'trend')!.label).toBe('admin.col.trend');
    expect(articleColumns.filter((c) => c.numeric).map((c) => c.key)).toEqual(['views', 'votes', 'helpful']);
  });
});
