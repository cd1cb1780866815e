// The Atom writer: RFC 4287's required elements, and text that cannot break the document,
// whatever a writer or member typed (the Big List of Naughty Strings as every text field).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atomDate, buildAtomFeed, type AtomFeed } from '../../../src/lib/seo/atom.ts';
import { xmlRepresentable } from '../../../src/lib/seo/xml.ts';
import { parseXml, textOf } from './parse-xml.ts';

const naughty: string[] = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8'));

const base: AtomFeed = {
  id: 'https://help.example/en/feed.xml',
  title: 'New and updated articles · Pasokh',
  subtitle: 'Answers about customer support.',
  lang: 'en',
  self: 'https://help.example/en/feed.xml',
  alternate: 'https://help.example/en/',
  authors: [{ name: 'Pasokh', uri: 'https://help.example/en/' }],
  entries: [
    {
      id: 'https://help.example/en/skills/b/',
      title: 'Second',
      link: 'https://help.example/en/skills/b/',
      updated: new Date('2026-11-02T08:30:00.123Z'),
      summary: 'The newer one.',
      categories: [{ term: 'skills', label: 'Skills' }],
    },
    {
      id: 'https://help.example/en/skills/a/',
      title: 'First',
      link: 'https://help.example/en/skills/a/',
      published: new Date('2026-10-01T00:00:00Z'),
      updated: new Date('2026-10-05T00:00:00Z'),
      authors: [{ name: 'Sara' }],
    },
  ],
};

describe('buildAtomFeed', () => {
  it('writes every element RFC 4287 requires, with xml:lang, self and alternate links', () => {
    const { feed } = parseXml(buildAtomFeed(base));
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed['@xml:lang']).toBe('en');
    expect(feed.id).toBe(base.id);
    expect(textOf(feed.title)).toBe(base.title);
    expect(feed.title['@type']).toBe('text');
    expect(textOf(feed.subtitle)).toBe(base.subtitle);
    // The feed's <updated> is its newest entry's, to the second.
    expect(feed.updated).toBe('2026-11-02T08:30:00Z');
    expect(feed.author).toEqual([{ name: 'Pasokh', uri: 'https://help.example/en/' }]);
    expect(feed.link).toEqual([
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': base.self },
      { '@rel': 'alternate', '@type': 'text/html', '@href': base.alternate },
    ]);
    expect(feed.entry).toHaveLength(2);
    const [second, first] = feed.entry;
    expect(second.id).toBe(base.entries[0]!.id);
    expect(textOf(second.title)).toBe('Second');
    expect(second.link).toEqual([{ '@rel': 'alternate', '@type': 'text/html', '@href': base.entries[0]!.link }]);
    expect(second.updated).toBe('2026-11-02T08:30:00Z');
    expect(textOf(second.summary)).toBe('The newer one.');
    expect(second.category).toEqual([{ '@term': 'skills', '@label': 'Skills' }]);
    expect(first.published).toBe('2026-10-01T00:00:00Z');
    expect(first.author).toEqual([{ name: 'Sara' }]);
    expect(first.summary).toBeUndefined();
  });

  it('dates a feed without entries at the epoch, the same on every build', () => {
    const { feed } = parseXml(buildAtomFeed({ ...base, entries: [] }));
    expect(feed.updated).toBe('1970-01-01T00:00:00Z');
    expect(feed.entry).toBeUndefined();
    expect(atomDate(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
  });

  it('stays valid XML for every naughty string in every text and attribute, and reads back as written', () => {
    expect(naughty.length).toBeGreaterThan(500);
    const hostile = [
      ...naughty,
      // What the list holds only some of: every C0 control, a lone surrogate, noncharacters, CR LF.
      Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join(''),
      'a\uD800b\uDFFFc\uFFFE\uFFFF',
      'line one\r\nline two\rthree',
      ']]><![CDATA[ & &amp; &#0; &bogus; <!-- -->',
    ];
    for (const text of hostile) {
      const feed: AtomFeed = {
        ...base,
        title: text,
        subtitle: text,
        authors: [{ name: text }],
        entries: [
          {
            id: 'https://help.example/en/t/1/',
            title: text,
            link: `https://help.example/en/t/1/?q=${text}`,
            updated: new Date('2026-11-02T00:00:00Z'),
            summary: text,
            authors: [{ name: text }],
            categories: [{ term: text, label: text }],
          },
        ],
      };
      const parsed = parseXml(buildAtomFeed(feed)).feed;
      const expected = xmlRepresentable(text);
      const entry = parsed.entry[0];
      const read = {
        title: textOf(parsed.title),
        subtitle: textOf(parsed.subtitle),
        author: String(parsed.author[0].name),
        entryTitle: textOf(entry.title),
        summary: textOf(entry.summary),
        term: entry.category[0]['@term'],
        label: entry.category[0]['@label'],
        href: entry.link[0]['@href'],
      };
      const want = {
        title: expected,
        subtitle: expected,
        author: expected,
        entryTitle: expected,
        summary: expected,
        term: expected,
        label: expected,
        href: `https://help.example/en/t/1/?q=${expected}`,
      };
      // An empty summary or label is left out, as the writer leaves out an empty summary.
      if (!text) Object.assign(want, { summary: '', label: undefined });
      expect(read, JSON.stringify(text)).toEqual(want);
    }
  });
});
