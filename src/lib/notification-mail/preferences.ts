// Which notifications a member gets by e-mail, per kind: at once (batched per thread for a few
// minutes), in one daily summary, or not at all. Only changes from the defaults are stored.
//
// Defaults follow Discourse (replies to my topics, mentions and the like mailed at once):
// - replies to my own question, mentions, my answer accepted, moderation notices: immediately;
// - replies in a thread I watch: immediately too. Watching is an explicit click here (Discourse
//   also tracks threads on its own, which is why it is quieter there), the batch window already
//   folds a busy thread into one mail per few minutes, and "daily" is one click away.
import type { Db } from '../db/index.ts';
import type { MailKind, MailMode, NotificationKind } from '../db/schema.ts';

export const MAIL_KINDS: readonly MailKind[] = ['replyMine', 'replyWatched', 'mention', 'accepted', 'moderation'];
export const MAIL_MODES: readonly MailMode[] = ['immediately', 'daily', 'off'];

export const DEFAULT_MAIL_PREFS: Readonly<Record<MailKind, MailMode>> = {
  replyMine: 'immediately',
  replyWatched: 'immediately',
  mention: 'immediately',
  accepted: 'immediately',
  moderation: 'immediately',
};

export type MailPrefs = Record<MailKind, MailMode>;

export const isMailKind = (value: string): value is MailKind => (MAIL_KINDS as readonly string[]).includes(value);
export const isMailMode = (value: string): value is MailMode => (MAIL_MODES as readonly string[]).includes(value);

/** The mail kind of an in-app notification; a reply is "mine" when the member asked the question. */
export function mailKindOf(kind: NotificationKind, recipientIsAsker: boolean): MailKind {
  if (kind === 'reply') return recipientIsAsker ? 'replyMine' : 'replyWatched';
  if (kind === 'mention' || kind === 'accepted') return kind;
  return 'moderation';
}

/** Every member's preferences among `userIds` (defaults filled in), in one query. */
export async function mailPrefsOf(db: Db, userIds: readonly number[]): Promise<Map<number, MailPrefs>> {
  const prefs = new Map<number, MailPrefs>(userIds.map((id) => [id, { ...DEFAULT_MAIL_PREFS }]));
  const ids = [...new Set(userIds)];
  // Chunks keep each statement under SQLite's and Postgres's parameter limits.
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('notification_mail_prefs')
      .select(['user_id', 'kind', 'mode'])
      .where('user_id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const row of rows) {
      const own = prefs.get(row.user_id);
      if (own && isMailKind(row.kind) && isMailMode(row.mode)) own[row.kind] = row.mode;
    }
  }
  return prefs;
}

export async function mailPrefs(db: Db, userId: number): Promise<MailPrefs> {
  return (await mailPrefsOf(db, [userId])).get(userId)!;
}

/** Stores the member's choices; a choice equal to the default removes the stored row. */
export async function setMailPrefs(
  db: Db,
  userId: number,
  changes: Partial<MailPrefs>,
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const kind of MAIL_KINDS) {
      const mode = changes[kind];
      if (mode === undefined) continue;
      if (mode === DEFAULT_MAIL_PREFS[kind]) {
        await trx
          .deleteFrom('notification_mail_prefs')
          .where('user_id', '=', userId)
          .where('kind', '=', kind)
          .execute();
        continue;
      }
      await trx
        .insertInto('notification_mail_prefs')
        .values({ user_id: userId, kind, mode, updated_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ mode, updated_at: now }))
        .execute();
    }
  });
}
