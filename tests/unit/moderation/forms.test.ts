// The queue's and the thread page's moderator forms (lib/moderation/review-form.ts,
// thread-form.ts): every operation reaches its function, the claim guards sanctions too, bad
// input is refused, and the audit-log filters read from a URL only what they should.
import { describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../../src/lib/auth/authorize.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import type { Role } from '../../../src/lib/db/schema.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { createThread, threadPage } from '../../../src/lib/forum/threads.ts';
import {
  flagPost,
  getReviewItem,
  readAuditQuery,
  REVIEW_OPS,
  runReviewForm,
  runThreadTool,
  threadIdFrom,
  visibleThreadLink,
} from '../../../src/lib/moderation/index.ts';
import { makeUser, ok } from '../factories.ts';
import { testDb } from '../helpers.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const MINUTE = 60_000;

const person = (db: Db, name: string, role: Role = 'member') => makeUser(db, name, { role });

async function setup() {
  const db = await testDb();
  const { id: categoryId } = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
  });
  const { id: otherCategoryId } = await saveCategory(db, 'system', {
    slug: 'accounts',
    titles: { fa: 'حساب', ru: 'Аккаунт', en: 'Accounts' },
  });
  const author = await person(db, 'Author');
  const member = await person(db, 'Ann');
  const moderator = await person(db, 'Mod One', 'moderator');
  const moderator2 = await person(db, 'Mod Two', 'moderator');
  const thread = ok(
    await createThread(
      db,
      author,
      {
        locale: 'en',
        categoryId,
        title: 'Refund for a cancelled order',
        body: 'I cancelled order 42, where is my refund?',
      },
      T0,
    ),
  );
  const other = ok(
    await createThread(
      db,
      member,
      {
        locale: 'en',
        categoryId,
        title: 'Where is my refund for order 42?',
        body: 'Order 42 was cancelled a week ago.',
      },
      T0 + MINUTE,
    ),
  );
  const spam = ok(await reply(db, author, thread.threadId, 'Buy cheap watches at my shop today', T0 + 2 * MINUTE));
  const { itemId } = ok(await flagPost(db, member, spam.postId, { reason: 'spam', note: 'shop' }, T0 + 3 * MINUTE));
  return { db, categoryId, otherCategoryId, author, member, moderator, moderator2, thread, other, spam, itemId };
}

