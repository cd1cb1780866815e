import { readFileSync } from 'node:fs';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { htmlToNodes, readHtml } from '../../../../src/lib/content/import/html.ts';

function types(node: Nodes, out: string[] = []): string[] {
  out.push(node.type);
  if ('children' in node) for (const child of node.children) types(child, out);
  return out;
}

describe('HTML reader', () => {
  it('drops scripts, styles, comments and the head, and keeps the text', () => {
    const { tree, text } = readHtml(
      '<html><head><title>Blog | Post</title><style>p{color:red}</style></head><body>' +
        '<script>track("x")</script><!-- ad --><p>Kept <span style="x">text</span>.</p><noscript>Enable JS</noscript></body></html>',
    );
    expect(toString(tree)).toBe('Kept text.');
    expect(types(tree)).not.toContain('html');
    expect(text).not.toMatch(/track|ad|Blog|Enable|color/);
    expect(text).toMatch(/Kept text\./);
  });

  it('keeps headings, emphasis, links, lists, tables and images with their alt text', () => {
    const { tree } = readHtml(
      '<h1>T</h1><p><b>bold</b> <i>it</i> <a href="https://x.example/">link</a></p>' +
        '<ol><li>one</li><li>two</li></ol><ul><li>dot</li></ul>' +
        '<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>' +
        '<p><img src="https://x.example/a.png" alt="a chart"></p>',
    );
    const found = types(tree);
    for (const type of ['heading', 'strong', 'emphasis', 'link', 'list', 'listItem', 'table', 'tableCell', 'image']) {
      expect(found).toContain(type);
    }
    const image = JSON.stringify(tree).match(/"alt":"([^"]*)"/);
    expect(image?.[1]).toBe('a chart');
  });

  it('keeps words apart that only markup separated', () => {
    const { text } = readHtml('<table><tr><td>first</td><td>second</td></tr></table><p>a<br>b</p>');
    expect(text.split(/\s+/).filter(Boolean)).toEqual(['first', 'second', 'a', 'b']);
  });

  it('reads the Persian blog fixture without its junk', () => {
    const html = readFileSync('tests/fixtures/import/fa-blog-post.html', 'utf8');
    const { tree, text } = readHtml(html);
    const all = toString(tree);
    expect(all).not.toMatch(/gtag|trackPageView|font-family|تبلیغ/);
    expect(text).not.toMatch(/gtag|trackPageView|font-family|تبلیغ/);
    expect(types(tree).filter((t) => t === 'heading')).toHaveLength(4);
    expect(types(tree)).toContain('table');
  });

  it('reads raw HTML inside Markdown as Markdown nodes, inline or as blocks', () => {
    expect(htmlToNodes('<b>', true)).toEqual([]);
    expect(htmlToNodes('<br>', true).map((n) => n.type)).toEqual(['break']);
    expect(htmlToNodes('<!-- note -->', false)).toEqual([]);
    const block = htmlToNodes('<div class="note">Do <em>not</em> argue.</div>', false);
    expect(block.map((n) => n.type)).toEqual(['paragraph']);
    expect(toString({ type: 'root', children: block } as Nodes)).toBe('Do not argue.');
    const image = htmlToNodes('<img src="a.png" alt="Alt words">', true);
    expect(image).toMatchObject([{ type: 'image', url: 'a.png', alt: 'Alt words' }]);
  });
});
