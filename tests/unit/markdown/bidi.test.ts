import { describe, expect, it } from 'vitest';
import { hasArabicScript, latinRuns, readsRightToLeft } from '../../../src/lib/markdown/bidi.ts';
import { renderMarkdown } from '../../../src/lib/markdown/render.ts';

describe('Latin runs in Persian text', () => {
  it('cuts out versions, names, commands and addresses, leaving sentence punctuation and bare numbers', () => {
    const runs = (text: string) =>
      latinRuns(text)
        .filter((p) => p.isolate)
        .map((p) => p.text);
    expect(runs('نسخه‌ی برنامه: v2.3.1 (Android 14).')).toEqual(['v2.3.1', 'Android 14']);
    expect(runs('دستور npm run build را در C++ و C# ببینید: https://example.com/a?b=1')).toEqual([
      'npm run build',
      'C++',
      'C#',
      'https://example.com/a?b=1',
    ]);
    expect(runs('خروجی PDFها ۳۰ روز و 2026')).toEqual(['PDF']);
    expect(
      latinRuns('a b')
        .map((p) => p.text)
        .join(''),
    ).toBe('a b');
    expect(hasArabicScript('Android 14')).toBe(false);
    expect(hasArabicScript('نسخه')).toBe(true);
  });

  it("decides by the block's own words: an English or Russian sentence naming a Persian word stays as written", () => {
    expect(readsRightToLeft('Android 14 روی گوشی من نصب است')).toBe(true);
    expect(readsRightToLeft(' گفت PDF')).toBe(true);
    expect(readsRightToLeft('Maybe کسری knows the answer')).toBe(false);
    expect(renderMarkdown('Maybe کسری knows the answer.')).toBe('<p dir="auto">Maybe کسری knows the answer.</p>');
    expect(renderMarkdown('Спросите у کسری, он знает.')).toBe('<p dir="auto">Спросите у کسری, он знает.</p>');
  });

  it('forum posts: each Latin run and mention of a Persian block is a <bdi>, code stays dir="ltr", English blocks are left as they are', () => {
    expect(renderMarkdown('نسخه‌ی برنامه: `v2.3.1` (Android 14)')).toBe(
      '<p dir="auto">نسخه‌ی برنامه: <code dir="ltr">v2.3.1</code> (<bdi>Android 14</bdi>)</p>',
    );
    expect(renderMarkdown('نسخه‌ی برنامه: v2.3.1 (Android 14)')).toBe(
      '<p dir="auto">نسخه‌ی برنامه: <bdi>v2.3.1</bdi> (<bdi>Android 14</bdi>)</p>',
    );
    // A Persian paragraph opening with a Latin word still reads right to left (dir="auto" skips <bdi>).
    expect(renderMarkdown('Android 14 روی گوشی من نصب است')).toBe(
      '<p dir="auto"><bdi>Android 14</bdi> روی گوشی من نصب است</p>',
    );
    expect(renderMarkdown('@Ali گفت **PDF**')).toBe(
      '<p dir="auto"><bdi>@Ali</bdi> گفت <strong><bdi>PDF</bdi></strong></p>',
    );
    expect(renderMarkdown('Version: v2.3.1 (Android 14)')).toBe('<p dir="auto">Version: v2.3.1 (Android 14)</p>');
  });

  it('a <bdi> written in a post is still raw HTML: shown as text, not kept', () => {
    expect(renderMarkdown('<bdi dir="rtl">x</bdi>')).toBe('<p dir="auto">&lt;bdi dir="rtl"&gt;x&lt;/bdi&gt;</p>');
  });
});
