// The one way an imported tree becomes MDX text, and the check that it reads back as prose.
// Writing: mdast-util-to-markdown with the GFM and MDX extensions, the serializer of the MDX
// authors, so every character MDX would take for code (`{` an expression, `<` a component, and
// `import`/`export` at the start of a line an ES module) is escaped by the same rules its parser
// reads, never by a regex over finished text. Links are always written as [text](url): MDX has
// no <https://…> autolinks.
// Checking: the build's own MDX compiler (Sätteri) must compile the body, and its tree must
// hold no expression, component or ES module: imported text never turns into code.
import type { Nodes, Root, Text } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { mdxToMarkdown } from 'mdast-util-mdx';
import { defaultHandlers, toMarkdown, type Options, type Unsafe } from 'mdast-util-to-markdown';
import { mdxToJs, mdxToMdast } from 'satteri';
import { markdownText } from './words.ts';

const UNSAFE: Unsafe[] = [
  // `}` alone parses, but a reader of the source should not have to know that.
  { character: '}', inConstruct: 'phrasing' },
  { atBreak: true, character: '}' },
  { atBreak: true, character: 'i', after: 'mport(?:[\\t\\r\\n ]|$)' },
  { atBreak: true, character: 'e', after: 'xport(?:[\\t\\r\\n ]|$)' },
];
const FEATURES = { gfm: true } as const;
const MDX_CODE = new Set([
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxTextExpression',
  'mdxJsxFlowElement',
  'mdxJsxTextElement',
]);

/** Backslash escapes and character references, by the character they stand for. */
function escapesIn(text: string): string[] {
  return [...text.matchAll(/\\([!-/:-@[-`{-~])|&#x([0-9A-F]+);/g)].map(
    (m) => m[1] ?? String.fromCodePoint(parseInt(m[2]!, 16)),
  );
}

export interface MdxWriting {
  mdx: string;
  /** Characters of the text that had to be escaped, by character. */
  escaped: Record<string, number>;
}

export function writeMdx(tree: Root): MdxWriting {
  const escaped: Record<string, number> = {};
  const options: Options = {
    bullet: '-',
    emphasis: '_',
    strong: '*',
    fences: true,
    listItemIndent: 'one',
    resourceLink: true,
    rule: '-',
    unsafe: UNSAFE,
    extensions: [gfmToMarkdown({ tablePipeAlign: false }), mdxToMarkdown()],
    handlers: {
      text(node: Text, parent, state, info) {
        const out = defaultHandlers.text(node, parent, state, info);
        const already = escapesIn(node.value);
        for (const character of escapesIn(out)) {
          const i = already.indexOf(character);
          if (i >= 0) already.splice(i, 1);
          else escaped[character] = (escaped[character] ?? 0) + 1;
        }
        return out;
      },
    },
  };
  return { mdx: toMarkdown(tree, options), escaped };
}

function findCode(node: Nodes): string | undefined {
  if (MDX_CODE.has(node.type)) return node.type;
  if (!('children' in node)) return undefined;
  for (const child of node.children as Nodes[]) {
    const found = findCode(child);
    if (found) return found;
  }
  return undefined;
}

/** Why the body is not safe MDX prose (a compile error, or code in it), or undefined when it is. */
export function mdxProblem(body: string): string | undefined {
  try {
    mdxToJs(body, { features: FEATURES });
  } catch (error) {
    return `it does not compile as MDX: ${(error as Error).message}`;
  }
  const found = findCode(parseMdx(body));
  return found ? `it holds MDX code (${found})` : undefined;
}

/** The MDX body as the build's parser reads it. */
export function parseMdx(body: string): Root {
  return mdxToMdast(body, { features: FEATURES }) as unknown as Root;
}

/** What a reader of the MDX body reads, for the word check. */
export function mdxText(body: string): string {
  return markdownText(parseMdx(body));
}
