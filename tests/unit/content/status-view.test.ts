// /admin/content/ as data (issue 19): filters read from the address, the last 30 days of votes
// per article and per language, the low-helpfulness threshold with its minimum of votes, owners
// that are no writer's username, and keyset pages.
import { afterEach, describe, expect, it } from 'vitest';
import { recordVote } from '../../../src/lib/analytics/feedback.ts';
import { translationStatus, type StatusArticle } from '../../../src/lib/content/status.ts';
import {
  contentStatusView,
  formatStatusCursor,
  LOW_HELPFUL_MIN_VOTES,
  readStatusQuery,
  STATUS_PAGE_ROWS,
  type StatusQuery,
} from '../../../src/lib/content/status-view.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { testDb, testUser } from '../helpers.ts';
import { statusArticle } from './status-fixture.ts';

const NOW = Date.parse('2026-12-05T09:00:00Z');
const DAY = 86_400_000;
let db: Db;
afterEach(async () => db?.destroy());

const article = (id: string, over: Partial<StatusArticle> = {}) => statusArticle(id, { title: id, ...over });

const fa = article('fa/skills/patience', { translationKey: 'patience', owner: 'maria', reviewBy: '2026-11-30' });
const groups = translationStatus([
  fa,
  article('ru/skills/patience', { translationKey: 'patience', translatedFrom: { locale: 'fa', hash: 'ffffffff' } }),
  article('en/skills/patience', { translationKey: 'patience', owner: 'ghost' }),
  article('fa/skills/channels', { draft: true, owner: 'maria' }),
]);

async function votes(articleId: string, yes: number, no: number, at = NOW - DAY) {
  for (let i = 0; i < yes + no; i++)
    await recordVote(
      db,
      { article: articleId, helpful: i < yes ? 'yes' : 'no', visitor: `v-${articleId}-${at}-${i}` },
      at,
    );
}

describe('readStatusQuery', () => {
  it('takes known values and drops the rest without an error', () => {
    const q = (s: string) => readStatusQuery(new URLSearchParams(s));
    expect(q('locale=ru&state=outdated&owner=maria&after=patience:en')).toEqual({
      locale: 'ru',
      state: 'outdated',
      owner: 'maria',
      after: { key: 'patience', locale: 'en' },
    });
    expect(q('locale=de&state=DROP&owner=%20%20&after=nonsense')).toEqual({
      locale: undefined,
      state: undefined,
      owner: undefined,
      after: undefined,
    });
  });
});

describe('contentStatusView', () => {
  const all: StatusQuery = { locale: undefined, state: undefined, owner: undefined, after: undefined };

  it('joins 30 days of votes: per article, per language, and the low ones from the minimum of votes up', async () => {
    db = await testDb();
    await testUser(db, 'Maria', { role: 'writer', username: 'maria' });
    await votes('fa/skills/patience', 3, 9); // 25 %, 12 votes: low
    await votes('ru/skills/patience', 1, LOW_HELPFUL_MIN_VOTES - 2); // low share, too few votes
    await votes('en/skills/patience', 9, 1);
    await votes('en/skills/patience', 0, 20, NOW - 40 * DAY); // outside the window
    const view = await contentStatusView(db, groups, all, NOW);
    const byId = new Map(view.rows.filter((r) => r.article).map((r) => [r.article!.id, r]));
    expect(byId.get('fa/skills/patience')).toMatchObject({ lowHelpful: true, helpfulness: { votes: 12, percent: 25 } });
    expect(byId.get('ru/skills/patience')).toMatchObject({ lowHelpful: false, helpfulness: { votes: 9 } });
    expect(byId.get('en/skills/patience')).toMatchObject({
      lowHelpful: false,
      helpfulness: { votes: 10, percent: 90 },
    });
    expect(view.perLocale.en).toEqual({ helpful: 9, unhelpful: 1, votes: 10, percent: 90, articles: 1 });
    // The draft is no published Persian article.
    expect(view.perLocale.fa).toMatchObject({ votes: 12, articles: 1 });
    expect(view.lowHelpful.map((r) => r.article!.id)).toEqual(['fa/skills/patience']);
    expect(view.pastReview.map((r) => r.article!.id)).toEqual(['fa/skills/patience']);
    expect(view.counts).toMatchObject({ keys: 2, outdated: 1, missing: 2, pastReview: 1, lowHelpful: 1, drafts: 1 });
    expect(view.owners).toEqual(['ghost', 'maria']);
    expect([...view.knownOwners]).toEqual(['maria']);
  });

  it('filters by language, state and owner (owners compared as usernames are)', async () => {
    db = await testDb();
    const ids = async (query: Partial<StatusQuery>) =>
      (await contentStatusView(db, groups, { ...all, ...query }, NOW)).matching.map((r) => `${r.key}:${r.locale}`);
    expect(await ids({ state: 'outdated' })).toEqual(['patience:ru']);
    expect(await ids({ state: 'missing' })).toEqual(['fa/skills/channels:ru', 'fa/skills/channels:en']);
    expect(await ids({ state: 'missing', locale: 'en' })).toEqual(['fa/skills/channels:en']);
    expect(await ids({ state: 'past-review' })).toEqual(['patience:fa']);
    expect(await ids({ state: 'draft' })).toEqual(['fa/skills/channels:fa']);
    expect(await ids({ owner: 'MARIA' })).toEqual(['fa/skills/channels:fa', 'patience:fa']);
    expect(await ids({ state: 'low-helpfulness' })).toEqual([]);
  });

  it('pages with a keyset cursor, each row once', async () => {
    db = await testDb();
    const many = translationStatus(
      Array.from({ length: 60 }, (_, i) => article(`fa/skills/a${String(i).padStart(2, '0')}`)),
    );
    const seen: string[] = [];
    let after: StatusQuery['after'];
    for (let page = 0; page < 5; page++) {
      const view = await contentStatusView(db, many, { ...all, after }, NOW);
      seen.push(...view.rows.map(formatStatusCursor));
      if (!view.nextAfter) break;
      expect(view.rows).toHaveLength(STATUS_PAGE_ROWS);
      after = readStatusQuery(new URLSearchParams({ after: view.nextAfter })).after;
    }
    expect(seen).toHaveLength(180);
    expect(new Set(seen).size).toBe(180);
  });
});
