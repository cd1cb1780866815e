// The composer's server side (src/lib/forum/composer.ts): composer events applied to the
// writer's own session only, article clicks, resuming a tab's session, thread paths and paged
// forum search that never shows hidden or deleted threads.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import type { Role } from '../../../src/lib/db/schema.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import {
  composerEventSchema,
  handleComposerEvent,
  ownedComposerSession,
  recordArticleSuggestionClick,
  searchThreadPage,
  threadHitView,
} from '../../../src/lib/forum/composer.ts';
import { threadPath } from '../../../src/lib/forum/urls.ts';
import { deflectionFunnel } from '../../../src/lib/forum/deflection.ts';
import { searchThreads } from '../../../src/lib/forum/search.ts';
import { createThread, deleteThread, hideThread } from '../../../src/lib/forum/threads.ts';
import { makeUser } from '../factories.ts';
import { testDb } from '../helpers.ts';
import { setSetting } from '../../../src/lib/settings.ts';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const MINUTE = 60_000;

/** A brand-new account writing in Persian. */
const person = (db: Db, name: string, role: Role = 'member') =>
  makeUser(db, name, { role, locale: 'fa', createdAt: 'now' });

async function setup() {
  const db = await testDb();
  // Same body in many threads on purpose: duplicate detection (moderation/spam.test.ts) is off here.
  await setSetting(db, 'spam.duplicateWindowMinutes', 0);
  const { id: categoryId } = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
  });
  return {
    db,
    categoryId,
    writer: await person(db, 'سارا'),
    other: await person(db, 'Ольга'),
    moderator: await person(db, 'رضا ناظر', 'moderator'),
  };
}

