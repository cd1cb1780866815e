// The check that an imported draft reads back as prose (it is written by writeMdx in
// ../../markdown/mdx.ts, as drafts from the forum are): the build's own MDX compiler (Sätteri)
// must compile the body, and its tree must hold no expression, component or ES module: imported
// text never turns into code.
import type { Nodes, Root } from 'mdast';
import { mdxToJs, mdxToMdast } from 'satteri';
import { markdownText } from './words.ts';

const FEATURES = { gfm: true } as const;
const MDX_CODE = new Set([
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxTextExpression',
  'mdxJsxFlowElement',
  'mdxJsxTextElement',
]);

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
