import { describe, expect, test } from 'vitest';
import { revisionSteps, wordDiff, type DiffRun } from '../../../src/lib/forum/revision-diff.ts';

const text = (runs: DiffRun[], kind: DiffRun['kind']) => runs.filter((r) => r.kind === kind).map((r) => r.text.trim());

describe('wordDiff', () => {
  test('Persian: whole words change, a ZWNJ stays inside its word, the texts rebuild from the runs', () => {
    const before = 'این کار انجام نمی‌شود مگر با رمز قدیمی.';
    const after = 'این کار انجام می‌شود، با رمز تازه.';
    const runs = wordDiff(before, after, 'fa');
    expect(text(runs, 'removed')).toEqual(['نمی‌شود مگر', 'قدیمی']);
    expect(text(runs, 'added')).toEqual(['می‌شود،', 'تازه']);
    // Unchanged words are not shown as changed; no word is cut in the middle.
    expect(text(runs, 'same').join(' ')).toContain('این کار انجام');
    expect(
      runs
        .filter((r) => r.kind !== 'added')
        .map((r) => r.text)
        .join(''),
    ).toBe(before);
    expect(
      runs
        .filter((r) => r.kind !== 'removed')
        .map((r) => r.text)
        .join(''),
    ).toBe(after);
  });

  test('Russian: words, not letters (jsdiff alone would compare Cyrillic letter by letter)', () => {
    const runs = wordDiff('Письмо не приходит уже час.', 'Письмо приходит через минуту.', 'ru');
    expect(text(runs, 'removed')).toEqual(['не', 'уже час']);
    expect(text(runs, 'added')).toEqual(['через минуту']);
  });

  test('no change is one unchanged run; markup-looking text is kept as text for the page to escape', () => {
    expect(wordDiff('same', 'same', 'en')).toEqual([{ kind: 'same', text: 'same' }]);
    expect(wordDiff('', '', 'en')).toEqual([]);
    const runs = wordDiff('hello', 'hello <script>alert(1)</script>', 'en');
    expect(
      runs
        .filter((r) => r.kind !== 'removed')
        .map((r) => r.text)
        .join(''),
    ).toBe('hello <script>alert(1)</script>');
  });
});

describe('revisionSteps', () => {
  test('each edit is paired with the version it produced; the title only where that edit changed it', () => {
    const current = { source: 'v3', title: 'Title C' };
    const revisions = [
      { revision: 2, source: 'v2', title: null },
      { revision: 1, source: 'v1', title: 'Title A' },
    ];
    const steps = revisionSteps(current, revisions);
    expect(steps.map((s) => [s.revision.revision, s.before, s.after, s.title])).toEqual([
      [2, 'v2', 'v3', null],
      [1, 'v1', 'v2', { before: 'Title A', after: 'Title C' }],
    ]);
  });
});
