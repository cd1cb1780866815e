// "Delete my account": the member confirms with their password and chooses what happens to their
// posts. In one transaction:
// - the users row becomes a tombstone (deleted_at set): e-mail, display name, username and the
//   password hash are erased; the username's look-alike skeleton stays, so nobody can sign up
//   later as the departed member (or a look-alike of them) and be taken for them;
// - every session, e-mail token and two-factor secret, recovery code and challenge ends, queued account mail to the address is dropped, the
//   pending confirmation mails of their contact requests are cancelled and those requests lose
//   the e-mail address; their watches, notifications, category follows and digest setting go;
//   the analytics rows that named the account (composer and contact funnel visits) lose the link;
// - "keep": posts stay, shown as "deleted member" (no name, no profile link);
// - "remove": each post is deleted the way a moderator deletes it (forum/visibility.ts: a
//   question takes its thread with it, a removed accepted answer leaves that thread open again,
//   counters and search follow), and its text and earlier revisions are erased;
// - one moderation audit row: the account id, when, and the choice; nothing personal.
// Kept, and said so on the page: votes they cast (anonymous counts under others' posts), flags
// they raised and the moderation record about them (user id only), what support already received.
import type { Db } from '../db/index.ts';
import { sha256Hex } from '../auth/crypto.ts';
import { verifyPassword } from '../auth/password.ts';
import { applyReplyChange, applyThreadChange, loadPost } from '../forum/visibility.ts';
import { unindexPost } from '../forum/search-index.ts';
import { recordModeration } from '../moderation/audit.ts';

export type PostChoice = 'keep' | 'remove';
export type DeleteAccountResult =
  { ok: true; removedPosts: number } | { ok: false; problem: 'wrongPassword' | 'lastAdmin' };

/** What a deleted account's e-mail becomes: no address has '#', so no sign-up can ever take it. */
export const tombstoneEmail = (userId: number) => `#deleted:${userId}`;
const REASON = 'account deleted';
const PAGE = 200;

export async function deleteAccount(
  db: Db,
  input: { userId: number; password: string; posts: PostChoice },
  now = Date.now(),
): Promise<DeleteAccountResult> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'role'])
    .where('id', '=', input.userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user || !(await verifyPassword(user.password_hash, input.password)))
    return { ok: false, problem: 'wrongPassword' };
  const userId = user.id;
  // The site's last admin would leave nobody to run it (npm run user:create could, from a shell).
  if (user.role === 'admin') {
    const other = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('id', '!=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!other) return { ok: false, problem: 'lastAdmin' };
  }

  return db.transaction().execute(async (trx) => {
    let removedPosts = 0;
    if (input.posts === 'remove') {
      // Keyset pages by id: a member with thousands of posts is read 200 at a time.
      for (let after = 0; ;) {
        const ids = await trx
          .selectFrom('posts')
          .select('id')
          .where('author_id', '=', userId)
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute();
        for (const { id } of ids) if (await removePost(trx, userId, id, now)) removedPosts++;
        if (ids.length < PAGE) break;
        after = ids[ids.length - 1]!.id;
      }
      // The words go too, not only from view: a moderator could otherwise restore them.
      await trx
        .deleteFrom('post_revisions')
        .where('post_id', 'in', (eb) => eb.selectFrom('posts').select('id').where('author_id', '=', userId))
        .execute();
      await trx
        .updateTable('posts')
        .set({ source: '', html: '', revision_count: 0 })
        .where('author_id', '=', userId)
        .execute();
      await trx.updateTable('threads').set({ title: '' }).where('author_id', '=', userId).execute();
    }

    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('email_tokens').where('user_id', '=', userId).execute();
    for (const table of ['user_two_factor', 'two_factor_recovery_codes', 'two_factor_challenges'] as const)
      await trx.deleteFrom(table).where('user_id', '=', userId).execute();
    await trx.deleteFrom('account_mail_jobs').where('email', '=', user.email).execute();
    await trx
      .deleteFrom('auth_throttle')
      .where('key', '=', `account:${sha256Hex(user.email)}`)
      .execute();
    await trx.deleteFrom('thread_watches').where('user_id', '=', userId).execute();
    // The weekly digest: follows, the setting and the weeks planned (the users row stays as a tombstone, so no cascade).
    for (const table of ['category_follows', 'digest_subscribers', 'digest_mails'] as const)
      await trx.deleteFrom(table).where('user_id', '=', userId).execute();
    await trx.deleteFrom('notifications').where('user_id', '=', userId).execute();
    // Contact requests carry the address typed (and the account when signed in).
    const requestIds = (
      await trx
        .selectFrom('contact_requests')
        .select('id')
        .where((w) => w.or([w('user_id', '=', userId), w('email', '=', user.email)]))
        .execute()
    ).map((r) => r.id);
    if (requestIds.length) {
      await trx
        .deleteFrom('contact_deliveries')
        .where('receiver', '=', 'confirmation')
        .where('state', 'in', ['pending', 'failed'])
        .where('request_id', 'in', requestIds)
        .execute();
      await trx
        .updateTable('contact_requests')
        .set({ email: '', user_id: null })
        .where('id', 'in', requestIds)
        .execute();
    }
    await trx.updateTable('contact_flows').set({ user_id: null }).where('user_id', '=', userId).execute();
    await trx.updateTable('composer_sessions').set({ user_id: null }).where('user_id', '=', userId).execute();

    await trx
      .updateTable('users')
      .set({
        email: tombstoneEmail(userId),
        email_verified_at: null,
        // Not a PHC string: verifyPassword answers false for every password.
        password_hash: '!deleted',
        display_name: '',
        name_skeleton: '',
        username: '',
        role: 'member',
        trust_level: 0,
        silenced_until: null,
        suspended_until: null,
        deleted_at: now,
      })
      .where('id', '=', userId)
      .execute();
    await recordModeration(
      trx,
      { actorId: userId, action: 'account.delete', targetUserId: userId, data: { posts: input.posts, removedPosts } },
      now,
    );
    return { ok: true as const, removedPosts };
  });
}

/** Deletes one post the way moderation does (post 1 deletes its thread); false when it already was. */
async function removePost(trx: Db, userId: number, postId: number, now: number): Promise<boolean> {
  const post = await loadPost(trx, postId);
  if (!post || post.deleted_at !== null) return false;
  if (post.number === 1) {
    // A deleted thread is filtered out of search by its state; its question's words leave the index too.
    await unindexPost(trx, post.id);
    return applyThreadChange(trx, userId, post.thread_id, 'thread.delete', REASON, now);
  }
  return applyReplyChange(trx, userId, post, 'post.delete', REASON, now);
}
