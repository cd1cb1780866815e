// @mentions: names written in a post resolve to users by display name, compared by the same
// look-alike skeleton that keeps names unique (so @sara, @Sara and an Arabic-keyboard spelling of
// a Persian name all find the one user). Rendering stays pure: resolve here, render with the map.
import type { Db } from '../db/index.ts';
import { extractMentions, mentionKey, renderMarkdown } from '../markdown/render.ts';

/** Users behind the mentioned names, keyed by `mentionKey`; unknown names are left out. */
export async function resolveMentions(db: Db, names: readonly string[]): Promise<Map<string, number>> {
  const keys = [...new Set(names.map(mentionKey))].filter(Boolean);
  if (!keys.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name_skeleton']).where('name_skeleton', 'in', keys).execute();
  return new Map(rows.map((r) => [r.name_skeleton, r.id]));
}

/** A post's HTML with its mentions linked, and who was mentioned (for notifications). */
export async function renderPost(db: Db, locale: string, source: string): Promise<{ html: string; mentionedUserIds: number[] }> {
  const users = await resolveMentions(db, extractMentions(source));
  return { html: renderMarkdown(source, { mentions: { locale, users } }), mentionedUserIds: [...new Set(users.values())] };
}

/** The profile a mention links to. */
export function profilePath(locale: string, userId: number): string {
  return `/${locale}/community/u/${userId}/`;
}
