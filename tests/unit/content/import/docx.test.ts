import { readFileSync } from 'node:fs';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../../../src/lib/content/import/docx.ts';

function all(node: Nodes, out: Nodes[] = []): Nodes[] {
  out.push(node);
  if ('children' in node) for (const child of node.children) all(child, out);
  return out;
}

describe('Word reader', () => {
  it('reads the Word fixture: title and headings, lists, table, link, emphasis and the picture with its alt text', async () => {
    const { tree, text, warnings } = await readDocx(readFileSync('tests/fixtures/import/en-agent-onboarding.docx'));
    const nodes = all(tree as Root);
    const headings = nodes.filter((n) => n.type === 'heading');
    expect(headings.map((h) => [h.depth, toString(h)])).toEqual([
      [1, 'Onboarding a new support agent in ten days'],
      [1, 'The first three days'],
      [2, 'Saved replies'],
      [1, 'Milestones'],
    ]);
    const lists = nodes.filter((n) => n.type === 'list');
    expect(lists.map((l) => [l.ordered, l.children.length])).toEqual([
      [true, 3],
      [false, 2],
    ]);
    expect(nodes.filter((n) => n.type === 'table')).toHaveLength(1);
    expect(nodes.find((n) => n.type === 'link')).toMatchObject({ url: 'https://example.com/onboarding-checklist' });
    expect(nodes.find((n) => n.type === 'strong')).toBeDefined();
    expect(nodes.find((n) => n.type === 'emphasis')).toBeDefined();
    const image = nodes.find((n) => n.type === 'image');
    expect(image).toMatchObject({ alt: 'Tickets answered alone, rising over ten days' });
    expect(image?.type === 'image' && image.url).toMatch(/^data:image\/png;base64,/);
    // The document's own text, as mammoth reads it without the HTML, is what the word check compares.
    expect(text).toContain('Every saved reply starts with {first_name}');
    expect(warnings).toEqual([]);
  });
});
