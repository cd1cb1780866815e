// Translation status (issue 19): the content hash, original / up to date / outdated / not
// tracked / missing per key and locale, and the same read from real files on disk.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStatusArticles } from '../../../src/lib/content/sources.ts';
import {
  contentHash,
  outdatedCells,
  outdatedNotice,
  statusCounts,
  statusProblems,
  statusRows,
  translatedFromLine,
  translationStatus,
} from '../../../src/lib/content/status.ts';
import { statusArticle } from './status-fixture.ts';

const article = statusArticle;

describe('contentHash', () => {
  const body = '## Steps\n\nListen first.\n\nThen answer.';
  const hash = contentHash('Calm a customer', body);

  it('is 8 hex digits and the same every time', () => {
    expect(hash).toMatch(/^[0-9a-f]{8}$/);
    expect(contentHash('Calm a customer', body)).toBe(hash);
  });

  it('ignores line endings, trailing spaces, runs of blank lines and the edges', () => {
    expect(contentHash('Calm a customer ', `\n${body.replace(/\n/g, '\r\n')}\r\n`)).toBe(hash);
    expect(
      contentHash('Calm a customer', body.replace('first.', 'first.   ').replace('\n\nThen', '\n\n\n\nThen')),
    ).toBe(hash);
  });

  it('changes with the title or any word of the text', () => {
    expect(contentHash('Calm an angry customer', body)).not.toBe(hash);
    expect(contentHash('Calm a customer', body.replace('Then', 'Now'))).not.toBe(hash);
  });

  it('reads the same composed and decomposed Unicode as one text (NFC)', () => {
    expect(contentHash('Ёлка', 'тело')).toBe(contentHash('Ёлка'.normalize('NFD'), 'тело'));
  });
});

describe('translationStatus', () => {
  const fa = article('fa/skills/patience', { translationKey: 'patience', owner: 'maria', reviewBy: '2026-11-01' });
  const ruCurrent = article('ru/skills/patience', {
    translationKey: 'patience',
    translatedFrom: { locale: 'fa', hash: fa.hash },
  });
  const enOutdated = article('en/skills/patience', {
    translationKey: 'patience',
    translatedFrom: { locale: 'fa', hash: '00000000' },
    reviewBy: '2027-01-01',
  });

  it('tells the original, an up-to-date and an outdated translation apart', () => {
    const [group] = translationStatus([enOutdated, ruCurrent, fa]);
    expect(group!.key).toBe('patience');
    expect(group!.shared).toBe(true);
    expect(group!.category).toBe('skills');
    expect([group!.cells.fa.state, group!.cells.ru.state, group!.cells.en.state]).toEqual([
      'original',
      'current',
      'outdated',
    ]);
    expect(group!.cells.en.source?.id).toBe('fa/skills/patience');
    expect(outdatedCells([group!]).map((c) => c.article.id)).toEqual(['en/skills/patience']);
  });

  it('an edit of the original makes its translations outdated; recording its new hash makes them current again', () => {
    const edited = { ...fa, hash: contentHash(fa.title, 'A new paragraph.') };
    const [before] = translationStatus([fa, ruCurrent]);
    const [after] = translationStatus([edited, ruCurrent]);
    expect(before!.cells.ru.state).toBe('current');
    expect(after!.cells.ru.state).toBe('outdated');
    const [fixed] = translationStatus([edited, { ...ruCurrent, translatedFrom: { locale: 'fa', hash: edited.hash } }]);
    expect(fixed!.cells.ru.state).toBe('current');
    expect(translatedFromLine(edited)).toBe(`translatedFrom: { locale: fa, hash: "${edited.hash}" }`);
  });

  it('with a date instead of a hash: outdated once the original was updated after that day', () => {
    const byDate = (date: string) =>
      translationStatus([fa, { ...ruCurrent, translatedFrom: { locale: 'fa', date } }])[0]!.cells.ru.state;
    expect(byDate('2026-06-01')).toBe('current');
    expect(byDate('2026-05-31')).toBe('outdated');
  });

  it('marks missing locales, untracked translations, and keeps an article without a key on its own', () => {
    const untracked = article('ru/skills/patience', { translationKey: 'patience' });
    const alone = article('fa/kpis/channels');
    const groups = translationStatus([fa, untracked, alone]);
    expect(groups.map((g) => g.key)).toEqual(['fa/kpis/channels', 'patience']);
    const [own, pair] = groups;
    expect(own!.shared).toBe(false);
    expect([own!.cells.fa.state, own!.cells.ru.state, own!.cells.en.state]).toEqual(['original', 'missing', 'missing']);
    // Neither says which came first, so neither can be judged against the other.
    expect([pair!.cells.fa.state, pair!.cells.ru.state, pair!.cells.en.state]).toEqual([
      'untracked',
      'untracked',
      'missing',
    ]);
    expect(statusCounts(groups)).toEqual({
      keys: 2,
      original: 1,
      current: 0,
      outdated: 0,
      untracked: 2,
      missing: 3,
    });
  });

  it('names a translatedFrom that points at nothing or at its own language', () => {
    const groups = translationStatus([
      article('ru/skills/a', { translationKey: 'a', translatedFrom: { locale: 'fa', hash: '12345678' } }),
      article('en/skills/b', { translationKey: 'b', translatedFrom: { locale: 'en', hash: '12345678' } }),
    ]);
    expect(statusProblems(groups)).toEqual([
      { file: 'content/articles/ru/skills/a.mdx', message: 'translatedFrom: no fa article has translationKey "a"' },
      {
        file: 'content/articles/en/skills/b.mdx',
        message: "translatedFrom names the article's own language (en)",
      },
    ]);
    expect(outdatedCells(groups)).toEqual([]);
  });

  it('rows carry past review by the day given', () => {
    const rows = statusRows(translationStatus([fa, ruCurrent, enOutdated]), '2026-12-05');
    expect(rows.map((r) => [r.locale, r.state, r.pastReview])).toEqual([
      ['fa', 'original', true],
      ['ru', 'current', false],
      ['en', 'outdated', false],
    ]);
    expect(statusRows(translationStatus([fa]), '2026-11-01')[0]!.pastReview).toBe(false);
  });

  it('tells a reader of an outdated translation about its original, unless that is a draft', () => {
    const groups = translationStatus([fa, ruCurrent, enOutdated]);
    expect(outdatedNotice(groups, 'en/skills/patience')).toEqual({
      title: 'Title of fa/skills/patience',
      url: '/fa/skills/patience/',
      locale: 'fa',
      updated: '2026-06-01T00:00:00.000Z',
    });
    expect(outdatedNotice(groups, 'ru/skills/patience')).toBeUndefined();
    expect(outdatedNotice(groups, 'fa/skills/patience')).toBeUndefined();
    const draftOriginal = translationStatus([{ ...fa, draft: true }, enOutdated]);
    expect(outdatedNotice(draftOriginal, 'en/skills/patience')).toBeUndefined();
  });
});

