// Member-written Markdown (forum posts) as MDX, for the article drafts writers make from solved
// threads (src/lib/content/draft.ts). MDX is not Markdown: `{` opens a JavaScript expression,
// `<` a JSX tag, and a line starting with `import` or `export` is a module statement that runs
// at build time. So a post is never pasted into a draft: it is parsed as the forum reads it
// (CommonMark with GitHub's tables, strikethrough, task lists and bare-URL links; raw HTML as
// text; a new line is a line break; @mentions), the tree is adjusted (links made absolute or
// dropped, images the forum does not show become their alt text, headings moved under the
// article's), and written out by mdast-util-to-markdown with the MDX rules of mdast-util-mdx,
// which escape every character MDX would read as syntax. Code stays as written: MDX reads it
// literally.
import type { Heading, Link, Nodes, Parents, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown, gfmToMarkdown } from 'mdast-util-gfm';
import { mdxToMarkdown } from 'mdast-util-mdx';
import { toMarkdown, type Unsafe } from 'mdast-util-to-markdown';
import { gfm } from 'micromark-extension-gfm';
import { cleanUserText } from '../text.ts';
import { isOwnUpload, scanMention } from './render.ts';

export interface PostToMdxOptions {
  /** A link's target as the draft should carry it, or null to keep only the link's text. */
  href: (url: string) => string | null;
  /** An image the forum shows (our own upload): its address in the draft. */
  imageSrc: (url: string) => string;
  /** The node a mention (`@name` as written, `name` inside) becomes: a link to the profile, or text. */
  mention: (written: string, name: string) => PhrasingContent;
  /** The level the post's highest heading becomes (2 under the article's title, 3 under a section). */
  topHeading: 2 | 3 | 4;
}

/** Forum posts never render raw HTML (markdown-it `html: false`): here it is text as well. */
const NO_HTML = { disable: { null: ['htmlFlow', 'htmlText'] } };

/** A post's Markdown source as a tree of Markdown nodes, parsed as the forum parses it. */
export function parsePost(source: string): Root {
  return fromMarkdown(cleanUserText(source), {
    // markdown-it strikes through `~~text~~` only.
    extensions: [gfm({ singleTilde: false }), NO_HTML],
    mdastExtensions: [gfmFromMarkdown()],
  });
}

/** The text of a node as a reader sees it (alt text of images, link text, code), without markup. */
export function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code' || node.type === 'html')
    return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (node.type === 'break') return ' ';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Text with the forum's line breaks (a new line is a new line there) and mentions as `mention` makes them. */
function splitText(value: string, options: PostToMdxOptions): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', value: text });
    text = '';
  };
  for (let i = 0; i < value.length;) {
    const char = value[i]!;
    if (char === '\n') {
      flush();
      out.push({ type: 'break' });
      i += 1;
      continue;
    }
    const found = char === '@' ? scanMention(value, i) : null;
    if (found) {
      flush();
      out.push(options.mention(value.slice(i, found.end), found.name));
      i = found.end;
      continue;
    }
    text += char;
    i += 1;
  }
  flush();
  return out;
}

/** The shallowest heading level in a tree, or undefined when it has none. */
function topLevel(nodes: readonly Nodes[]): number | undefined {
  let top: number | undefined;
  const walk = (node: Nodes) => {
    if (node.type === 'heading') top = Math.min(top ?? 6, node.depth);
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  nodes.forEach(walk);
  return top;
}

/**
 * A post's blocks, ready for an article: references resolved into plain links, links through
 * `href`, images the forum shows kept with their alt text and the others turned into it (as the
 * forum shows them), mentions through `mention`, headings moved so the highest is `topHeading`.
 */
export function postToMdast(source: string, options: PostToMdxOptions): RootContent[] {
  const tree = parsePost(source);
  const definitions = new Map<string, string>();
  const collect = (node: Nodes) => {
    if (node.type === 'definition') definitions.set(node.identifier, node.url);
    if ('children' in node) for (const child of node.children as Nodes[]) collect(child);
  };
  collect(tree);
  const shift = options.topHeading - (topLevel(tree.children) ?? options.topHeading);

  const convert = (node: Nodes, inLink: boolean): Nodes[] => {
    switch (node.type) {
      case 'definition':
        return [];
      case 'text':
        // markdown-it finds no mention inside a link's text; neither do we.
        return inLink ? [{ type: 'text', value: node.value.replace(/\n/g, ' ') }] : splitText(node.value, options);
      case 'html':
        return [{ type: 'text', value: node.value }];
      case 'linkReference':
      case 'link': {
        const url = node.type === 'link' ? node.url : definitions.get(node.identifier);
        const children = node.children.flatMap((child) => convert(child, true)) as PhrasingContent[];
        const href = url === undefined ? null : options.href(url);
        // Titles are dropped: a writer does not need them, and they are one more place for syntax.
        return href === null ? children : [{ type: 'link', url: href, children } satisfies Link];
      }
      case 'imageReference':
      case 'image': {
        const url = node.type === 'image' ? node.url : definitions.get(node.identifier);
        const alt = (node.alt ?? '').replace(/\s+/gu, ' ').trim();
        if (url !== undefined && isOwnUpload(url)) return [{ type: 'image', url: options.imageSrc(url), alt }];
        return alt ? [{ type: 'text', value: alt }] : [];
      }
      case 'heading': {
        const depth = Math.min(6, Math.max(options.topHeading, node.depth + shift)) as Heading['depth'];
        return [{ ...node, depth, children: node.children.flatMap((c) => convert(c, inLink)) as PhrasingContent[] }];
      }
      default:
        if ('children' in node) {
          const parent = node as Parents;
          return [{ ...parent, children: parent.children.flatMap((c) => convert(c as Nodes, inLink)) } as Nodes];
        }
        return [node];
    }
  };
  return tree.children.flatMap((child) => convert(child, false)) as RootContent[];
}

/**
 * Beyond what mdast-util-mdx escapes (`{` and `<`): a lone `}` (MDX refuses one), and `import` or
 * `export` at the start of a line, which MDX would run as a module statement. Letters have no
 * backslash escape; the serializer writes them as character references (`&#x69;mport`), which
 * read the same.
 */
const MDX_UNSAFE: Unsafe[] = [
  { character: '}', inConstruct: 'phrasing' },
  { atBreak: true, character: '}' },
  { atBreak: true, character: 'i', after: 'mport\\b' },
  { atBreak: true, character: 'e', after: 'xport\\b' },
];

/** MDX source of a tree (for the article's body): safe to compile, whatever its text says. */
export function mdastToMdx(children: RootContent[]): string {
  const root: Root = { type: 'root', children };
  return toMarkdown(root, {
    extensions: [gfmToMarkdown(), mdxToMarkdown(), { unsafe: MDX_UNSAFE }],
    // MDX has no `<https://…>` autolinks: every link is written [text](url).
    resourceLink: true,
    bullet: '-',
    emphasis: '_',
    rule: '-',
    fences: true,
    listItemIndent: 'one',
  });
}
