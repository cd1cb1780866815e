import type { List, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { readText } from '../../../../src/lib/content/import/text.ts';

/** The tree as [type, text] pairs, lists as their items' texts. */
function shape(tree: Root) {
  return tree.children.map((node) => {
    if (node.type === 'heading') return ['h' + node.depth, toString(node)];
    if (node.type === 'list') {
      const list = node as List;
      return [list.ordered ? `ol@${list.start}` : 'ul', list.children.map((item) => toString(item))];
    }
    return [node.type, toString(node)];
  });
}

describe('plain text structure', () => {
  it('takes a short line alone before more text for a heading, and a sentence for a paragraph', () => {
    const tree = readText('Why tone matters\n\nAn angry customer has usually tried twice already.\n\nThat is all.\n');
    expect(shape(tree)).toEqual([
      ['h2', 'Why tone matters'],
      ['paragraph', 'An angry customer has usually tried twice already.'],
      ['paragraph', 'That is all.'],
    ]);
  });

  it('keeps a short line that ends with punctuation, or ends the text, as a paragraph', () => {
    expect(shape(readText('Thanks.\n\nMore text follows here.'))).toEqual([
      ['paragraph', 'Thanks.'],
      ['paragraph', 'More text follows here.'],
    ]);
    expect(shape(readText('A long paragraph comes first.\n\nGood luck'))).toEqual([
      ['paragraph', 'A long paragraph comes first.'],
      ['paragraph', 'Good luck'],
    ]);
  });

  it('takes a short line ending with ":" before a list for a heading without its colon', () => {
    const tree = readText('قدمها:\n1. اول\n2. دوم\n');
    expect(shape(tree)).toEqual([
      ['h2', 'قدمها'],
      ['ol@1', ['اول', 'دوم']],
    ]);
    // A long sentence that ends with a colon is still a sentence.
    const sentence = 'Before you answer, check these three things in the customer history:';
    expect(shape(readText(`${sentence}\n- orders\n- tickets`))[0]).toEqual(['paragraph', sentence]);
  });

  it('reads numbered items in Latin, Persian and Arabic-Indic digits with . ) and -', () => {
    const tree = readText('1. one\n2) two\n۳. three\n٤- four\n۵) five');
    expect(shape(tree)).toEqual([['ol@1', ['one', 'two', 'three', 'four', 'five']]]);
    expect(shape(readText('3. third\n4. fourth'))).toEqual([['ol@3', ['third', 'fourth']]]);
  });

  it('reads bullets written with - • * and keeps an indented line with its item', () => {
    const tree = readText('- one\n• two\n  still two\n* three');
    expect(shape(tree)).toEqual([['ul', ['one', 'two still two', 'three']]]);
  });

  it('joins list items apart by blank lines when the numbers go on, and not otherwise', () => {
    expect(shape(readText('1. a\n\n2. b\n\n3. c'))).toEqual([['ol@1', ['a', 'b', 'c']]]);
    expect(shape(readText('1. a\n2. b\n\n1. again'))).toEqual([
      ['ol@1', ['a', 'b']],
      ['ol@1', ['again']],
    ]);
  });

  it('does not take "10 - 15 minutes" or "2-3 days" for list items', () => {
    expect(shape(readText('10 - 15 minutes is enough.'))[0]![0]).toBe('paragraph');
    expect(shape(readText('2-3 days at most.'))[0]![0]).toBe('paragraph');
  });

  it('joins a block wrapped by hand into one paragraph, and keeps one paragraph a line otherwise', () => {
    const wrapped =
      'When a customer writes for the third time about the same order, the\n' +
      'first thing to do is to stop explaining and to say what you will do and\n' +
      'when.';
    expect(shape(readText(wrapped))).toEqual([['paragraph', wrapped.replace(/\n/g, ' ')]]);
    const pasted = 'First paragraph ends here.\nSecond paragraph ends here.';
    expect(shape(readText(pasted))).toEqual([
      ['paragraph', 'First paragraph ends here.'],
      ['paragraph', 'Second paragraph ends here.'],
    ]);
  });

  it('takes a short line right before a much longer one for a heading, even without a blank line', () => {
    const tree = readText('Refunds\nA refund goes back to the card it came from, within five working days.');
    expect(shape(tree)).toEqual([
      ['h2', 'Refunds'],
      ['paragraph', 'A refund goes back to the card it came from, within five working days.'],
    ]);
  });

  it('turns web addresses into links without their final punctuation', () => {
    const tree = readText('See https://help.example.com/fa/, or www.example.com.');
    const paragraph = tree.children[0]!;
    expect(paragraph.type === 'paragraph' && paragraph.children).toEqual([
      { type: 'text', value: 'See ' },
      {
        type: 'link',
        url: 'https://help.example.com/fa/',
        children: [{ type: 'text', value: 'https://help.example.com/fa/' }],
      },
      { type: 'text', value: ', or ' },
      { type: 'link', url: 'https://www.example.com', children: [{ type: 'text', value: 'www.example.com' }] },
      { type: 'text', value: '.' },
    ]);
  });

  it('keeps Markdown and MDX characters as plain text for the writer to escape', () => {
    const tree = readText('Use {name} and <b>, not *stars*.');
    expect(tree.children[0]).toEqual({
      type: 'paragraph',
      children: [{ type: 'text', value: 'Use {name} and <b>, not *stars*.' }],
    });
  });
});

describe('plain text headings keep their text', () => {
  it('keeps a closing bracket or quote, and does not take a line of signs for a heading', () => {
    expect(shape(readText('Refunds (card payments)\n\nA refund goes back to the card.'))[0]).toEqual([
      'h2',
      'Refunds (card payments)',
    ]);
    expect(shape(readText('---\n\nText after a rule.'))[0]).toEqual(['paragraph', '---']);
  });
});
