// "Download my data" (GDPR art. 15 and 20, Russia's 152-FZ art. 14): everything this site keeps
// about one member, as one JSON document. What is in it, and what is not and why:
// - profile without the password hash (and whether two-factor sign-in is on, without its secret
//   or recovery codes); sessions without any token material (id or hash);
// - their posts (with every earlier revision and the thread each is in), the threads they asked,
//   their votes on posts, the flags they raised, the threads they watch, their notifications,
//   moderation notices to them (warnings, silences, suspensions with the reason they were shown),
//   contact requests sent from the account or from its e-mail address; the categories they
//   follow and whether the weekly digest is on (src/lib/digest/), with the weeks it was mailed;
// - not: flags others raised against their posts and the review queue (moderators' records),
//   who voted on their posts, the name of a notification's actor (another member's data),
//   article votes and page views (keyed by a random visitor cookie, never by account).
// Every list is read in keyset pages by id, so a member with thousands of posts costs a series of
// small indexed reads, not one huge query; the page rate-limits downloads.
import type { Db } from '../db/index.ts';
import { describeDevice } from '../auth/device.ts';

/** Bump when a key changes meaning or goes away; adding a key keeps the version. */
export const EXPORT_SCHEMA = 1;
const PAGE = 500;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
/** users.created_at is SQL `CURRENT_TIMESTAMP` text (UTC, `YYYY-MM-DD HH:MM:SS`) or already ISO. */
const isoText = (text: string | null): string | null =>
  text === null ? null : /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text) ? `${text.replace(' ', 'T')}.000Z` : text;

/** Reads `read(after)` page after page (rows ordered by a growing numeric key) until one comes back short. */
async function keyset<T>(read: (after: number) => Promise<T[]>, key: (row: T) => number): Promise<T[]> {
  const all: T[] = [];
  for (let after = 0; ;) {
    const page = await read(after);
    all.push(...page);
    if (page.length < PAGE) return all;
    after = key(page[page.length - 1]!);
  }
}

export type PostExportState = 'visible' | 'held' | 'hidden' | 'deleted';

export interface AccountExport {
  schema: number;
  exportedAt: string;
  profile: {
    id: number;
    username: string;
    displayName: string;
    email: string;
    emailVerifiedAt: string | null;
    role: string;
    trustLevel: number;
    locale: string;
    createdAt: string | null;
    silencedUntil: string | null;
    suspendedUntil: string | null;
    /** When two-factor sign-in was turned on (null: off), and how many recovery codes are unused; never the secret or the codes. */
    twoFactorEnabledAt: string | null;
    recoveryCodesUnused: number;
  };
  threads: {
    id: number;
    locale: string;
    category: string;
    title: string;
    state: string;
    createdAt: string | null;
    removed: boolean;
  }[];
  posts: {
    id: number;
    threadId: number;
    number: number;
    source: string;
    createdAt: string | null;
    editedAt: string | null;
    acceptedAt: string | null;
    state: PostExportState;
    /** The reason a moderator gave when hiding it, as the member was shown it. */
    hiddenReason: string | null;
    voteScore: number;
    /** What the post said before each edit, oldest first; `by` says whether a moderator edited. */
    revisions: {
      revision: number;
      source: string;
      title: string | null;
      editedAt: string | null;
      by: 'you' | 'moderator';
      reason: string | null;
    }[];
  }[];
  votes: { postId: number; threadId: number; createdAt: string | null }[];
  flags: { postId: number; reason: string; note: string | null; status: string; createdAt: string | null }[];
  watches: { threadId: number; createdAt: string | null }[];
  /** Categories followed for the weekly digest: an article category's id or a community category's slug. */
  follows: { kind: string; category: string; createdAt: string | null }[];
  /** The weekly digest: on since when (null when off), and the weeks a digest was mailed. */
  digest: { enabledAt: string | null; sent: { week: string; sentAt: string | null }[] };
  sessions: { device: string | null; createdAt: string | null; lastSeenAt: string | null; expiresAt: string | null }[];
  notifications: {
    id: number;
    kind: string;
    threadId: number | null;
    postId: number | null;
    reason: string | null;
    createdAt: string | null;
    readAt: string | null;
  }[];
  moderationNotices: { kind: string; reason: string; until: string | null; createdAt: string | null }[];
  contactRequests: {
    reference: string;
    locale: string;
    email: string;
    subject: string;
    description: string;
    createdAt: string | null;
  }[];
}

