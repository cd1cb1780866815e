import { readFileSync } from 'node:fs';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { mdxProblem, mdxText, writeMdx } from '../../../../src/lib/content/import/mdx.ts';
import { readText } from '../../../../src/lib/content/import/text.ts';
import { missingWords } from '../../../../src/lib/content/import/words.ts';
import { cleanUserText } from '../../../../src/lib/text.ts';

const paragraph = (value: string): Root => ({
  type: 'root',
  children: [{ type: 'paragraph', children: [{ type: 'text', value }] }],
});

describe('MDX writer', () => {
  it('escapes what MDX reads as an expression or a component, and counts it', () => {
    const { mdx, escaped } = writeMdx(paragraph('Hello {name}, 1 < 2 and <b>x</b>.'));
    expect(mdxProblem(mdx)).toBeUndefined();
    expect(mdxText(mdx).trim()).toBe('Hello {name}, 1 < 2 and <b>x</b>.');
    expect(escaped).toMatchObject({ '{': 1, '}': 1, '<': 3 });
  });

  it('escapes import and export at the start of a line, which would open an ES module', () => {
    for (const value of ['import the saved replies first', 'export your macros as CSV']) {
      const { mdx } = writeMdx(paragraph(value));
      expect(mdxProblem(mdx)).toBeUndefined();
      expect(mdxText(mdx).trim()).toBe(value);
    }
    // Without the escape the same text is an ES module block.
    expect(mdxProblem('import the saved replies first\n')).toMatch(/./);
  });

  it('writes links as [text](url), never as MDX-less <autolinks>', () => {
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'link', url: 'https://x.example/', children: [{ type: 'text', value: 'https://x.example/' }] },
          ],
        },
      ],
    };
    const { mdx } = writeMdx(tree);
    expect(mdx.trim()).toBe('[https://x.example/](https://x.example/)');
    expect(mdxProblem(mdx)).toBeUndefined();
  });

  it('finds code in a body: a compile error, a component or an expression', () => {
    expect(mdxProblem('a { b\n')).toMatch(/does not compile/);
    expect(mdxProblem('<Callout>x</Callout>\n')).toMatch(/MDX code \(mdxJsx/);
    expect(mdxProblem('{1 + 1}\n')).toMatch(/MDX code \(mdxFlowExpression/);
  });

  it('compiles every string of the Big List of Naughty Strings as text, words and all', () => {
    const naughty = JSON.parse(readFileSync('tests/fixtures/blns.json', 'utf8')) as string[];
    expect(naughty.length).toBeGreaterThan(500);
    const failures: string[] = [];
    for (const raw of naughty) {
      const input = cleanUserText(raw);
      // As a text file: structure recognition and the writer together; and as one paragraph, alt text and link text.
      const trees: Root[] = [
        readText(input),
        {
          type: 'root',
          children: [
            {
              type: 'paragraph',
              children: [
                { type: 'image', url: 'x.png', alt: input },
                { type: 'link', url: 'https://x.example/', children: [{ type: 'text', value: input }] },
              ],
            },
          ],
        },
      ];
      for (const tree of trees) {
        const { mdx } = writeMdx(tree);
        const problem = mdxProblem(mdx) ?? (missingWords('en', input, mdxText(mdx)).length ? 'lost words' : undefined);
        if (problem) failures.push(`${JSON.stringify(raw)}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
