import { readFileSync } from 'node:fs';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../../../src/lib/content/import/markdown.ts';

function types(node: Nodes, out: string[] = []): string[] {
  out.push(node.type);
  if ('children' in node) for (const child of node.children) types(child, out);
  return out;
}

describe('Markdown reader', () => {
  it('reads title and description from the frontmatter and drops the rest of it', () => {
    const reading = readMarkdown(
      '---\ntitle: From the file\ndescription: Said in the frontmatter.\nauthor: Olga\n---\n\nBody.\n',
    );
    expect(reading.title).toBe('From the file');
    expect(reading.description).toBe('Said in the frontmatter.');
    expect(types(reading.tree)).not.toContain('yaml');
    expect(reading.text).toContain('From the file');
    expect(reading.text).not.toContain('Olga');
  });

  it('warns about frontmatter that is not YAML and goes on', () => {
    const reading = readMarkdown('---\ntitle: [unclosed\n---\n\nBody text.\n');
    expect(reading.title).toBeUndefined();
    expect(reading.warnings[0]).toMatch(/frontmatter is not valid YAML/);
  });

  it('turns raw HTML into Markdown nodes: blocks, inline tags, comments', () => {
    const { tree } = readMarkdown('<div>Block <b>text</b></div>\n\nA <b>bold</b> word<br>next <!-- c --> end.\n');
    expect(types(tree)).not.toContain('html');
    expect(JSON.stringify(tree)).not.toMatch(/<|-->/);
    expect(types(tree)).toContain('break');
  });

  it('reads the Russian fixture: headings, list, table, link', () => {
    const source = readFileSync('tests/fixtures/import/ru-review-reply.md', 'utf8');
    const { tree, title } = readMarkdown(source);
    expect(title).toBe('Как отвечать на отзыв с одной звездой');
    const found = types(tree);
    expect(found.filter((t) => t === 'heading')).toHaveLength(3);
    expect(found.filter((t) => t === 'listItem')).toHaveLength(3);
    expect(found).toContain('table');
    expect(found).toContain('link');
    expect(found).not.toContain('html');
  });
});