describe('review queue form', () => {
  it('claims, then refuses another moderator every operation on the item, sanctions included', async () => {
    const { db, moderator, moderator2, itemId, author } = await setup();
    expect(ok(await runReviewForm(db, moderator, { op: 'claim', item: String(itemId) }, T0 + 4 * MINUTE))).toEqual({
      ok: true,
      op: 'claim',
      itemId,
    });
    for (const op of REVIEW_OPS) {
      const outcome = await runReviewForm(
        db,
        moderator2,
        { op, item: String(itemId), reason: 'because', body: 'Edited text here', duration: '7d' },
        T0 + 5 * MINUTE,
      );
      expect(outcome, op).toEqual({ ok: false, problem: 'claimed' });
    }
    const row = await db
      .selectFrom('users')
      .select(['silenced_until', 'suspended_until'])
      .where('id', '=', author.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ silenced_until: null, suspended_until: null });
    const sanctions = await db.selectFrom('user_sanctions').selectAll().execute();
    expect(sanctions).toEqual([]);
  });

  it('warns, suspends and restores through the form, each in the item history, with the reason required for sanctions', async () => {
    const { db, moderator, itemId, author } = await setup();
    expect(
      await runReviewForm(db, moderator, { op: 'warn', item: String(itemId), reason: '  ' }, T0 + 4 * MINUTE),
    ).toEqual({ ok: false, problem: 'reasonRequired' });
    expect(
      await runReviewForm(
        db,
        moderator,
        { op: 'suspend', item: String(itemId), reason: 'spam', duration: '2d' },
        T0 + 4 * MINUTE,
      ),
    ).toEqual({ ok: false, problem: 'invalidInput' });
    ok(
      await runReviewForm(
        db,
        moderator,
        { op: 'warn', item: String(itemId), reason: 'No advertising, please' },
        T0 + 5 * MINUTE,
      ),
    );
    ok(
      await runReviewForm(
        db,
        moderator,
        { op: 'suspend', item: String(itemId), reason: 'Advertising again', duration: '7d' },
        T0 + 6 * MINUTE,
      ),
    );
    ok(await runReviewForm(db, moderator, { op: 'hide', item: String(itemId), reason: 'shop link' }, T0 + 7 * MINUTE));
    const suspended = await db
      .selectFrom('users')
      .select('suspended_until')
      .where('id', '=', author.id)
      .executeTakeFirstOrThrow();
    expect(suspended.suspended_until).toBe(new Date(T0 + 6 * MINUTE + 7 * 24 * 60 * MINUTE).toISOString());
    const item = (await getReviewItem(db, moderator, itemId))!;
    expect(item.history.map((h) => h.action)).toEqual(['user.warn', 'user.suspend', 'post.hide']);
    expect(item.status).toBe('rejected');
    expect(item.author.sanctions.map((s) => s.kind)).toEqual(['suspend', 'warn']);
  });

  it('refuses warn, silence and suspend on a staff author with staffAccount, changing nothing', async () => {
    const { db, moderator, moderator2, member, thread } = await setup();
    const staffPost = ok(
      await reply(db, moderator2, thread.threadId, 'Please include your order number.', T0 + 4 * MINUTE),
    );
    const { itemId } = ok(
      await flagPost(db, member, staffPost.postId, { reason: 'other', note: 'rude' }, T0 + 5 * MINUTE),
    );
    const ownPost = ok(await reply(db, moderator, thread.threadId, 'Refunds take five working days.', T0 + 6 * MINUTE));
    const { itemId: ownItemId } = ok(
      await flagPost(db, member, ownPost.postId, { reason: 'other', note: 'wrong' }, T0 + 7 * MINUTE),
    );
    for (const item of [itemId, ownItemId]) {
      for (const op of ['warn', 'silence', 'suspend']) {
        const outcome = await runReviewForm(
          db,
          moderator,
          { op, item: String(item), reason: 'because', duration: '7d' },
          T0 + 8 * MINUTE,
        );
        expect(outcome, `${op} on item ${item}`).toEqual({ ok: false, problem: 'staffAccount' });
      }
    }
    const rows = await db
      .selectFrom('users')
      .select(['silenced_until', 'suspended_until'])
      .where('id', 'in', [moderator.id, moderator2.id])
      .execute();
    expect(rows).toEqual([
      { silenced_until: null, suspended_until: null },
      { silenced_until: null, suspended_until: null },
    ]);
    expect(await db.selectFrom('user_sanctions').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('moderation_audit').selectAll().where('action', 'like', 'user.%').execute()).toEqual([]);
  });

  it('refuses malformed input and anyone but moderators', async () => {
    const { db, moderator, member, itemId } = await setup();
    expect(await runReviewForm(db, moderator, { op: 'explode', item: String(itemId) })).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
    expect(await runReviewForm(db, moderator, { op: 'approve', item: '1e3' })).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
    expect(await runReviewForm(db, moderator, { op: 'approve', item: '999999' })).toEqual({
      ok: false,
      problem: 'notFound',
    });
    expect(
      await runReviewForm(db, moderator, {
        op: 'edit',
        item: String(itemId),
        body: 'Better text for this reply',
        reason: '',
      }),
    ).toEqual({ ok: false, problem: 'reasonRequired' });
    await expect(runReviewForm(db, member, { op: 'approve', item: String(itemId) })).rejects.toBeInstanceOf(
      AuthorizationError,
    );
    await expect(runReviewForm(db, null, { op: 'approve', item: String(itemId) })).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('audit log filters from the URL', () => {
  it('keeps known actions and positive ids, drops the rest', () => {
    expect(readAuditQuery(new URLSearchParams('actor=3&action=user.warn&user=7&item=9&before=100'))).toEqual({
      actorId: 3,
      action: 'user.warn',
      userId: 7,
      itemId: 9,
      before: 100,
    });
    expect(readAuditQuery(new URLSearchParams('actor=x&action=drop table&user=-1&item=0&before=1.5'))).toEqual({});
    expect(readAuditQuery(new URLSearchParams('action=system.flagHide'))).toEqual({ action: 'system.flagHide' });
  });
});

describe('thread tools form', () => {
  it('reads a duplicate original from a number or a link', () => {
    expect(threadIdFrom('42')).toBe(42);
    expect(threadIdFrom(' #42 ')).toBe(42);
    expect(threadIdFrom('https://help.example/fa/community/t/42/%D8%B3%D9%84%D8%A7%D9%85/')).toBe(42);
    expect(threadIdFrom('/ru/community/t/7')).toBe(7);
    expect(threadIdFrom('/ru/community/t/7x/')).toBeNull();
    expect(threadIdFrom('javascript:alert(1)')).toBeNull();
    expect(threadIdFrom('0')).toBeNull();
  });

  it('locks, moves, slows and closes as a duplicate, refusing bad input and members', async () => {
    const { db, moderator, member, thread, other, otherCategoryId } = await setup();
    const id = thread.threadId;
    ok(await runThreadTool(db, moderator, id, { tool: 'lock', reason: 'heated' }));
    ok(await runThreadTool(db, moderator, id, { tool: 'move', category: String(otherCategoryId) }));
    ok(await runThreadTool(db, moderator, id, { tool: 'slowMode', minutes: '15' }));
    expect(await runThreadTool(db, moderator, id, { tool: 'slowMode', minutes: '-5' })).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
    expect(await runThreadTool(db, moderator, id, { tool: 'move', category: 'abc' })).toEqual({
      ok: false,
      problem: 'invalidCategory',
    });
    expect(await runThreadTool(db, moderator, id, { tool: 'duplicate', original: String(id) })).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
    expect(await runThreadTool(db, moderator, id, { tool: 'duplicate', original: 'not a thread' })).toEqual({
      ok: false,
      problem: 'invalidInput',
    });
    ok(
      await runThreadTool(db, moderator, other.threadId, {
        tool: 'duplicate',
        original: `/en/community/t/${id}/refund/`,
        reason: 'same order',
      }),
    );
    const page = (await threadPage(db, null, other.threadId, 1))!;
    expect(page.thread.duplicateOf).toBe(id);
    expect(page.thread.locked).toBe(true);
    expect(await visibleThreadLink(db, id)).toMatchObject({ id, locale: 'en' });
    const first = (await threadPage(db, null, id, 1))!;
    expect(first.thread).toMatchObject({ locked: true, slowModeMinutes: 15, category: { id: otherCategoryId } });
    expect(await runThreadTool(db, moderator, id, { tool: 'explode' })).toEqual({ ok: false, problem: 'invalidInput' });
    await expect(runThreadTool(db, member, id, { tool: 'unlock' })).rejects.toBeInstanceOf(AuthorizationError);
    const actions = (
      await db
        .selectFrom('moderation_audit')
        .select('action')
        .where('thread_id', 'in', [id, other.threadId])
        .where('actor_id', '=', moderator.id)
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual(['thread.lock', 'thread.move', 'thread.slowMode', 'thread.duplicate']);
  });
});