/** The member's data, or null when there is no such live account. */
export async function exportAccountData(db: Db, userId: number, now = Date.now()): Promise<AccountExport | null> {
  const user = await db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'email',
      'email_verified_at',
      'role',
      'trust_level',
      'locale',
      'created_at',
      'silenced_until',
      'suspended_until',
    ])
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) return null;

  const twoFactor = await db
    .selectFrom('user_two_factor')
    .select('enabled_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const recovery = await db
    .selectFrom('two_factor_recovery_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();

  const threads = await keyset(
    (after) =>
      db
        .selectFrom('threads')
        .innerJoin('forum_categories as c', 'c.id', 'threads.category_id')
        .select([
          'threads.id',
          'threads.locale',
          'c.slug',
          'threads.title',
          'threads.state',
          'threads.created_at',
          'threads.deleted_at',
        ])
        .where('threads.author_id', '=', userId)
        .where('threads.id', '>', after)
        .orderBy('threads.id')
        .limit(PAGE)
        .execute(),
    (r) => r.id,
  );

  const posts: AccountExport['posts'] = [];
  await keyset(
    async (after) => {
      const page = await db
        .selectFrom('posts')
        .select([
          'id',
          'thread_id',
          'number',
          'source',
          'created_at',
          'edited_at',
          'accepted_at',
          'hidden_at',
          'hidden_reason',
          'held_at',
          'deleted_at',
          'vote_score',
        ])
        .where('author_id', '=', userId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      const revisions = page.length
        ? await db
            .selectFrom('post_revisions')
            .select(['post_id', 'revision', 'source', 'title', 'edited_at', 'edited_by', 'reason'])
            .where(
              'post_id',
              'in',
              page.map((p) => p.id),
            )
            .orderBy('post_id')
            .orderBy('revision')
            .execute()
        : [];
      for (const p of page)
        posts.push({
          id: p.id,
          threadId: p.thread_id,
          number: p.number,
          source: p.source,
          createdAt: iso(p.created_at),
          editedAt: iso(p.edited_at),
          acceptedAt: iso(p.accepted_at),
          state:
            p.deleted_at !== null
              ? 'deleted'
              : p.held_at !== null
                ? 'held'
                : p.hidden_at !== null
                  ? 'hidden'
                  : 'visible',
          hiddenReason: p.hidden_at !== null && p.held_at === null ? p.hidden_reason : null,
          voteScore: p.vote_score,
          revisions: revisions
            .filter((r) => r.post_id === p.id)
            .map((r) => ({
              revision: r.revision,
              source: r.source,
              title: r.title,
              editedAt: iso(r.edited_at),
              // Which moderator edited is the moderators' record; that one did is the member's.
              by: r.edited_by === null || r.edited_by === userId ? 'you' : 'moderator',
              reason: r.reason,
            })),
        });
      return page;
    },
    (r) => r.id,
  );

  // post_votes and thread_watches have no id of their own: pages go by the (user, created_at) index.
  const votes = await keyset(
    (after) =>
      db
        .selectFrom('post_votes')
        .innerJoin('posts', 'posts.id', 'post_votes.post_id')
        .select(['post_votes.post_id', 'posts.thread_id', 'post_votes.created_at'])
        .where('post_votes.user_id', '=', userId)
        .where('post_votes.post_id', '>', after)
        .orderBy('post_votes.post_id')
        .limit(PAGE)
        .execute(),
    (r) => r.post_id,
  );
  const watches = await keyset(
    (after) =>
      db
        .selectFrom('thread_watches')
        .select(['thread_id', 'created_at'])
        .where('user_id', '=', userId)
        .where('thread_id', '>', after)
        .orderBy('thread_id')
        .limit(PAGE)
        .execute(),
    (r) => r.thread_id,
  );
  const flags = await keyset(
    (after) =>
      db
        .selectFrom('flags')
        .select(['id', 'post_id', 'reason', 'note', 'status', 'created_at'])
        .where('user_id', '=', userId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute(),
    (r) => r.id,
  );
  const notifications = await keyset(
    (after) =>
      db
        .selectFrom('notifications')
        .select(['id', 'kind', 'thread_id', 'post_id', 'reason', 'created_at', 'read_at'])
        .where('user_id', '=', userId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute(),
    (r) => r.id,
  );
  // A member follows a few dozen categories at most, and gets one digest a week (kept 5 weeks).
  const follows = await db
    .selectFrom('category_follows')
    .select(['kind', 'category', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const digest = await db
    .selectFrom('digest_subscribers')
    .select('created_at')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const digestsSent = await db
    .selectFrom('digest_mails')
    .select(['week', 'sent_at'])
    .where('user_id', '=', userId)
    .where('state', '=', 'sent')
    .orderBy('id')
    .execute();
  const sessions = await db
    .selectFrom('sessions')
    .select(['user_agent', 'created_at', 'last_seen_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
  const sanctions = await keyset(
    (after) =>
      db
        .selectFrom('user_sanctions')
        .select(['id', 'kind', 'reason', 'until', 'created_at'])
        .where('user_id', '=', userId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute(),
    (r) => r.id,
  );
  // Requests are stored with the address typed (and the account when signed in): both are theirs.
  const requests = await keyset(
    (after) =>
      db
        .selectFrom('contact_requests')
        .select(['id', 'reference', 'locale', 'email', 'subject', 'description', 'created_at'])
        .where((eb) => eb.or([eb('user_id', '=', userId), eb('email', '=', user.email)]))
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute(),
    (r) => r.id,
  );

  return {
    schema: EXPORT_SCHEMA,
    exportedAt: new Date(now).toISOString(),
    profile: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      emailVerifiedAt: user.email_verified_at,
      role: user.role,
      trustLevel: user.trust_level,
      locale: user.locale,
      createdAt: isoText(user.created_at),
      silencedUntil: user.silenced_until,
      suspendedUntil: user.suspended_until,
      twoFactorEnabledAt: iso(twoFactor?.enabled_at ?? null),
      recoveryCodesUnused: Number(recovery.n),
    },
    threads: threads.map((t) => ({
      id: t.id,
      locale: t.locale,
      category: t.slug,
      title: t.title,
      state: t.state,
      createdAt: iso(t.created_at),
      removed: t.deleted_at !== null,
    })),
    posts,
    votes: votes.map((v) => ({ postId: v.post_id, threadId: v.thread_id, createdAt: iso(v.created_at) })),
    flags: flags.map((f) => ({
      postId: f.post_id,
      reason: f.reason,
      note: f.note,
      status: f.status,
      createdAt: iso(f.created_at),
    })),
    watches: watches.map((w) => ({ threadId: w.thread_id, createdAt: iso(w.created_at) })),
    follows: follows.map((f) => ({ kind: f.kind, category: f.category, createdAt: iso(f.created_at) })),
    digest: {
      enabledAt: digest ? iso(digest.created_at) : null,
      sent: digestsSent.map((d) => ({ week: d.week, sentAt: iso(d.sent_at) })),
    },
    sessions: sessions.map((s) => ({
      device: describeDevice(s.user_agent) ?? null,
      createdAt: iso(s.created_at),
      lastSeenAt: iso(s.last_seen_at),
      expiresAt: iso(s.expires_at),
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      threadId: n.thread_id,
      postId: n.post_id,
      reason: n.reason,
      createdAt: iso(n.created_at),
      readAt: iso(n.read_at),
    })),
    moderationNotices: sanctions.map((s) => ({
      kind: s.kind,
      reason: s.reason,
      until: s.until,
      createdAt: iso(s.created_at),
    })),
    contactRequests: requests.map((r) => ({
      reference: r.reference,
      locale: r.locale,
      email: r.email,
      subject: r.subject,
      description: r.description,
      createdAt: iso(r.created_at),
    })),
  };
}

/** `pasokh-data-<username>-<YYYY-MM-DD>.json`. */
export function exportFilename(username: string, now = Date.now()): string {
  return `pasokh-data-${username}-${new Date(now).toISOString().slice(0, 10)}.json`;
}

/**
 * The download: JSON as an attachment, never cached. A Persian or Cyrillic username goes in
 * `filename*` (RFC 6266/8187); `filename` carries an ASCII stand-in for old clients.
 */
export function exportResponse(data: AccountExport, now = Date.now()): Response {
  const name = exportFilename(data.profile.username, now);
  const ascii = name.replace(/[^\w.-]/g, '_');
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
