// Whatever a visitor types into a search, the forum's full-text search gets only cleaned words:
// control characters (a NUL made SQLite's FTS5 fail with "unterminated string", a 500 on the
// community search, its API, suggestions and the contact form) and FTS5's own syntax are text.
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../src/lib/auth/session.ts';
import { matchArticles } from '../../../src/lib/contact/suggest.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { searchThreadPage } from '../../../src/lib/forum/composer.ts';
import { searchTerms, searchThreads, suggestAnsweredThreads } from '../../../src/lib/forum/search.ts';
import { ftsPhrase } from '../../../src/lib/forum/search-index.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { normalize } from '../../../src/lib/search/normalize.ts';
import { setSetting } from '../../../src/lib/settings.ts';
import { testDb } from '../helpers.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');

/** Every C0 control (U+0000–U+001F, U+007F) and every C1 control (U+0080–U+009F). */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
].map((code) => String.fromCharCode(code));
const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
/** FTS5 query syntax: phrase quotes, prefix star, NEAR, initial-token caret, NOT/column minus, column colon, and their friends. */
const OPERATORS = ['"', '*', 'NEAR', '^', '-', ':', '(', ')', '+', 'AND', 'OR', 'NOT', '{', '}'];

async function corpus(): Promise<{ db: Db; refund: number; other: number }> {
  const db = await testDb();
  await setSetting(db, 'trust.holdFirstPosts', 0);
  await setSetting(db, 'spam.duplicateWindowMinutes', 0);
  const category = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
    position: 1,
  });
  const row = await db
    .insertInto('users')
    .values({
      email: 'asker@example.com',
      email_verified_at: '2026-11-01T00:00:00Z',
      password_hash: 'x',
      display_name: 'Asker',
      name_skeleton: 'asker',
      username: 'asker',
      username_skeleton: 'asker',
      role: 'member',
      trust_level: 1,
      suspended_until: null,
      silenced_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user: SessionUser = {
    id: row.id,
    email: 'asker@example.com',
    emailVerified: true,
    displayName: 'Asker',
    role: 'member',
    trustLevel: 1,
    locale: 'en',
    suspendedUntil: null,
    silencedUntil: null,
  };
  const ask = async (title: string, body: string, at: number) => {
    const outcome = await createThread(db, user, { locale: 'en', categoryId: category.id, title, body }, at);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    return outcome.threadId;
  };
  const refund = await ask(
    'Refund order never arrived',
    'I asked for a refund order two weeks ago and nothing came back.',
    T0,
  );
  const other = await ask('Invoice address is wrong', 'The invoice shows my old address.', T0 + 1);
  return { db, refund, other };
}

describe('search input: control characters', () => {
  it('a control character inside a word separates two words and never reaches a term', () => {
    for (const control of CONTROLS) {
      const terms = searchTerms('en', `refund${control}order`);
      expect(terms, hex(control)).toEqual(['refund', 'order']);
      expect(normalize('en', `refund${control}order`), hex(control)).toBe('refund order');
    }
  });

  it('every C0 and C1 control inside a word: forum search, its pages and suggestions answer, and find "refund order"', async () => {
    const { db, refund } = await corpus();
    for (const control of CONTROLS) {
      const query = `refund${control}order`;
      expect(
        (await searchThreads(db, 'en', query)).hits.map((h) => h.id),
        hex(control),
      ).toEqual([refund]);
      expect(
        (await searchThreadPage(db, 'en', query)).hits.map((h) => h.id),
        hex(control),
      ).toEqual([refund]);
      expect(
        (await suggestAnsweredThreads(db, 'en', query)).map((h) => h.id),
        hex(control),
      ).toEqual([refund]);
      expect(
        matchArticles(
          [{ id: 'en/a/refunds', locale: 'en', title: 'Refund an order', description: 'Money back', tags: [] }],
          'en',
          query,
        ).map((a) => a.id),
        hex(control),
      ).toEqual(['en/a/refunds']);
    }
  });

  it('controls at the ends of a query or alone are dropped, and a query of only controls finds nothing', async () => {
    const { db, refund } = await corpus();
    expect((await searchThreads(db, 'en', '\u0000refund\u0000')).hits.map((h) => h.id)).toEqual([refund]);
    expect(await searchThreads(db, 'en', CONTROLS.join(''))).toEqual({ terms: [], hits: [] });
    expect(await suggestAnsweredThreads(db, 'en', CONTROLS.join(''))).toEqual([]);
  });
});

describe('search input: FTS5 syntax is text', () => {
  it('each operator, alone, around and inside words, in every search function: no throw, sensible results', async () => {
    const { db, refund } = await corpus();
    for (const op of OPERATORS) {
      for (const query of [
        op,
        `${op}refund`,
        `refund${op}`,
        `refund${op}order`,
        `refund ${op} order`,
        `${op}(refund order)`,
        `"refund" ${op} "order`,
      ]) {
        const found = (await searchThreads(db, 'en', query)).hits.map((h) => h.id);
        // Every query here names "refund" or "order" (or nothing): results are that thread or none, never an error.
        expect(
          found.every((id) => id === refund),
          query,
        ).toBe(true);
        await expect(searchThreadPage(db, 'en', query), query).resolves.toBeDefined();
        await expect(suggestAnsweredThreads(db, 'en', query), query).resolves.toBeDefined();
      }
      // Written between two words, an operator still finds the words.
      expect(
        (await searchThreads(db, 'en', `refund ${op} order`)).hits.map((h) => h.id),
        op,
      ).toEqual([refund]);
    }
  });

  it('every term is one quoted prefix phrase: internal quotes doubled, controls gone, nothing outside the quotes', () => {
    for (const token of [
      'refund',
      'a"b',
      '"',
      'NEAR(a',
      'x:y',
      '^a',
      '-a',
      'a*b',
      ...CONTROLS.map((c) => `re${c}fund`),
    ]) {
      const phrase = ftsPhrase(token);
      expect(phrase, JSON.stringify(token)).toMatch(/^"(?:[^"]|"")*"\*$/);
      expect(phrase, JSON.stringify(token)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
    expect(ftsPhrase('a"b')).toBe('"a""b"*');
    expect(ftsPhrase('re\u0000fund')).toBe('"refund"*');
  });
});
