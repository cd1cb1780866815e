// @mentions: usernames written in a post resolve to members by the look-alike skeleton that keeps
// usernames unique (so @sara, @Sara and an Arabic-keyboard spelling of a Persian username all
// find the one member). Rendering stays pure: resolve here, render with the map. A member with no
// public profile yet is still mentioned (and notified) but not linked: their profile answers 404.
// `mentionCandidates` feeds the composer's @-autocomplete.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { nameSkeleton, stripInvisible } from '../auth/names.ts';
import { normalizeUsername } from '../auth/usernames.ts';
import { escapeHtml, extractMentions, mentionKey, renderMarkdown, type MentionTarget } from '../markdown/render.ts';

/** `users` has a post that anyone may read: the rule of a public profile (src/lib/forum/profiles.ts). */
function hasVisiblePost(eb: ExpressionBuilder<Database, 'users'>) {
  return eb.exists(
    eb
      .selectFrom('posts')
      .innerJoin('threads', 'threads.id', 'posts.thread_id')
      .select('posts.id')
      .whereRef('posts.author_id', '=', 'users.id')
      .where('posts.hidden_at', 'is', null)
      .where('posts.deleted_at', 'is', null)
      .where('threads.hidden_at', 'is', null)
      .where('threads.deleted_at', 'is', null),
  );
}

/** Members behind the mentioned names, keyed by `mentionKey`; unknown names are left out. */
export async function resolveMentions(db: Db, names: readonly string[]): Promise<Map<string, MentionTarget>> {
  const keys = [...new Set(names.map(mentionKey))].filter(Boolean);
  if (!keys.length) return new Map();
  const rows = await db
    .selectFrom('users')
    .select((eb) => ['id', 'username', 'username_skeleton', hasVisiblePost(eb).as('profile')])
    .where('username_skeleton', 'in', keys)
    // A deleted member's skeleton stays reserved, but @them is nobody now: no link, no notice.
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(
    rows.map((r) => [r.username_skeleton, { id: r.id, username: r.username, profile: Boolean(r.profile) }]),
  );
}

/** A post's HTML with its mentions linked, and who was mentioned (for notifications). */
export async function renderPost(
  db: Db,
  locale: string,
  source: string,
): Promise<{ html: string; mentionedUserIds: number[] }> {
  const users = await resolveMentions(db, extractMentions(source));
  return {
    html: renderMarkdown(source, { mentions: { locale, users } }),
    mentionedUserIds: [...new Set([...users.values()].map((u) => u.id))],
  };
}

/**
 * The preview of a post: as it will be stored, except that mentions matching nobody are marked
 * and, above the post, named in `unknownNote(names)` (a sentence in the page's language), so the
 * writer fixes them before posting instead of finding plain text that notified no one.
 */
export async function previewPost(
  db: Db,
  locale: string,
  source: string,
  unknownNote: (names: string) => string,
): Promise<{ html: string; unknown: string[] }> {
  const names = extractMentions(source);
  const users = await resolveMentions(db, names);
  const unknown = [...new Set(names.filter((name) => !users.has(mentionKey(name))).map((name) => `@${name}`))];
  let html = renderMarkdown(source, { mentions: { locale, users }, markUnknownMentions: true });
  if (unknown.length) {
    // Each name isolated (<bdi>), so "@sara_k" keeps its @ in a Persian sentence.
    const list = new Intl.ListFormat(locale, { type: 'conjunction' })
      .formatToParts(unknown)
      .map((part) => (part.type === 'element' ? `<bdi>${escapeHtml(part.value)}</bdi>` : escapeHtml(part.value)))
      .join('');
    html = `<p class="mention-note" dir="auto">${escapeHtml(unknownNote('\u0000')).replace('\u0000', list)}</p>${html}`;
  }
  return { html, unknown };
}

export interface MentionCandidate {
  username: string;
  name: string;
}

/**
 * Members whose username or display name starts with `prefix` (compared as look-alike skeletons),
 * for the @-autocomplete. Only members with a public profile, as a reader may see them anyway
 * (no email, no id; accounts that never posted are not listed), and never `exceptUserId`.
 */
export async function mentionCandidates(
  db: Db,
  prefix: string,
  options: { exceptUserId?: number; limit?: number } = {},
): Promise<MentionCandidate[]> {
  const typed = normalizeUsername(prefix);
  if (!typed) return [];
  const username = mentionKey(typed);
  // Display names keep their digits as written (a username's become 0-9).
  const name = nameSkeleton(stripInvisible(prefix).trim().replace(/^@/, ''));
  // A range on the skeleton columns' indexes: every string that starts with the prefix sorts
  // between it and the prefix followed by the highest code point.
  const top = '\u{10FFFF}';
  const rows = await db
    .selectFrom('users')
    .select(['username', 'display_name'])
    .where((eb) =>
      eb.or([
        eb.and([eb('username_skeleton', '>=', username), eb('username_skeleton', '<', username + top)]),
        eb.and([eb('name_skeleton', '>=', name), eb('name_skeleton', '<', name + top)]),
      ]),
    )
    .$if(options.exceptUserId !== undefined, (q) => q.where('id', '!=', options.exceptUserId!))
    .where('deleted_at', 'is', null)
    .where(hasVisiblePost)
    .orderBy(sql`username_skeleton = ${username}`, 'desc')
    .orderBy('username_skeleton')
    .limit(Math.min(Math.max(options.limit ?? 8, 1), 20))
    .execute();
  return rows.map((r) => ({ username: r.username, name: r.display_name }));
}

/** The profile a mention links to. */
export function profilePath(locale: string, userId: number): string {
  return `/${locale}/community/u/${userId}/`;
}