describe('readStatusArticles (files on disk)', () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  function site(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), 'pasokh-status-'));
    mkdirSync(join(root, 'content'), { recursive: true });
    writeFileSync(
      join(root, 'content/categories.json'),
      JSON.stringify([{ id: 'skills', order: 1, icon: 'x', title: {}, description: {} }]),
    );
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, 'content/articles', path, '..'), { recursive: true });
      writeFileSync(join(root, 'content/articles', path), text);
    }
    return root;
  }
  const mdx = (frontmatter: string, body: string) =>
    `---\ntitle: Patience at work\ndescription: How to stay patient with customers.\ncategory: skills\n${frontmatter}---\n\n${body}\n`;

  it('hashes title and body only, reads dates as days, and finds an outdated translation', () => {
    const dir = site({
      'fa/skills/patience.mdx': mdx('translationKey: patience\nowner: maria\nreviewBy: 2026-11-30\n', 'Listen first.'),
      'en/skills/patience.mdx': mdx(
        'translationKey: patience\ntranslatedFrom: { locale: fa, hash: "00000000" }\nupdated: 2026-10-02\n',
        'Listen first.',
      ),
    });
    const { articles, problems } = readStatusArticles(dir);
    expect(problems).toEqual([]);
    const fa = articles.find((a) => a.locale === 'fa')!;
    const en = articles.find((a) => a.locale === 'en')!;
    // Same title and body: same hash, whatever the other frontmatter says.
    expect(fa.hash).toBe(contentHash('Patience at work', 'Listen first.'));
    expect(en.hash).toBe(fa.hash);
    expect(fa).toMatchObject({ id: 'fa/skills/patience', owner: 'maria', reviewBy: '2026-11-30' });
    expect(en).toMatchObject({
      updated: '2026-10-02T00:00:00.000Z',
      translatedFrom: { locale: 'fa', hash: '00000000' },
    });
    const [group] = translationStatus(articles);
    expect(group!.cells.en.state).toBe('outdated');
  });

  it('names a file whose frontmatter does not fit, and leaves it out', () => {
    const dir = site({
      'fa/skills/ok.mdx': mdx('', 'Text.'),
      'fa/skills/bad.mdx': mdx('translatedFrom: { locale: fa, hash: 12345678 }\n', 'Text.'),
      'fa/skills/worse.mdx': '---\ntitle: [unclosed\n---\nText\n',
    });
    const { articles, problems } = readStatusArticles(dir);
    expect(articles.map((a) => a.id)).toEqual(['fa/skills/ok']);
    expect(problems.map((p) => p.file)).toEqual([
      'content/articles/fa/skills/bad.mdx',
      'content/articles/fa/skills/worse.mdx',
    ]);
    expect(problems[0]!.message).toContain('translatedFrom.hash: write the hash in quotes');
  });
});
