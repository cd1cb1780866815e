import { afterEach, describe, expect, it } from 'vitest';
import { deleteAccount, tombstoneEmail } from '../../../src/lib/account-data/delete.ts';
import { EXPORT_SCHEMA, exportAccountData, exportResponse } from '../../../src/lib/account-data/export.ts';
import { runDeleteAccountForm, runExportForm } from '../../../src/lib/account-data/forms.ts';
import { signIn, signUp } from '../../../src/lib/auth/accounts.ts';
import { hashPassword } from '../../../src/lib/auth/password.ts';
import { createSession, validateSessionToken, type SessionUser } from '../../../src/lib/auth/session.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { editPost, reply } from '../../../src/lib/forum/posts.ts';
import { recentlySolvedThreads } from '../../../src/lib/forum/public-threads.ts';
import { threadView } from '../../../src/lib/forum/thread-view.ts';
import { threadPage } from '../../../src/lib/forum/threads.ts';
import { useTranslations } from '../../../src/i18n/index.ts';
import { buildAtomFeed } from '../../../src/lib/seo/atom.ts';
import { solvedThreadsFeed } from '../../../src/lib/seo/feeds.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import { watchThread } from '../../../src/lib/forum/watches.ts';
import { follow } from '../../../src/lib/follows/follows.ts';
import { setDigest } from '../../../src/lib/digest/preference.ts';
import { flagPost } from '../../../src/lib/moderation/flags.ts';
import { outboxMailer } from '../../../src/lib/mail/index.ts';
import { ok } from '../factories.ts';
import { fanOut } from '../helpers.ts';
import { ask, forum, T0 } from '../forum/fixture.ts';

const PASSWORD = 'correct horse battery';
const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
});

/**
 * Sara (the member under test) asks, replies, edits (a revision), votes, flags, watches, has two
 * sessions, a notification, a warning and a contact request; Dmitry (another member) does the same
 * kinds of things, so a leak of his rows into her export shows.
 */