const row = (db: Db, id: string) =>
  db.selectFrom('composer_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('composer events', () => {
  it('validates what the page sends and nothing more', () => {
    expect(composerEventSchema.safeParse({ type: 'start', locale: 'fa' }).success).toBe(true);
    expect(composerEventSchema.safeParse({ type: 'start', locale: 'de' }).success).toBe(false);
    expect(composerEventSchema.safeParse({ type: 'shown', id: 'a'.repeat(24), count: 3 }).success).toBe(true);
    expect(composerEventSchema.safeParse({ type: 'shown', id: 'a'.repeat(24), count: 0 }).success).toBe(false);
    expect(composerEventSchema.safeParse({ type: 'shown', id: 'a'.repeat(24), count: 21 }).success).toBe(false);
    expect(composerEventSchema.safeParse({ type: 'click', id: "x' OR 1=1 --xxxxxxxxxxxxx" }).success).toBe(false);
    expect(composerEventSchema.safeParse({ type: 'abandon', id: 'a'.repeat(24), extra: 1 }).success).toBe(false);
  });

  it('records shown, clicked (threads and articles) and abandoned: a deflection', async () => {
    const { db, writer } = await setup();
    const started = await handleComposerEvent(db, writer.id, { type: 'start', locale: 'ru' }, T0);
    expect(started).toMatchObject({ resumed: false });
    const id = (started as { id: string }).id;
    expect(await handleComposerEvent(db, writer.id, { type: 'shown', id, count: 4 }, T0 + 1)).toEqual({
      recorded: true,
    });
    expect(await handleComposerEvent(db, writer.id, { type: 'click', id, thread: 7, shown: 1 }, T0 + 2)).toEqual({
      recorded: true,
    });
    expect(await handleComposerEvent(db, writer.id, { type: 'click', id }, T0 + 3)).toEqual({ recorded: true });
    expect(await handleComposerEvent(db, writer.id, { type: 'abandon', id, shown: 2 }, T0 + 4)).toEqual({
      recorded: true,
    });
    expect(await row(db, id)).toMatchObject({
      user_id: writer.id,
      locale: 'ru',
      suggestions_shown: 7,
      suggestions_clicked: 2,
      last_clicked_thread_id: 7,
      outcome: 'abandoned',
      ended_at: T0 + 4,
    });
    expect(await deflectionFunnel(db, { fromMs: T0, toMs: T0 + MINUTE })).toMatchObject({
      sessions: 1,
      clicked: 1,
      deflected: 1,
    });
    // Closed: later events change nothing.
    expect(await handleComposerEvent(db, writer.id, { type: 'click', id, thread: 8 }, T0 + 5)).toEqual({
      recorded: false,
    });
    expect(await recordArticleSuggestionClick(db, id, T0 + 5)).toBe(false);
  });

  it("applies events only to the writer's own session", async () => {
    const { db, writer, other } = await setup();
    const { id } = (await handleComposerEvent(db, writer.id, { type: 'start', locale: 'fa' }, T0)) as { id: string };
    expect(await handleComposerEvent(db, other.id, { type: 'shown', id, count: 3 }, T0 + 1)).toEqual({
      recorded: false,
    });
    expect(await handleComposerEvent(db, other.id, { type: 'abandon', id }, T0 + 1)).toEqual({ recorded: false });
    expect(await row(db, id)).toMatchObject({ suggestions_shown: 0, outcome: 'open' });
    expect(await ownedComposerSession(db, id, writer.id)).toBe(id);
    expect(await ownedComposerSession(db, id, other.id)).toBeNull();
    expect(await ownedComposerSession(db, 'not a session', writer.id)).toBeNull();
    expect(await ownedComposerSession(db, undefined, writer.id)).toBeNull();
  });

  it("resumes a tab's open session, starts a new one otherwise, and sweeps idle ones on start", async () => {
    const { db, writer, other } = await setup();
    const { id } = (await handleComposerEvent(db, writer.id, { type: 'start', locale: 'fa' }, T0)) as { id: string };
    expect(await handleComposerEvent(db, writer.id, { type: 'start', locale: 'fa', resume: id }, T0 + MINUTE)).toEqual({
      id,
      resumed: true,
    });
    // Someone else's id, or another locale's, is not resumed.
    expect(
      await handleComposerEvent(db, other.id, { type: 'start', locale: 'fa', resume: id }, T0 + MINUTE),
    ).toMatchObject({ resumed: false });
    expect(
      await handleComposerEvent(db, writer.id, { type: 'start', locale: 'ru', resume: id }, T0 + MINUTE),
    ).toMatchObject({ resumed: false });
    // Left (a reload, Back from a suggestion) and back within five minutes: the same visit.
    await handleComposerEvent(db, writer.id, { type: 'abandon', id }, T0 + 2 * MINUTE);
    expect(
      await handleComposerEvent(db, writer.id, { type: 'start', locale: 'fa', resume: id }, T0 + 3 * MINUTE),
    ).toEqual({ id, resumed: true });
    expect(await row(db, id)).toMatchObject({ outcome: 'open', ended_at: null });
    // Back later than that: a new visit, and the old one stays abandoned.
    await handleComposerEvent(db, writer.id, { type: 'abandon', id }, T0 + 4 * MINUTE);
    const fresh = await handleComposerEvent(
      db,
      writer.id,
      { type: 'start', locale: 'fa', resume: id },
      T0 + 10 * MINUTE,
    );
    expect(fresh).toMatchObject({ resumed: false });
    expect((fresh as { id: string }).id).not.toBe(id);
    expect(await row(db, id)).toMatchObject({ outcome: 'abandoned', ended_at: T0 + 4 * MINUTE });
    // An hour later every session left open is closed as abandoned by the next start.
    await handleComposerEvent(db, writer.id, { type: 'start', locale: 'en' }, T0 + 60 * MINUTE);
    expect(await db.selectFrom('composer_sessions').select('outcome').where('locale', '!=', 'en').execute()).toEqual(
      expect.not.arrayContaining([{ outcome: 'open' }]),
    );
  });

  it('is marked posted when the question is created in it, even after a click and a leave', async () => {
    const { db, writer, categoryId } = await setup();
    const { id } = (await handleComposerEvent(db, writer.id, { type: 'start', locale: 'fa' }, T0)) as { id: string };
    await handleComposerEvent(db, writer.id, { type: 'click', id, thread: 3, shown: 2 }, T0 + 1);
    await handleComposerEvent(db, writer.id, { type: 'abandon', id }, T0 + 2);
    const created = await createThread(
      db,
      writer,
      { locale: 'fa', categoryId, title: 'فاکتور رسمی برای شرکت لازم دارم', body: 'جزئیات', composerSessionId: id },
      T0 + 3,
    );
    expect(created.ok).toBe(true);
    expect(await row(db, id)).toMatchObject({
      outcome: 'posted',
      suggestions_shown: 2,
      suggestions_clicked: 1,
      thread_id: created.ok ? created.threadId : -1,
    });
    // A posted session is never reopened, however soon the tab comes back.
    expect(await handleComposerEvent(db, writer.id, { type: 'start', locale: 'fa', resume: id }, T0 + 4)).toMatchObject(
      { resumed: false },
    );
    expect(await row(db, id)).toMatchObject({ outcome: 'posted' });
  });
});

