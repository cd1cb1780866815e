import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { slugFromTitle } from '../../../../src/lib/content/import/slug.ts';
import { readText } from '../../../../src/lib/content/import/text.ts';
import {
  cutAtWord,
  findDescription,
  settleHeadings,
  takeTitle,
  tidy,
} from '../../../../src/lib/content/import/tree.ts';

const heading = (depth: 1 | 2 | 3, value: string) => ({
  type: 'heading' as const,
  depth,
  children: [{ type: 'text' as const, value }],
});
const paragraph = (value: string) => ({ type: 'paragraph' as const, children: [{ type: 'text' as const, value }] });

describe('title', () => {
  it('takes the heading the text starts with and removes it from the body', () => {
    const tree: Root = { type: 'root', children: [heading(1, 'Refunds'), paragraph('Body.')] };
    expect(takeTitle(tree, undefined)).toEqual({ value: 'Refunds', from: 'first heading' });
    expect(tree.children).toEqual([paragraph('Body.')]);
  });

  it('keeps a heading in the body when the title comes from elsewhere and differs', () => {
    const tree: Root = { type: 'root', children: [heading(2, 'Section'), paragraph('Body.')] };
    expect(takeTitle(tree, { value: 'Given', from: 'option' })).toEqual({ value: 'Given', from: 'option' });
    expect(tree.children).toHaveLength(2);
    const same: Root = { type: 'root', children: [heading(1, 'Given'), paragraph('Body.')] };
    takeTitle(same, { value: 'Given', from: 'frontmatter' });
    expect(same.children).toEqual([paragraph('Body.')]);
  });

  it('falls back to a later heading (kept), then to the first line', () => {
    const later: Root = { type: 'root', children: [paragraph('Intro text.'), heading(2, 'Later')] };
    expect(takeTitle(later, undefined)).toEqual({ value: 'Later', from: 'first heading' });
    expect(later.children).toHaveLength(2);
    const none: Root = { type: 'root', children: [paragraph('Only a paragraph here.\nAnd a second line.')] };
    expect(takeTitle(none, undefined)).toEqual({ value: 'Only a paragraph here.', from: 'first line' });
  });

  it('keeps a leading heading too long for a title in the body and cuts the title at a word', () => {
    const long = 'word '.repeat(40).trim();
    const tree: Root = { type: 'root', children: [heading(1, long), paragraph('Body.')] };
    const title = takeTitle(tree, undefined);
    expect(title.value.length).toBeLessThanOrEqual(120);
    expect(title.value).toMatch(/^(word )+word…$/);
    expect(tree.children).toHaveLength(2);
  });
});

describe('description and headings', () => {
  it('takes the first paragraph of 10 characters or more, cut at a word to 300', () => {
    const tree: Root = { type: 'root', children: [paragraph('Hi!'), paragraph('A real first paragraph.')] };
    expect(findDescription(tree)).toBe('A real first paragraph.');
    expect(cutAtWord('aaa bbb ccc', 9)).toBe('aaa bbb…');
    expect(cutAtWord('short', 9)).toBe('short');
    const long = 'слово '.repeat(80);
    const cut = findDescription({ type: 'root', children: [paragraph(long)] })!;
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut).toMatch(/слово…$/);
  });

  it('moves headings so the highest is level 2, keeping their steps', () => {
    const tree: Root = { type: 'root', children: [heading(1, 'a'), heading(2, 'b'), heading(1, 'c')] };
    settleHeadings(tree);
    expect(tree.children.map((h) => h.type === 'heading' && h.depth)).toEqual([2, 3, 2]);
  });

  it('drops empty blocks and emphasis, turns non-breaking spaces into spaces', () => {
    const tree: Root = {
      type: 'root',
      children: [
        paragraph('\u00A0 '),
        heading(2, ''),
        {
          type: 'paragraph',
          children: [
            { type: 'strong', children: [] },
            { type: 'text', value: 'a\u00A0b' },
          ],
        },
      ],
    };
    tidy(tree);
    expect(tree.children).toEqual([paragraph('a b')]);
  });

  it('recognised headings of a text file become the title and level-2 sections', () => {
    const tree = readText('Title line\n\nFirst paragraph here.\n\nSection\n\nMore text here.');
    expect(takeTitle(tree, undefined).value).toBe('Title line');
    settleHeadings(tree);
    expect(tree.children.map((n) => n.type + (n.type === 'heading' ? n.depth : ''))).toEqual([
      'paragraph',
      'heading2',
      'paragraph',
    ]);
  });
});

describe('slug', () => {
  it('transliterates Russian and English titles and gives none for Persian ones', () => {
    expect(slugFromTitle('ru', 'Как успокоить рассерженного клиента')).toBe('kak-uspokoit-rasserzhennogo-klienta');
    expect(slugFromTitle('en', "Don't panic: 5 steps!")).toBe('dont-panic-5-steps');
    expect(slugFromTitle('fa', 'آرام کردن مشتری')).toBeUndefined();
    expect(slugFromTitle('en', '!!!')).toBeUndefined();
    expect(slugFromTitle('en', 'word '.repeat(30))!.length).toBeLessThanOrEqual(60);
  });
});
