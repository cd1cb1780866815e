// What every reader's tree goes through before it is written, whatever the format was: empty
// blocks go, non-breaking spaces become spaces, the title and the description are taken from the
// text, headings are moved so the body starts at level 2 (the page's title is its only h1), and
// the structure is counted for the report.
import type { Heading, Nodes, Paragraph, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';

export const TITLE_MAX = 120;
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 300;

/** Collapses white space (non-breaking spaces included) and trims. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Cuts text to `max` characters at a word boundary, with an ellipsis when something was cut. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > max / 2 ? room.slice(0, space) : room).replace(/[\s,،;؛:.\-–—]+$/u, '')}…`;
}

function hasContent(node: Nodes): boolean {
  if (node.type === 'image' || node.type === 'imageReference' || node.type === 'thematicBreak') return true;
  if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'text') return node.value.trim() !== '';
  return 'children' in node && (node.children as Nodes[]).some(hasContent);
}

/** Containers that say nothing when empty (`<b></b>`, a paragraph of spaces), unlike a table cell. */
const EMPTY_GOES = new Set(['paragraph', 'heading', 'listItem', 'blockquote', 'list', 'emphasis', 'strong', 'delete']);

/** Drops empty paragraphs, headings, lists and emphasis, turns non-breaking spaces into spaces and puts alt text on one line, in place. */
export function tidy(parent: Parent): void {
  // A table without header cells (Word's, mammoth's) comes with an empty first row: its first row
  // of text is the header then, as in the document.
  if (parent.type === 'table' && parent.children.length > 1 && !hasContent(parent.children[0] as Nodes)) {
    parent.children.shift();
  }
  parent.children = parent.children.filter((child) => {
    if (child.type === 'text') child.value = child.value.replace(/\u00A0/g, ' ');
    if (child.type === 'image' && child.alt) child.alt = oneLine(child.alt);
    if ('children' in child) tidy(child);
    return !(EMPTY_GOES.has(child.type) && !hasContent(child));
  }) as typeof parent.children;
}

export type TitleSource = 'option' | 'frontmatter' | 'first heading' | 'first line';

/**
 * The title: `given` (--title or the Markdown file's own), else a heading the text starts with
 * (then removed from the body, since the page shows the title as its heading), else the first
 * heading, else the first line. A heading too long for a title stays in the body and is cut.
 */
export function takeTitle(tree: Root, given: { value: string; from: TitleSource } | undefined) {
  const first = tree.children[0];
  const leading = first?.type === 'heading' ? oneLine(toString(first)) : undefined;
  if (given) {
    if (leading !== undefined && leading === oneLine(given.value)) tree.children.shift();
    return { value: cutAtWord(oneLine(given.value), TITLE_MAX), from: given.from };
  }
  if (leading && leading.length <= TITLE_MAX) {
    tree.children.shift();
    return { value: leading, from: 'first heading' as const };
  }
  const heading = tree.children.find((node): node is Heading => node.type === 'heading');
  if (heading) return { value: cutAtWord(oneLine(toString(heading)), TITLE_MAX), from: 'first heading' as const };
  const line = toString(tree.children[0] ?? { type: 'root', children: [] }).split('\n')[0] ?? '';
  return { value: cutAtWord(oneLine(line), TITLE_MAX), from: 'first line' as const };
}

/** Moves every heading by the same amount so the highest is level 2; levels stay relative. */
export function settleHeadings(tree: Root): void {
  const headings: Heading[] = [];
  const collect = (node: Nodes) => {
    if (node.type === 'heading') headings.push(node);
    else if ('children' in node) (node.children as Nodes[]).forEach(collect);
  };
  collect(tree);
  if (headings.length === 0) return;
  const shift = 2 - Math.min(...headings.map((h) => h.depth));
  for (const heading of headings) heading.depth = Math.min(6, Math.max(2, heading.depth + shift)) as Heading['depth'];
}

/** The first paragraph long enough to describe the article, cut to the schema's limit. */
export function findDescription(tree: Root): string | undefined {
  const paragraphs: Paragraph[] = [];
  const collect = (node: Nodes) => {
    if (node.type === 'paragraph') paragraphs.push(node);
    else if ('children' in node && node.type !== 'table') (node.children as Nodes[]).forEach(collect);
  };
  collect(tree);
  for (const paragraph of paragraphs) {
    const text = oneLine(toString(paragraph));
    if (text.length >= DESCRIPTION_MIN) return cutAtWord(text, DESCRIPTION_MAX);
  }
  return undefined;
}

export interface Structure {
  headings: number;
  lists: number;
  listItems: number;
  links: number;
  images: number;
  tables: number;
  codeBlocks: number;
}

export function countStructure(tree: Root): Structure {
  const counts: Structure = { headings: 0, lists: 0, listItems: 0, links: 0, images: 0, tables: 0, codeBlocks: 0 };
  const visit = (node: Nodes) => {
    if (node.type === 'heading') counts.headings++;
    else if (node.type === 'list') counts.lists++;
    else if (node.type === 'listItem') counts.listItems++;
    else if (node.type === 'link') counts.links++;
    else if (node.type === 'image') counts.images++;
    else if (node.type === 'table') counts.tables++;
    else if (node.type === 'code') counts.codeBlocks++;
    if ('children' in node) (node.children as Nodes[]).forEach(visit);
  };
  visit(tree);
  return counts;
}
