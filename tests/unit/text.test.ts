// One cleaning step for text people write (src/lib/text.ts): bidi embedding, override and
// isolate controls never reach storage or a page, whichever surface the text came in by —
// display names, posts, article feedback comments, watched words, contact requests and the
// search box's echo of `?q=`. ZWNJ and ZWJ, which Persian spelling needs, stay.
import { describe, expect, it } from 'vitest';
import { commentInbox } from '../../src/lib/analytics/feedback.ts';
import { recordSearchEvent, searchEventSchema } from '../../src/lib/analytics/search-events.ts';
import { createVoteIntake } from '../../src/lib/analytics/vote-intake.ts';
import { cleanDisplayName, stripInvisible } from '../../src/lib/auth/names.ts';
import { cleanContact } from '../../src/lib/contact/text.ts';
import { saveCategory } from '../../src/lib/forum/categories.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { renderMarkdown } from '../../src/lib/markdown/render.ts';
import {
  addWatchedWord,
  cleanWatchedWord,
  importWatchedWordsCsv,
  listWatchedWords,
} from '../../src/lib/moderation/words.ts';
import { searchQueryParam } from '../../src/lib/search/query.ts';
import { setSetting } from '../../src/lib/settings.ts';
import { cleanUserText } from '../../src/lib/text.ts';
import { makeUser } from './factories.ts';
import { testDb } from './helpers.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
/** Every bidi embedding, override and isolate control: LRE RLE PDF LRO RLO, LRI RLI FSI PDI. */
const EMBEDDINGS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const ANY_EMBEDDING = /[\u202A-\u202E\u2066-\u2069]/u;
const SPOOF = 'invoice\u202Efdp.exe';

const moderator = (db: Awaited<ReturnType<typeof testDb>>, role: 'member' | 'moderator' = 'moderator') =>
  makeUser(db, role, { role, createdAt: 'now' });

describe('cleanUserText', () => {
  it('removes every bidi embedding, override and isolate control, and nothing Persian needs', () => {
    for (const control of EMBEDDINGS) expect(cleanUserText(`a${control}b`)).toBe('ab');
    expect(cleanUserText(SPOOF)).toBe('invoicefdp.exe');
    // ZWNJ (می‌شود) and ZWJ (emoji sequences) are spelling, LRM/RLM/ALM only place punctuation: kept.
    expect(cleanUserText('می\u200Cشود 👩\u200D💻 ok\u200E. \u200F\u061C')).toBe(
      'می\u200Cشود 👩\u200D💻 ok\u200E. \u200F\u061C',
    );
  });

  it('NFC, line breaks as \\n, tabs kept, every other C0/C1 control a space', () => {
    expect(cleanUserText('e\u0301')).toBe('é');
    expect(cleanUserText('a\r\nb\rc\n\td')).toBe('a\nb\nc\n\td');
    for (let code = 0; code <= 0x9f; code = code === 0x1f ? 0x7f : code + 1) {
      if ([0x09, 0x0a, 0x0d].includes(code)) continue;
      expect(cleanUserText(`a${String.fromCharCode(code)}b`), code.toString(16)).toBe('a b');
    }
  });
});

describe('every surface of user-written text drops bidi controls', () => {
  it('display names (and their marks too, as before)', () => {
    expect(stripInvisible('Ali\u200E \u2067رضا\u2069')).toBe('Ali رضا');
    expect(cleanDisplayName(`Eve${'\u202E'}lyn`)).toMatchObject({ name: 'Evelyn' });
  });

  it('posts: stored source and rendered HTML', async () => {
    const db = await testDb();
    await setSetting(db, 'trust.holdFirstPosts', 0);
    const member = await moderator(db, 'member');
    const category = await saveCategory(db, 'system', {
      slug: 'billing',
      titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
      position: 1,
    });
    const outcome = await createThread(
      db,
      member,
      {
        locale: 'en',
        categoryId: category.id,
        title: `Where is my ${SPOOF}`,
        body: `Please open ${SPOOF} and \u2067x\u2069 for me.`,
      },
      T0,
    );
    expect(outcome.ok).toBe(true);
    const post = await db.selectFrom('posts').select(['source', 'html']).executeTakeFirstOrThrow();
    expect(post.source).toBe('Please open invoicefdp.exe and x for me.');
    expect(post.html).not.toMatch(ANY_EMBEDDING);
    expect(renderMarkdown(`| a |\n| - |\n| ${SPOOF} |`)).not.toMatch(ANY_EMBEDDING);
  });

  it('article feedback comments, as the writers’ inbox shows them', async () => {
    const db = await testDb();
    const A = 'en/agent-skills/patience-and-empathy';
    const intake = createVoteIntake(db, { isPublished: (id) => id === A });
    const outcome = await intake.submit({
      fields: {
        article: A,
        helpful: 'no',
        reason: 'other',
        comment: `  Download ${SPOOF} \u2066now\u2069 `,
        step: 'details',
      },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
      clientAddress: '203.0.113.7',
      visitor: 'v1',
    });
    expect(outcome).toEqual({ ok: true, step: 'thanks-no' });
    const { rows } = await commentInbox(db);
    expect(rows.map((r) => r.comment)).toEqual(['Download invoicefdp.exe now']);
  });

  it('watched words, added one by one or imported, and as the list shows them', async () => {
    const db = await testDb();
    const staff = await moderator(db);
    expect(cleanWatchedWord('en', `sp${'\u202E'}am`, 'block')).toMatchObject({ word: 'spam', normalized: 'spam' });
    expect(
      await addWatchedWord(db, staff, { locale: 'en', word: `\u202Ecasino\u202C`, action: 'hold' }, T0),
    ).toMatchObject({ ok: true, created: true });
    expect(
      await importWatchedWordsCsv(db, staff, `locale,word,action\nen,\u2067scam\u2069*,censor\n`, T0),
    ).toMatchObject({ added: 1, problems: [] });
    const { words } = await listWatchedWords(db, staff);
    expect(words.map((w) => w.word)).toEqual(['casino', 'scam*']);
  });

  it('contact requests', () => {
    const result = cleanContact({
      subject: `Refund for ${SPOOF}`,
      description: `It says ${SPOOF}\u2069 twice.`,
      email: 'a@example.com',
    });
    expect(result.value).toMatchObject({
      subject: 'Refund for invoicefdp.exe',
      description: 'It says invoicefdp.exe twice.',
    });
  });

  it('the search box’s echo of ?q=, and the searches writers read in the report', async () => {
    expect(searchQueryParam(SPOOF)).toBe('invoicefdp.exe');
    expect(searchQueryParam(`  refund\u0000order\u2066 `)).toBe('refund order');
    expect(searchQueryParam(null)).toBe('');
    expect(searchQueryParam('x'.repeat(500))).toHaveLength(200);
    const db = await testDb();
    const event = searchEventSchema.parse({ locale: 'en', query: ` ${SPOOF} `, results: 0 });
    await recordSearchEvent(db, event, T0);
    expect((await db.selectFrom('search_events').select('query').executeTakeFirstOrThrow()).query).toBe(
      'invoicefdp.exe',
    );
  });
});
