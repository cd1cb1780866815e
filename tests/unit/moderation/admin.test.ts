// The helpers behind the moderators' admin screens: marking matched spans in a tested text,
// reading the settings form, a user's moderation record, and reading an uploaded or pasted CSV.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import type { Role } from '../../../src/lib/db/schema.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { readFormWithText } from '../../../src/lib/http/form.ts';
import {
  getWatchedWord,
  highlightSegments,
  userModerationRecord,
  userNames,
} from '../../../src/lib/moderation/admin.ts';
import { readSettingsForm } from '../../../src/lib/moderation/settings-form.ts';
import { flagPost } from '../../../src/lib/moderation/flags.ts';
import { silenceUser, suspendUser, warnUser } from '../../../src/lib/moderation/sanctions.ts';
import { MODERATION_SETTING_KEYS } from '../../../src/lib/moderation/settings.ts';
import { addWatchedWord, screenText } from '../../../src/lib/moderation/words.ts';
import { makeUser } from '../factories.ts';
import { testDb } from '../helpers.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const blns = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8')) as string[];

describe('highlightSegments', () => {
  const words = [
    { id: 1, word: 'کلاهبردار', action: 'hold' as const },
    { id: 2, word: 'می‌فروشم', action: 'censor' as const },
    { id: 3, word: 'فروشم', action: 'block' as const },
    { id: 4, word: 'casino', action: 'block' as const },
  ];

  it('cuts the text where matches start and end, and marks exactly the matched spelling', () => {
    const text = 'او کلاه‌بـــردار است';
    const screen = screenText('fa', text, words);
    const segments = highlightSegments(text, screen.matches);
    expect(segments).toEqual([
      { text: 'او ', matches: [] },
      { text: 'کلاه‌بـــردار', matches: [0] },
      { text: ' است', matches: [] },
    ]);
  });

  it('overlapping matches (a Persian prefix written apart and the word itself) make one segment per overlap', () => {
    const text = 'ارزان مي فروشم';
    const screen = screenText('fa', text, words);
    expect(screen.matches.map((m) => [m.wordId, m.how])).toEqual([
      [2, 'joined'],
      [3, 'exact'],
    ]);
    const segments = highlightSegments(text, screen.matches);
    expect(segments.map((s) => [s.text, s.matches])).toEqual([
      ['ارزان ', []],
      ['مي ', [0]],
      ['فروشم', [0, 1]],
    ]);
  });

  it('with no matches the text is one plain segment; an empty text has none', () => {
    expect(highlightSegments('nothing here', [])).toEqual([{ text: 'nothing here', matches: [] }]);
    expect(highlightSegments('', [])).toEqual([]);
  });

  it('ignores spans outside the text and always gives back the whole text, in order (naughty strings)', () => {
    expect(
      highlightSegments('abc', [
        { start: 2, end: 10 },
        { start: 1, end: 1 },
      ]),
    ).toEqual([{ text: 'abc', matches: [] }]);
    for (const naughty of blns) {
      const text = `${naughty} casino ${naughty}`;
      const screen = screenText('en', text, words);
      const segments = highlightSegments(text, screen.matches);
      expect(segments.map((s) => s.text).join('')).toBe(text);
      expect(segments.some((s) => s.matches.length > 0)).toBe(true);
    }
  });
});

describe('readSettingsForm', () => {
  it('reads whole numbers in range, in ASCII, Persian or Arabic-Indic digits', () => {
    const read = readSettingsForm({
      'moderation.flagThreshold': '5',
      'trust.promoteDays': '۳',
      'spam.minSubmitSeconds': ' ٢ ',
    });
    expect(read.values).toEqual({ 'moderation.flagThreshold': 5, 'trust.promoteDays': 3, 'spam.minSubmitSeconds': 2 });
    expect(read.problems).toEqual({});
  });

  it('says which field is out of range or not a whole number, and keeps what was typed', () => {
    const read = readSettingsForm({
      'moderation.flagThreshold': '0',
      'moderation.claimMinutes': '241',
      'trust.newUserMaxLinks': '2.5',
      'trust.promotePosts': 'many',
      'trust.holdFirstPosts': '',
      'spam.duplicateWindowMinutes': '-1',
    });
    expect(read.problems).toEqual({
      'moderation.flagThreshold': 'outOfRange',
      'moderation.claimMinutes': 'outOfRange',
      'trust.newUserMaxLinks': 'notWholeNumber',
      'trust.promotePosts': 'notWholeNumber',
      'trust.holdFirstPosts': 'notWholeNumber',
      'spam.duplicateWindowMinutes': 'notWholeNumber',
    });
    expect(read.values).toEqual({});
    expect(read.entered['moderation.flagThreshold']).toBe('0');
    expect(read.entered['trust.promotePosts']).toBe('many');
  });

  it('accepts both ends of every range and ignores fields it does not know', () => {
    const read = readSettingsForm({ 'moderation.flagThreshold': '1', 'moderation.trustedFlagLevel': '4', other: '7' });
    expect(read.values).toEqual({ 'moderation.flagThreshold': 1, 'moderation.trustedFlagLevel': 4 });
    expect(Object.keys(read.entered)).toEqual(['moderation.flagThreshold', 'moderation.trustedFlagLevel']);
    expect(MODERATION_SETTING_KEYS.length).toBe(12);
  });
});

const person = (db: Db, name: string, role: Role = 'member') => makeUser(db, name, { role });

