// Atom 1.0 documents (RFC 4287), written by hand: a feed is a few fixed elements and a list of
// entries, and the one hard part, text that readers and writers typed, is ./xml.ts's. A feed
// library would bring its own model of RSS, JSON Feed and podcast fields for the same ~60 lines.
// Every text construct is `type="text"`: titles and summaries are plain text, never markup a
// feed reader would render.
import { xmlAttribute, xmlText } from './xml.ts';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

export interface AtomPerson {
  name: string;
  uri?: string;
}

export interface AtomEntry {
  /** A permanent, universally unique IRI (an absolute URL that never changes). */
  id: string;
  title: string;
  /** Absolute URL of the page the entry stands for (link rel="alternate"). */
  link: string;
  updated: Date;
  published?: Date;
  summary?: string;
  /** Needed when the feed itself names no author. */
  authors?: AtomPerson[];
  categories?: { term: string; label?: string }[];
}

export interface AtomFeed {
  /** A permanent IRI: the feed's own URL. */
  id: string;
  title: string;
  subtitle?: string;
  /** BCP 47 tag for xml:lang: the language of every text in the feed. */
  lang: string;
  /** Absolute URL of the feed (rel="self"). */
  self: string;
  /** Absolute URL of the HTML page the feed follows (rel="alternate"). */
  alternate: string;
  authors: AtomPerson[];
  /** Newest first; the feed's <updated> is the newest entry's. */
  entries: AtomEntry[];
}

/** RFC 3339 in UTC, to the second. */
export const atomDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A feed with no entry has never changed: its <updated> is the epoch, so the document is the same on every build. */
const NEVER = new Date(0);

const element = (name: string, text: string, indent: string) =>
  `${indent}<${name} type="text">${xmlText(text)}</${name}>`;

function person(kind: 'author', p: AtomPerson, indent: string): string {
  const uri = p.uri ? `<uri>${xmlText(p.uri)}</uri>` : '';
  return `${indent}<${kind}><name>${xmlText(p.name)}</name>${uri}</${kind}>`;
}

function link(rel: 'alternate' | 'self', href: string, type: string, indent: string): string {
  return `${indent}<link rel="${rel}" type="${type}" href="${xmlAttribute(href)}"/>`;
}

function entry(e: AtomEntry): string {
  const i = '    ';
  return [
    '  <entry>',
    `${i}<id>${xmlText(e.id)}</id>`,
    element('title', e.title, i),
    link('alternate', e.link, 'text/html', i),
    ...(e.published ? [`${i}<published>${atomDate(e.published)}</published>`] : []),
    `${i}<updated>${atomDate(e.updated)}</updated>`,
    ...(e.authors ?? []).map((a) => person('author', a, i)),
    ...(e.categories ?? []).map(
      (c) => `${i}<category term="${xmlAttribute(c.term)}"${c.label ? ` label="${xmlAttribute(c.label)}"` : ''}/>`,
    ),
    ...(e.summary ? [element('summary', e.summary, i)] : []),
    '  </entry>',
  ].join('\n');
}

export function buildAtomFeed(feed: AtomFeed): string {
  const newest = feed.entries.reduce<Date>((max, e) => (e.updated > max ? e.updated : max), NEVER);
  const i = '  ';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttribute(feed.lang)}">`,
    `${i}<id>${xmlText(feed.id)}</id>`,
    element('title', feed.title, i),
    ...(feed.subtitle ? [element('subtitle', feed.subtitle, i)] : []),
    link('self', feed.self, 'application/atom+xml', i),
    link('alternate', feed.alternate, 'text/html', i),
    `${i}<updated>${atomDate(newest)}</updated>`,
    ...feed.authors.map((a) => person('author', a, i)),
    ...feed.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
