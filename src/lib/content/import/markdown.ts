// Markdown passes through: parsed by the build's own Markdown parser (Sätteri, with GFM and
// frontmatter), its frontmatter read for a title and a description and then dropped (the importer
// writes its own), and its raw HTML read as HTML, because in MDX a tag is a component and an
// HTML comment is an error. Written out again by the MDX writer, so a stray `{` or `<` in the text
// is escaped like any other.
import type { Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { markdownToMdast } from 'satteri';
import { parse as parseYaml } from 'yaml';
import { htmlToNodes } from './html.ts';
import { markdownText } from './words.ts';

export interface MarkdownReading {
  tree: Root;
  /** The text content (and the frontmatter's title and description), for the word check. */
  text: string;
  title?: string | undefined;
  description?: string | undefined;
  warnings: string[];
}

const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'tableCell']);

/** Replaces every raw HTML node by what it says as Markdown, depth first. */
function replaceHtml(parent: Parent): void {
  const inline = PHRASING_PARENTS.has(parent.type);
  parent.children = parent.children.flatMap((child) => {
    if (child.type === 'html') return htmlToNodes(child.value, inline);
    if ('children' in child) replaceHtml(child);
    return [child];
  }) as (RootContent & PhrasingContent)[];
}

function stringField(data: unknown, field: string): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[field];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function readMarkdown(source: string): MarkdownReading {
  const tree = markdownToMdast(source, { features: { gfm: true, frontmatter: true } }) as unknown as Root;
  const warnings: string[] = [];
  let title: string | undefined;
  let description: string | undefined;
  const first = tree.children[0];
  if (first?.type === 'yaml') {
    tree.children.shift();
    try {
      const data: unknown = parseYaml(first.value);
      title = stringField(data, 'title');
      description = stringField(data, 'description');
    } catch (error) {
      warnings.push(
        `the file's frontmatter is not valid YAML and was left out: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  replaceHtml(tree);
  const text = [title ?? '', description ?? '', markdownText(tree)].join('\n');
  return { tree, text, title, description, warnings };
}
