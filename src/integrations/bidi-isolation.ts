// Mixed-direction text in articles (a Sätteri hast plugin, for .md and .mdx): code and code
// blocks get dir="ltr", and in a block with Persian letters each Latin run (a version number,
// a product name, a command) becomes a <bdi>, so «نسخه‌ی برنامه: v2.3.1 (Android 14)» reads in
// the order it was written (src/lib/markdown/bidi.ts). Forum posts get the same in
// src/lib/markdown/render.ts.
import type { Element, Parents, Text } from 'hast';
import { defineHastPlugin, type HastContent } from 'satteri';
import { hasArabicScript, latinRuns } from '../lib/markdown/bidi.ts';

/** Elements whose text is not prose: left alone. */
const SKIP = new Set(['code', 'pre', 'kbd', 'samp', 'bdi', 'bdo', 'script', 'style', 'svg', 'math']);
/** The block whose letters decide whether a text node sits in right-to-left text. */
const BLOCKS = new Set([
  'p',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'td',
  'th',
  'dt',
  'dd',
  'blockquote',
  'figcaption',
  'summary',
  'caption',
]);

export default defineHastPlugin({
  name: 'pasokh-bidi-isolation',
  element: {
    filter: ['code', 'pre'],
    visit(node, ctx) {
      ctx.setProperty(node, 'dir', 'ltr');
    },
  },
  text(node, ctx) {
    let block: Parents | undefined;
    for (
      let parent: Parents | undefined = ctx.parent(node);
      parent && parent.type !== 'root';
      parent = ctx.parent(parent)
    ) {
      if (parent.type === 'element' && SKIP.has(parent.tagName)) return;
      if (parent.type === 'mdxJsxTextElement' && parent.name === 'Kbd') return;
      if (!block && ((parent.type === 'element' && BLOCKS.has(parent.tagName)) || parent.type === 'mdxJsxFlowElement'))
        block = parent;
    }
    const pieces = latinRuns(node.value);
    if (!pieces.some((p) => p.isolate)) return;
    if (!hasArabicScript(ctx.textContent(block ?? ctx.parent(node)))) return;
    ctx.replaceNode(
      node,
      pieces.map(({ text, isolate }): HastContent => {
        const value: Text = { type: 'text', value: text };
        return isolate
          ? ({ type: 'element', tagName: 'bdi', properties: {}, children: [value] } satisfies Element)
          : value;
      }),
    );
  },
});
