import { describe, expect, it } from 'vitest';
import {
  contentLocale,
  fixContentFile,
  formatFindings,
  lintContent,
  type ContentFile,
} from '../../../src/lib/content/lint.ts';

const Z = '\u200C';

const article = (id: string, lines: string[]): ContentFile => ({
  file: `content/articles/${id}.mdx`,
  source: lines.join('\n'),
});

const draft = article('fa/agent-skills/draft-one', ['---', 'title: پیش‌نویس', 'draft: true', '---', '', 'متن.']);

const faArticle = article('fa/agent-skills/sample', [
  '---', // 1
  'title: مهارتهاي پشتیبانی', // 2
  'description: توضیح کوتاه درباره‌ی این مقاله', // 3
  '---', // 4
  '', // 5
  'این کار میشود و 5 روز طول می‌کشد.', // 6
  '', // 7
  '## ', // 8
  '', // 9
  '#### جزئیات', // 10
  '', // 11
  '![](/images/a.png) و <img src="/b.png" /> و <Figure src={x} alt="" />', // 12
  '', // 13
  'ببینید: [پیش‌نویس](/fa/agent-skills/draft-one/) و [منتشرشده](/fa/agent-skills/other/).', // 14
  '', // 15
  '{/* lint-content-ignore */}', // 16
  'این هم میشود ![](/images/c.png)', // 17
  '', // 18
  '```md', // 19
  '# نه عنوان', // 20
  '![](x.png) میشود', // 21
  '```', // 22
]);

describe('contentLocale', () => {
  it('reads the locale from an article path or a page of the writers’ guide', () => {
    expect(contentLocale('content/articles/ru/agent-skills/x.mdx')).toBe('ru');
    expect(contentLocale('/tmp/site/content/writers-guide/fa.mdx')).toBe('fa');
    expect(contentLocale('content/README.md')).toBeUndefined();
  });
});

describe('lintContent', () => {
  it('reports orthography and structure with file, line and column', () => {
    const findings = lintContent([faArticle, draft]);
    const file = 'content/articles/fa/agent-skills/sample.mdx';
    expect(findings.map((f) => [f.file, f.line, f.column, f.kind, f.found, f.suggestion, f.safe])).toEqual([
      [file, 2, 8, 'arabic-letters', 'مهارتهاي', 'مهارتهای', true],
      [file, 2, 8, 'zwnj-suffix', 'مهارتهاي', `مهارت${Z}هاي`, true],
      [file, 6, 9, 'zwnj-prefix', 'میشود', `می${Z}شود`, true],
      [file, 6, 17, 'digits', '5', '۵', true],
      [file, 8, 1, 'empty-heading', '##', 'write the heading or remove the line', false],
      [file, 10, 1, 'heading-jump', '#### after ##', '### جزئیات', false],
      [file, 12, 1, 'image-alt', '![](', '![what the image shows](…)', false],
      [file, 12, 22, 'image-alt', '<img src="/b.png" />', 'add alt="what the image shows" to <img>', false],
      [file, 12, 45, 'image-alt', '<Figure src={x} alt="" />', 'add alt="what the image shows" to <Figure>', false],
      [
        file,
        14,
        20,
        'draft-link',
        '/fa/agent-skills/draft-one/',
        'link a published article, or publish the draft first',
        false,
      ],
    ]);
  });

  it('finds nothing in clean text, and a draft may link to a draft', () => {
    const clean = article('ru/agent-skills/clean', [
      '---',
      'title: "Как писать «понятно»"',
      'description: Коротко — о главном.',
      '---',
      '',
      '## Раздел',
      '',
      '### Подраздел',
      '',
      '![Схема заявки](/images/a.png)',
    ]);
    const draftLinking = article('fa/agent-skills/draft-two', [
      '---',
      'draft: true',
      '---',
      '[x](/fa/agent-skills/draft-one/)',
    ]);
    expect(lintContent([clean, draftLinking, draft])).toEqual([]);
  });

  it('looks up drafts among all articles, not only the files it reports on', () => {
    const linking = article('fa/agent-skills/linking', ['[x](/fa/agent-skills/draft-one/#part)']);
    expect(lintContent([linking], [linking, draft]).map((f) => [f.line, f.kind])).toEqual([[1, 'draft-link']]);
  });
});

describe('fixContentFile', () => {
  it('applies the safe orthography fixes only; structure stays for the writer', () => {
    const { text, changes } = fixContentFile(faArticle);
    expect(text.split('\n')[1]).toBe(`title: مهارت${Z}های پشتیبانی`);
    expect(text.split('\n')[5]).toBe(`این کار می${Z}شود و ۵ روز طول می‌کشد.`);
    expect(text.split('\n')[16]).toBe('این هم میشود ![](/images/c.png)'); // silenced line
    expect(changes).toMatchObject({ 'arabic-letters': 1, 'zwnj-suffix': 1, 'zwnj-prefix': 1, digits: 1 });
    const left = lintContent([{ ...faArticle, source: text }, draft]);
    expect(left.every((f) => !f.safe)).toBe(true);
    expect(left.map((f) => f.kind)).toEqual([
      'empty-heading',
      'heading-jump',
      'image-alt',
      'image-alt',
      'image-alt',
      'draft-link',
    ]);
  });
});

describe('formatFindings', () => {
  it('prints file:line:col  kind  found → suggestion, a block per file, then the counts', () => {
    const other = article('fa/agent-skills/other', ['---', 'title: x', '---', 'میشود']);
    const output = formatFindings(lintContent([faArticle, other, draft]));
    const lines = output.split('\n');
    expect(lines[0]).toBe('content/articles/fa/agent-skills/other.mdx:4:1  zwnj-prefix  میشود → می⟨zwnj⟩شود');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('content/articles/fa/agent-skills/sample.mdx:2:8  arabic-letters  مهارتهاي → مهارتهای');
    expect(output).toContain(
      'content/articles/fa/agent-skills/sample.mdx:10:1  heading-jump  #### after ## → ### جزئیات  (by hand)',
    );
    expect(lines.at(-1)).toBe(
      '11 findings in 2 files: 1 arabic-letters, 1 digits, 2 zwnj-prefix, 1 zwnj-suffix, 1 empty-heading, 1 heading-jump, ' +
        '3 image-alt, 1 draft-link (5 fixable with --fix; the rest by hand, or silenced with {/* lint-content-ignore */})',
    );
    expect(formatFindings([])).toBe('No findings.');
  });
});