describe('thread paths and hits', () => {
  it('percent-encodes the slug, so a Persian title is a valid Location header', () => {
    const path = threadPath({ locale: 'fa', id: 12, slug: 'فاکتور-رسمی' });
    expect(path).toBe('/fa/community/t/12/%D9%81%D8%A7%DA%A9%D8%AA%D9%88%D8%B1-%D8%B1%D8%B3%D9%85%DB%8C/');
    expect(() => new Headers({ Location: path })).not.toThrow();
    expect(decodeURIComponent(path)).toBe('/fa/community/t/12/فاکتور-رسمی/');
  });

  it('gives the browser title, link, excerpt, solved state, replies and category', async () => {
    const { db, writer, categoryId } = await setup();
    await createThread(
      db,
      writer,
      { locale: 'ru', categoryId, title: 'Не приходит письмо для сброса пароля', body: 'Жду уже час.' },
      T0,
    );
    const [hit] = (await searchThreads(db, 'ru', 'письмо')).hits;
    expect(threadHitView(hit!, new Map([[categoryId, 'Оплата']]))).toEqual({
      id: hit!.id,
      title: 'Не приходит письмо для сброса пароля',
      url: `/ru/community/t/${hit!.id}/${encodeURIComponent(hit!.slug)}/`,
      excerpt: 'Жду уже час.',
      solved: false,
      replies: 0,
      category: 'Оплата',
    });
  });
});

describe('paged forum search', () => {
  it('pages through matches in order and says when more follow', async () => {
    const { db, moderator, categoryId } = await setup();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await createThread(
        db,
        moderator,
        { locale: 'en', categoryId, title: `Invoice question number ${i + 1}`, body: 'Where is my invoice?' },
        T0 + i,
      );
      if (created.ok) ids.push(created.threadId);
    }
    const first = await searchThreadPage(db, 'en', 'invoice', { pageSize: 2 });
    const second = await searchThreadPage(db, 'en', 'invoice', { page: 2, pageSize: 2 });
    const third = await searchThreadPage(db, 'en', 'invoice', { page: 3, pageSize: 2 });
    expect([first.hits.length, second.hits.length, third.hits.length]).toEqual([2, 2, 1]);
    expect([first.more, second.more, third.more]).toEqual([true, true, false]);
    const seen = [...first.hits, ...second.hits, ...third.hits].map((h) => h.id);
    expect(new Set(seen).size).toBe(5);
    expect(seen.sort()).toEqual(ids.sort());
    // Nonsense page numbers fall back to the nearest real page.
    expect((await searchThreadPage(db, 'en', 'invoice', { page: Number.NaN, pageSize: 2 })).page).toBe(1);
    expect((await searchThreadPage(db, 'en', 'invoice', { page: 10_000 })).page).toBe(25);
    expect(await searchThreadPage(db, 'en', '   ')).toEqual({ terms: [], hits: [], page: 1, more: false });
  });

  it('never shows hidden or deleted threads, and falls back to any word', async () => {
    const { db, moderator, writer, categoryId } = await setup();
    const make = async (title: string) => {
      const created = await createThread(db, writer, { locale: 'fa', categoryId, title, body: 'متن پرسش' }, T0);
      if (!created.ok) throw new Error(created.problem);
      return created.threadId;
    };
    const visible = await make('کد تخفیف زمستانی اعمال نمی‌شود');
    const hidden = await make('کد تخفیف پنهان‌شده برای آزمون');
    const deleted = await make('کد تخفیف حذف‌شده برای آزمون');
    expect((await hideThread(db, moderator, hidden, 'spam', T0 + 1)).ok).toBe(true);
    expect((await deleteThread(db, moderator, deleted, 'duplicate', T0 + 1)).ok).toBe(true);
    expect((await searchThreadPage(db, 'fa', 'كد تخفيف')).hits.map((h) => h.id)).toEqual([visible]);
    // No thread has both words: any word matches.
    expect((await searchThreadPage(db, 'fa', 'تخفیف بنزین')).hits.map((h) => h.id)).toEqual([visible]);
  });
});
