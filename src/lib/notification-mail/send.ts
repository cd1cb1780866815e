// The second half of notification mail, in the worker of `npm start`: it claims the batches whose
// window has closed, and mails each as one message. A claim closes the batch (later notifications
// open a new one) and holds it for a lease, so a sender that dies mid-send leaves it to be retried
// when the lease ends; two workers never claim the same batch (idClaimable: SKIP LOCKED on
// Postgres, SQLite's write lock). What the member has read on the site before the claim, or since
// turned off, is left out; a batch left with nothing is dropped without a mail. A failed send is
// retried after a doubling pause, up to MAX_ATTEMPTS, then dropped with a log line.
import { sql } from 'kysely';
import { isLocale } from '../../i18n/index.ts';
import { idClaimable, type Db } from '../db/index.ts';
import type { Mailer } from '../mail/index.ts';
import { htmlToText } from '../markdown/render.ts';
import { isModerationKind } from '../forum/notifications.ts';
import { mailKindOf, mailPrefs } from './preferences.ts';
import { notificationMessage, type MailItem } from './message.ts';
import { unsubscribeToken } from './unsubscribe.ts';

export const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 60_000;
/** How long a claimed batch is held before another worker may take it over. */
export const SEND_LEASE_MS = 5 * 60_000;

export interface SendDeps {
  db: Db;
  mailer: Mailer;
  origin: string;
  unsubscribeMailto?: string | undefined;
}

export interface SendOptions {
  now?: number;
  limit?: number;
  log?: (line: string) => void;
}

/** Sends the batches that are due; returns how many it claimed (sent, dropped or failed). */
export async function sendNotificationMails(deps: SendDeps, options: SendOptions = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const { db } = deps;
  // A read first, for the same reason as in ./schedule.ts: an empty claim would still take SQLite's write lock.
  const any = await db
    .selectFrom('notification_mail_batches')
    .select('id')
    .where('next_at', '<=', now)
    .limit(1)
    .execute();
  if (!any.length) return 0;
  const due = db
    .selectFrom('notification_mail_batches')
    .select('id')
    .where('next_at', '<=', now)
    .orderBy('next_at')
    .limit(options.limit ?? 20);
  const batches = await db
    .updateTable('notification_mail_batches')
    .set({
      closed_at: sql<number>`coalesce(closed_at, ${now})`,
      next_at: now + SEND_LEASE_MS,
      attempts: sql<number>`attempts + 1`,
    })
    .where(idClaimable(db, due))
    .returning(['id', 'user_id', 'batch_key', 'attempts'])
    .execute();
  for (const batch of batches) {
    try {
      await sendBatch(deps, batch);
      await db.deleteFrom('notification_mail_batches').where('id', '=', batch.id).execute();
    } catch (error) {
      const giveUp = batch.attempts >= MAX_ATTEMPTS;
      options.log?.(
        `[notification mail] batch ${batch.id} attempt ${batch.attempts} failed: ${String(error)}${giveUp ? ' — gave up' : ''}`,
      );
      if (giveUp) await db.deleteFrom('notification_mail_batches').where('id', '=', batch.id).execute();
      else
        await db
          .updateTable('notification_mail_batches')
          .set({ next_at: now + RETRY_BASE_MS * 2 ** (batch.attempts - 1) })
          .where('id', '=', batch.id)
          .execute();
    }
  }
  return batches.length;
}

/** Mails one batch, or nothing when nothing in it is still unread, visible and wanted. */
async function sendBatch(deps: SendDeps, batch: { id: number; user_id: number; batch_key: string }): Promise<void> {
  const { db } = deps;
  const user = await db
    .selectFrom('users')
    .select(['email', 'email_verified_at', 'display_name', 'locale'])
    .where('id', '=', batch.user_id)
    .executeTakeFirst();
  if (!user?.email_verified_at) return;
  const rows = await db
    .selectFrom('notifications as n')
    .leftJoin('threads', 'threads.id', 'n.thread_id')
    .leftJoin('posts', 'posts.id', 'n.post_id')
    .leftJoin('users as actor', 'actor.id', 'n.actor_id')
    .select([
      'n.kind',
      'n.reason',
      'threads.id as thread_id',
      'threads.locale as thread_locale',
      'threads.slug',
      'threads.title',
      'threads.author_id as asker_id',
      'threads.hidden_at as thread_hidden',
      'threads.deleted_at as thread_deleted',
      'posts.number',
      'posts.html',
      'posts.hidden_at as post_hidden',
      'posts.deleted_at as post_deleted',
      'actor.display_name as actor_name',
    ])
    .where('n.mail_batch_id', '=', batch.id)
    // Written out, so SQLite sees that its partial index (mail_batch_id > 0) applies.
    .where('n.mail_batch_id', '>', sql.lit(0))
    .where('n.read_at', 'is', null)
    .orderBy('n.id')
    .execute();
  const prefs = await mailPrefs(db, batch.user_id);
  const items: MailItem[] = [];
  for (const r of rows) {
    const moderation = isModerationKind(r.kind);
    // As the bell shows them: a hidden or deleted post or thread is not news, except to its author's notices.
    const visible = r.thread_id !== null && !r.thread_hidden && !r.thread_deleted && !r.post_hidden && !r.post_deleted;
    if (!moderation && !visible) continue;
    const kind = mailKindOf(r.kind, r.asker_id === batch.user_id);
    if (prefs[kind] === 'off') continue;
    items.push({
      kind,
      notificationKind: r.kind,
      // A notice links its thread unless the thread is gone (its author still sees a hidden one).
      thread:
        r.thread_id !== null && !r.thread_deleted
          ? { id: r.thread_id, locale: r.thread_locale!, slug: r.slug!, title: r.title! }
          : null,
      postNumber: r.number,
      actorName: moderation ? null : r.actor_name,
      // A moderation notice may be about a hidden post: its text is not repeated in the mail.
      text: !moderation && r.html ? htmlToText(r.html) : null,
      reason: r.reason,
    });
  }
  if (!items.length) return;
  const locale = isLocale(user.locale) ? user.locale : 'en';
  const kinds = [...new Set(items.map((i) => i.kind))];
  await deps.mailer.send(
    notificationMessage({
      locale,
      to: user.email,
      name: user.display_name,
      items,
      daily: batch.batch_key === 'daily',
      origin: deps.origin,
      token: await unsubscribeToken(db, batch.user_id, kinds),
      unsubscribeMailto: deps.unsubscribeMailto,
    }),
  );
}
