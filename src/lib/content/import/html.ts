// HTML as saved from a blog or made from a Word file: parsed the way a browser parses it
// (hast-util-from-html, parse5) and turned into Markdown by hast-util-to-mdast, the maintained
// converter of the unified collective. What is not text goes first: scripts, styles, comments,
// forms and embeds; spans and other wrappers simply disappear around their text, and links,
// emphasis, lists, tables and images (with their alt text) stay.
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast } from 'hast-util-to-mdast';
import type { PhrasingContent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { tidy } from './tree.ts';

/** Elements whose content is not text a reader sees. */
const NOT_TEXT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
]);
const PHRASING = new Set(['text', 'emphasis', 'strong', 'delete', 'inlineCode', 'break', 'link', 'image']);
/** Elements that separate words, so the text of <td>a</td><td>b</td> is "a b", not "ab". */
const BREAKS_WORDS = new Set(
  'address article aside blockquote br dd details dialog div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

type HastNode = HastRoot | HastContent | ElementContent;

/** Drops comments and non-text elements, in place. */
function prune(node: HastRoot | Element): void {
  node.children = node.children.filter(
    (child) => child.type !== 'comment' && !(child.type === 'element' && NOT_TEXT.has(child.tagName)),
  ) as typeof node.children;
  for (const child of node.children) if (child.type === 'element') prune(child);
  if (node.type === 'element' && node.tagName === 'template') node.children = [];
}

/** The words a reader of the page sees: its text and the alt text of its images. */
function visibleText(node: HastNode): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element' && node.type !== 'root') return '';
  if (node.type === 'element' && node.tagName === 'img') return ` ${String(node.properties.alt ?? '')} `;
  const inner = node.children.map(visibleText).join('');
  return node.type === 'element' && BREAKS_WORDS.has(node.tagName) ? ` ${inner} ` : inner;
}

export interface HtmlReading {
  tree: Root;
  /** The page's visible text, for the check that every word arrives in the draft. */
  text: string;
}

export function readHtml(html: string, { fragment = false } = {}): HtmlReading {
  const hast = fromHtml(html, { fragment });
  prune(hast);
  const text = visibleText(hast);
  const tree = toMdast(hast) as Root;
  return { tree, text };
}

/**
 * Raw HTML found inside Markdown (a <div> block, a <b> around a word, an <img>): what it says as
 * Markdown nodes. Inline, only the phrasing is kept (a lone "<b>" says nothing; "<br>" is a break).
 */
export function htmlToNodes(html: string, inline: boolean): RootContent[] | PhrasingContent[] {
  const { tree } = readHtml(html, { fragment: true });
  tidy(tree);
  if (!inline) return tree.children;
  return tree.children.flatMap((node): PhrasingContent[] => {
    if (node.type === 'paragraph' || node.type === 'heading') return node.children;
    if (PHRASING.has(node.type)) return [node as PhrasingContent];
    const text = toString(node);
    return text ? [{ type: 'text', value: text }] : [];
  });
}