async function scene() {
  const f = await forum();
  const { db, categoryId, asker: sara, helper: dmitry } = f;
  dbs.push(db);
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(PASSWORD), email: 'sara@example.com' })
    .where('id', '=', sara.id)
    .execute();
  const own = await ask(db, sara, categoryId, 'How do I change my card?', 'My card expired.', T0);
  const other = await ask(db, dmitry, categoryId, 'Where are invoices?', 'Dmitry secret question text.', T0 + 1);
  const saraReply = ok(await reply(db, sara, other.threadId, 'Under Billing → Invoices.', T0 + 2));
  ok(await editPost(db, sara, saraReply.postId, { body: 'Under Billing → Invoices (edited).' }, T0 + 3));
  const dmitryReply = ok(await reply(db, dmitry, own.threadId, 'Settings → Card.', T0 + 4));
  ok(await votePost(db, sara, dmitryReply.postId, T0 + 5));
  ok(await votePost(db, dmitry, saraReply.postId, T0 + 5));
  ok(await flagPost(db, sara, other.postId, { reason: 'other', note: 'Sara flag note' }, T0 + 6));
  ok(await flagPost(db, dmitry, own.postId, { reason: 'spam', note: 'Dmitry flag note' }, T0 + 6));
  ok(await watchThread(db, sara, other.threadId, T0 + 7));
  await follow(db, sara.id, 'community', 'billing', T0 + 7);
  await follow(db, dmitry.id, 'articles', 'getting-started', T0 + 7);
  await setDigest(db, sara.id, true, T0 + 7);
  await setDigest(db, dmitry.id, true, T0 + 7);
  await db
    .insertInto('digest_mails')
    .values({
      user_id: sara.id,
      week: '2026-W47',
      items: '{}',
      state: 'sent',
      next_attempt_at: T0,
      sent_at: T0 + 8,
      created_at: T0,
    })
    .execute();
  ok(await acceptAnswer(db, dmitry, saraReply.postId, T0 + 8));
  await fanOut(db);
  const session = await createSession(db, sara.id, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', T0);
  await createSession(db, dmitry.id, 'Dmitry agent', T0);
  await db
    .insertInto('user_sanctions')
    .values({
      user_id: sara.id,
      kind: 'warn',
      reason: 'Be kind',
      until: null,
      item_id: null,
      created_by: f.moderator.id,
      created_at: T0 + 9,
    })
    .execute();
  for (const [email, userId, reference] of [
    ['sara@example.com', null, 'PSK-SARA-AAAA'],
    ['dmitry@example.com', dmitry.id, 'PSK-DMIT-BBBB'],
  ] as const) {
    const request = await db
      .insertInto('contact_requests')
      .values({
        reference,
        receipt_hash: 'h',
        locale: 'en',
        email,
        subject: `${reference} subject`,
        description: `${reference} description`,
        user_id: userId,
        visitor: 'v',
        flow_id: null,
        created_at: T0 + 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('contact_deliveries')
      .values({
        request_id: request.id,
        receiver: 'confirmation',
        idempotency_key: `k-${reference}`,
        next_attempt_at: T0,
        created_at: T0,
      })
      .execute();
  }
  await db
    .insertInto('user_two_factor')
    .values({ user_id: sara.id, secret_enc: 'enc-totp-secret', enabled_at: T0 + 11, last_step: null, created_at: T0 })
    .execute();
  await db
    .insertInto('two_factor_recovery_codes')
    .values([
      { user_id: sara.id, code_hash: 'recovery-hash-1', used_at: null, created_at: T0 },
      { user_id: sara.id, code_hash: 'recovery-hash-2', used_at: T0 + 12, created_at: T0 },
    ])
    .execute();
  await db
    .insertInto('account_mail_jobs')
    .values({ kind: 'reset', email: 'sara@example.com', locale: 'en', next_attempt_at: T0, created_at: T0 })
    .execute();
  return { ...f, sara, dmitry, own, other, saraReply, dmitryReply, session };
}

describe('exportAccountData', () => {
  it('holds everything about the member, nothing of another member and no secret', async () => {
    const s = await scene();
    const data = (await exportAccountData(s.db, s.sara.id, T0 + 100))!;
    expect(Object.keys(data)).toEqual([
      'schema',
      'exportedAt',
      'profile',
      'threads',
      'posts',
      'votes',
      'flags',
      'watches',
      'follows',
      'digest',
      'sessions',
      'notifications',
      'moderationNotices',
      'contactRequests',
    ]);
    expect(data.schema).toBe(EXPORT_SCHEMA);
    expect(data.exportedAt).toBe(new Date(T0 + 100).toISOString());
    expect(data.profile).toMatchObject({
      id: s.sara.id,
      email: 'sara@example.com',
      displayName: 'سارا',
      username: 'سارا',
    });
    expect(data.profile).toMatchObject({ twoFactorEnabledAt: new Date(T0 + 11).toISOString(), recoveryCodesUnused: 1 });
    expect(data.profile.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(data.threads.map((t) => t.title)).toEqual(['How do I change my card?']);
    expect(data.posts.map((p) => [p.id, p.state])).toEqual([
      [s.own.postId, 'visible'],
      [s.saraReply.postId, 'visible'],
    ]);
    const answer = data.posts[1]!;
    expect(answer).toMatchObject({
      source: 'Under Billing → Invoices (edited).',
      voteScore: 1,
      acceptedAt: new Date(T0 + 8).toISOString(),
    });
    expect(answer.revisions).toEqual([
      {
        revision: 1,
        source: 'Under Billing → Invoices.',
        title: null,
        editedAt: new Date(T0 + 3).toISOString(),
        by: 'you',
        reason: null,
      },
    ]);
    expect(data.votes).toEqual([
      { postId: s.dmitryReply.postId, threadId: s.own.threadId, createdAt: new Date(T0 + 5).toISOString() },
    ]);
    expect(data.flags).toEqual([
      {
        postId: s.other.postId,
        reason: 'other',
        note: 'Sara flag note',
        status: 'pending',
        createdAt: new Date(T0 + 6).toISOString(),
      },
    ]);
    expect(data.watches.map((w) => w.threadId).sort()).toEqual([s.own.threadId, s.other.threadId].sort());
    expect(data.follows).toEqual([
      { kind: 'community', category: 'billing', createdAt: new Date(T0 + 7).toISOString() },
    ]);
    expect(data.digest).toEqual({
      enabledAt: new Date(T0 + 7).toISOString(),
      sent: [{ week: '2026-W47', sentAt: new Date(T0 + 8).toISOString() }],
    });
    expect(data.sessions).toEqual([
      {
        device: expect.stringContaining('Firefox'),
        createdAt: new Date(T0).toISOString(),
        lastSeenAt: new Date(T0).toISOString(),
        expiresAt: expect.any(String),
      },
    ]);
    expect(data.notifications.map((n) => n.kind)).toContain('reply');
    expect(data.notifications.every((n) => !('actorId' in n))).toBe(true);
    expect(data.moderationNotices).toEqual([
      { kind: 'warn', reason: 'Be kind', until: null, createdAt: new Date(T0 + 9).toISOString() },
    ]);
    expect(data.contactRequests.map((r) => r.reference)).toEqual(['PSK-SARA-AAAA']);

    const json = JSON.stringify(data);
    for (const leak of ['Dmitry secret', 'Dmitry flag note', 'Dmitry agent', 'PSK-DMIT', 'dmitry@example.com'])
      expect(json).not.toContain(leak);
    const secrets = await s.db.selectFrom('sessions').select(['id', 'secret_hash']).execute();
    const user = await s.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', s.sara.id)
      .executeTakeFirstOrThrow();
    for (const secret of [
      ...secrets.flatMap((r) => [r.id, r.secret_hash]),
      user.password_hash,
      s.session.token,
      'enc-totp-secret',
      'recovery-hash',
    ])
      expect(json).not.toContain(secret);
    expect(json).not.toMatch(/argon2|secret_hash|password/i);
  });

  it('reads a member with more posts than one keyset page', async () => {
    const s = await scene();
    // Straight into the table: the forum's own limits (posts a day) are not what this is about.
    const rows = Array.from({ length: 520 }, (_, i) => ({
      thread_id: s.own.threadId,
      author_id: s.sara.id,
      number: 100 + i,
      source: `Note number ${i}`,
      html: `<p>Note number ${i}</p>`,
      created_at: T0 + 1000 + i,
      accepted_at: null,
      edited_at: null,
      edited_by: null,
      hidden_at: null,
      hidden_by: null,
      hidden_reason: null,
      deleted_at: null,
      deleted_by: null,
    }));
    await s.db.insertInto('posts').values(rows).execute();
    const data = (await exportAccountData(s.db, s.sara.id, T0 + 100_000))!;
    expect(data.posts).toHaveLength(522);
    expect(new Set(data.posts.map((p) => p.id)).size).toBe(522);
  });

  it('downloads as an attachment named after the member and the day, rate-limited', async () => {
    const s = await scene();
    const data = (await exportAccountData(s.db, s.sara.id, T0))!;
    const response = exportResponse(data, T0);
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="pasokh-data-____-2026-11-20.json"; filename*=UTF-8''pasokh-data-${encodeURIComponent('سارا')}-2026-11-20.json`,
    );
    expect(JSON.parse(await response.text()).profile.id).toBe(s.sara.id);
    for (let i = 0; i < 5; i++)
      expect((await runExportForm(s.db, { userId: s.sara.id, locale: 'en' }, T0)).download).toBeDefined();
    expect(await runExportForm(s.db, { userId: s.sara.id, locale: 'en' }, T0)).toMatchObject({ status: 429 });
  });
});

describe('deleteAccount', () => {
  async function gone(s: Awaited<ReturnType<typeof scene>>) {
    const { db, sara } = s;
    const user = await db.selectFrom('users').selectAll().where('id', '=', sara.id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      email: tombstoneEmail(sara.id),
      display_name: '',
      username: '',
      email_verified_at: null,
    });
    expect(user.deleted_at).not.toBeNull();
    // The username stays reserved: its skeleton is still taken.
    expect(user.username_skeleton).not.toBe('');
    expect(await validateSessionToken(db, s.session.token)).toBeNull();
    for (const table of [
      'sessions',
      'email_tokens',
      'thread_watches',
      'notifications',
      'category_follows',
      'digest_subscribers',
      'digest_mails',
      'user_two_factor',
      'two_factor_recovery_codes',
    ] as const)
      expect(await db.selectFrom(table).select('user_id').where('user_id', '=', sara.id).execute()).toEqual([]);
    expect(await db.selectFrom('account_mail_jobs').selectAll().execute()).toEqual([]);
    const requests = await db.selectFrom('contact_requests').select(['reference', 'email']).orderBy('id').execute();
    expect(requests).toEqual([
      { reference: 'PSK-SARA-AAAA', email: '' },
      { reference: 'PSK-DMIT-BBBB', email: 'dmitry@example.com' },
    ]);
    expect(await db.selectFrom('contact_deliveries').select('idempotency_key').execute()).toEqual([
      { idempotency_key: 'k-PSK-DMIT-BBBB' },
    ]);
    expect(await exportAccountData(db, sara.id)).toBeNull();
    // Signing in with the old address and password fails.
    const mailer = outboxMailer('/nonexistent');
    const deps = { db, mailer, origin: 'http://localhost', secret: 'x' } as never;
    expect(
      await signIn(deps, {
        email: 'sara@example.com',
        password: PASSWORD,
        addressKey: 'a',
        userAgent: '',
        locale: 'en',
      }),
    ).toMatchObject({ ok: false });
    // The username cannot be taken again.
    const again = await signUp(deps, {
      email: 'new@example.com',
      username: 'سارا',
      name: 'Sara',
      password: 'another good password',
      locale: 'en',
    });
    expect(again).toMatchObject({ ok: false, errors: { username: 'taken' } });
    const audit = await db.selectFrom('moderation_audit').selectAll().where('action', '=', 'account.delete').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: sara.id, target_user_id: sara.id });
    expect(JSON.stringify(audit[0])).not.toMatch(/sara@|سارا/);
    return { user, audit: audit[0]! };
  }

  it('refuses a wrong password and changes nothing', async () => {
    const s = await scene();
    expect(await deleteAccount(s.db, { userId: s.sara.id, password: 'wrong password!', posts: 'keep' })).toEqual({
      ok: false,
      problem: 'wrongPassword',
    });
    expect(await validateSessionToken(s.db, s.session.token)).not.toBeNull();
    const answer = await runDeleteAccountForm(s.db, {
      userId: s.sara.id,
      password: 'nope nope',
      posts: 'keep',
      locale: 'ru',
    });
    expect(answer).toMatchObject({ status: 422, posts: 'keep', passwordError: expect.any(String) });
    expect(JSON.stringify(answer)).not.toContain('nope nope');
    expect(
      await runDeleteAccountForm(s.db, { userId: s.sara.id, password: PASSWORD, posts: 'maybe', locale: 'en' }),
    ).toMatchObject({
      status: 422,
      postsError: expect.any(String),
    });
    expect(
      (await s.db.selectFrom('users').select('deleted_at').where('id', '=', s.sara.id).executeTakeFirstOrThrow())
        .deleted_at,
    ).toBeNull();
  });

  it('keeps the posts under "deleted member" when asked to', async () => {
    const s = await scene();
    ok(await acceptAnswer(s.db, s.sara, s.dmitryReply.postId, T0 + 20));
    expect(await deleteAccount(s.db, { userId: s.sara.id, password: PASSWORD, posts: 'keep' }, T0 + 50)).toEqual({
      ok: true,
      removedPosts: 0,
    });
    const { audit } = await gone(s);
    expect(JSON.parse(audit.data!)).toEqual({ posts: 'keep', removedPosts: 0 });
    const page = (await threadPage(s.db, null, s.other.threadId))!;
    const kept = page.posts.find((p) => p.id === s.saraReply.postId)!;
    expect(kept).toMatchObject({ state: 'visible', author: { id: s.sara.id, name: '', deleted: true } });
    expect(page.acceptedAnswer?.id).toBe(s.saraReply.postId);
    const own = (await threadPage(s.db, null, s.own.threadId))!;
    expect(own.thread.author).toMatchObject({ deleted: true, name: '' });
    // Structured data names no one and links to no profile.
    const view = await threadView(s.db, null, page, {
      locale: 'en',
      site: new URL('https://help.example'),
      t: useTranslations('en').t,
    });
    const ld = JSON.stringify(view.jsonLd);
    expect(ld).toContain('"author":{"@type":"Person","name":"deleted member"}');
    expect(ld).not.toContain(`/community/u/${s.sara.id}/`);
    // The solved-threads feed names no one either.
    const solved = await recentlySolvedThreads(s.db, { locale: 'en', categoryId: s.categoryId });
    expect(solved.map((t) => [t.id, t.askerName])).toEqual([
      [s.own.threadId, ''],
      [s.other.threadId, 'Dmitry'],
    ]);
    const feed = buildAtomFeed(
      solvedThreadsFeed(new URL('https://help.example'), {
        locale: 'en',
        categorySlug: 'billing',
        title: 'Solved',
        subtitle: 'Billing',
        siteName: 'Pasokh',
        deletedMember: 'deleted member',
        threads: solved,
      }),
    );
    expect(feed).toContain('<name>deleted member</name>');
    // Votes she cast stay counted.
    expect(own.posts.find((p) => p.id === s.dmitryReply.postId)!.voteScore).toBe(1);
  });

  it('removes the posts the way moderation deletes them when asked to', async () => {
    const s = await scene();
    expect(await deleteAccount(s.db, { userId: s.sara.id, password: PASSWORD, posts: 'remove' }, T0 + 50)).toEqual({
      ok: true,
      removedPosts: 2,
    });
    const { audit } = await gone(s);
    expect(JSON.parse(audit.data!)).toEqual({ posts: 'remove', removedPosts: 2 });
    // Her question took its thread with it; her accepted answer is gone and Dmitry's thread is open again.
    expect(await threadPage(s.db, null, s.own.threadId)).toBeNull();
    const other = (await threadPage(s.db, null, s.other.threadId))!;
    expect(other.thread).toMatchObject({ state: 'open', acceptedPostId: null, replyCount: 0 });
    expect(other.posts.find((p) => p.id === s.saraReply.postId)?.html ?? null).toBeNull();
    const rows = await s.db.selectFrom('posts').select(['source', 'html']).where('author_id', '=', s.sara.id).execute();
    expect(rows.every((r) => r.source === '' && r.html === '')).toBe(true);
    expect(
      await s.db.selectFrom('post_revisions').select('id').where('post_id', '=', s.saraReply.postId).execute(),
    ).toEqual([]);
  });

  it("refuses the site's last admin", async () => {
    const s = await scene();
    await s.db.updateTable('users').set({ role: 'admin' }).where('id', '=', s.sara.id).execute();
    expect(await deleteAccount(s.db, { userId: s.sara.id, password: PASSWORD, posts: 'keep' })).toEqual({
      ok: false,
      problem: 'lastAdmin',
    });
    expect(
      await runDeleteAccountForm(s.db, { userId: s.sara.id, password: PASSWORD, posts: 'keep', locale: 'fa' }),
    ).toMatchObject({ status: 409, notice: { kind: 'error' } });
    await s.db.updateTable('users').set({ role: 'admin' }).where('id', '=', s.dmitry.id).execute();
    expect(await deleteAccount(s.db, { userId: s.sara.id, password: PASSWORD, posts: 'keep' })).toMatchObject({
      ok: true,
    });
  });

  it('is done by the form runner, which never echoes the password', async () => {
    const s = await scene();
    expect(
      await runDeleteAccountForm(s.db, { userId: s.sara.id, password: PASSWORD, posts: 'keep', locale: 'fa' }),
    ).toEqual({
      deleted: true,
      posts: 'keep',
    });
    await gone(s);
  });
});

export type { SessionUser };