describe('userModerationRecord', () => {
  it('counts posts and flags received, shows only sanctions in force, and is for moderators only', async () => {
    const db = await testDb();
    const { id: categoryId } = await saveCategory(db, 'system', {
      slug: 'billing',
      titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
    });
    const author = await person(db, 'Author');
    const member = await person(db, 'Member');
    const moderator = await person(db, 'Moderator', 'moderator');
    const thread = await createThread(
      db,
      author,
      { locale: 'en', categoryId, title: 'Refund for a cancelled order', body: 'Where is my refund for order 42?' },
      T0,
    );
    if (!thread.ok) throw new Error('thread');
    const second = await reply(db, author, thread.threadId, 'Still waiting for the refund, any news?', T0 + 60_000);
    if (!second.ok) throw new Error('reply');
    expect((await flagPost(db, member, second.postId, { reason: 'spam' }, T0 + 120_000)).ok).toBe(true);

    await expect(userModerationRecord(db, member, author.id)).rejects.toBeInstanceOf(AuthorizationError);
    await expect(userModerationRecord(db, null, author.id)).rejects.toMatchObject({ status: 401 });
    expect(await userModerationRecord(db, moderator, 999_999)).toBeNull();

    let record = await userModerationRecord(db, moderator, author.id, T0 + DAY);
    expect(record).toMatchObject({
      id: author.id,
      name: 'Author',
      role: 'member',
      trustLevel: 1,
      posts: 2,
      flagsReceived: 1,
      silencedUntil: null,
      suspendedUntil: null,
    });

    await warnUser(db, moderator, author.id, { reason: 'Be kind' }, T0);
    await silenceUser(db, moderator, author.id, { reason: 'Cool down', duration: '1d' }, T0);
    await suspendUser(db, moderator, author.id, { reason: 'Spam', duration: '7d' }, T0);
    record = await userModerationRecord(db, moderator, author.id, T0 + 2 * DAY);
    expect(record?.silencedUntil).toBeNull(); // the day of silence is over
    expect(record?.suspendedUntil).toBe(new Date(T0 + 7 * DAY).toISOString());
    expect(await userNames(db, [moderator.id, null, moderator.id, 999_999])).toEqual(
      new Map([[moderator.id, 'Moderator']]),
    );
    expect(await userNames(db, [])).toEqual(new Map());
  });
});

describe('readFormWithText', () => {
  const MAX = 1000;
  const post = (body: FormData | URLSearchParams) => new Request('http://localhost/admin/', { method: 'POST', body });

  it('reads an uploaded UTF-8 file (byte order mark dropped) and the other fields', async () => {
    const form = new FormData();
    form.set('intent', 'import');
    form.set(
      'file',
      new File(['\uFEFFlocale,word,action\r\nfa,کلاهبردار,hold\r\n'], 'words.csv', { type: 'text/csv' }),
    );
    const read = await readFormWithText(post(form), { file: 'file', long: ['csv'], maxBytes: MAX });
    expect(read).toEqual({
      fields: { intent: 'import' },
      file: 'locale,word,action\r\nfa,کلاهبردار,hold\r\n',
      tooLarge: false,
      notText: false,
    });
  });

  it('keeps a long pasted field whole instead of cutting it, up to the limit, and refuses more', async () => {
    const long = 'x'.repeat(25_000);
    const ok = await readFormWithText(post(new URLSearchParams({ csv: long, intent: 'import' })), {
      file: 'file',
      long: ['csv'],
      maxBytes: 30_000,
    });
    expect(ok.fields.csv).toBe(long);
    const big = await readFormWithText(post(new URLSearchParams({ csv: 'й'.repeat(600), intent: 'import' })), {
      file: 'file',
      long: ['csv'],
      maxBytes: MAX,
    });
    expect(big.tooLarge).toBe(true); // 1,200 bytes of UTF-8
    expect(big.fields.csv).toBeUndefined();
    expect(big.fields.intent).toBe('import');
  });

  it('refuses a file that is too large or not UTF-8; an empty file input is no file', async () => {
    const form = new FormData();
    form.set('file', new File(['a'.repeat(MAX + 1)], 'big.csv'));
    expect((await readFormWithText(post(form), { file: 'file', long: [], maxBytes: MAX })).tooLarge).toBe(true);
    const latin1 = new FormData();
    latin1.set('file', new File([new Uint8Array([0x66, 0x61, 0x2c, 0xe9, 0xff])], 'latin1.csv'));
    const read = await readFormWithText(post(latin1), { file: 'file', long: [], maxBytes: MAX });
    expect(read).toMatchObject({ notText: true, file: null });
    const empty = new FormData();
    empty.set('file', new File([], ''));
    expect((await readFormWithText(post(empty), { file: 'file', long: [], maxBytes: MAX })).file).toBeNull();
  });

  it('a body declared far larger than allowed is refused before it is read', async () => {
    const request = new Request('http://localhost/admin/', {
      method: 'POST',
      body: 'x=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(10 * 1024 * 1024) },
    });
    expect((await readFormWithText(request, { file: 'file', long: [], maxBytes: MAX })).tooLarge).toBe(true);
  });
});

describe('getWatchedWord', () => {
  it('finds a stored word by id for moderators only', async () => {
    const db = await testDb();
    const moderator = await person(db, 'Words Mod', 'moderator');
    const member = await person(db, 'Words Member');
    const added = await addWatchedWord(db, moderator, { locale: 'fa', word: 'کلاهبردار', action: 'hold' });
    if (!added.ok) throw new Error('add');
    expect(await getWatchedWord(db, moderator, added.id)).toEqual({ id: added.id, locale: 'fa', word: 'کلاهبردار' });
    expect(await getWatchedWord(db, moderator, added.id + 1)).toBeNull();
    await expect(getWatchedWord(db, member, added.id)).rejects.toMatchObject({ status: 403 });
  });
});
