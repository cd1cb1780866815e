// The forum's full-text index: what is in it (visible posts, the question with its thread's
// title) and the one way posts get in and out of it, as steps inside the caller's transaction.
// The SQLite-only part (FTS5) is `sqliteForumSearch` behind the small ForumSearchIndex interface;
// a Postgres port implements the same three methods with tsvector and leaves the rest alone.
// Hidden and deleted posts are taken out of the index when they are hidden, and every match is
// joined back to visible posts of visible threads, so neither ever shows up in results.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { htmlToText } from '../markdown/render.ts';
import { normalize } from '../search/normalize.ts';

export interface ForumSearchDocument {
  postId: number;
  locale: string;
  /** The thread title, on the question post only. */
  title: string | null;
  /** The post's text as readers see it (rendered, tags removed). */
  text: string;
}

export interface ForumSearchMatch {
  threadId: number;
  postId: number;
}

export interface ForumSearchIndex {
  /** Adds or replaces a post's entry. */
  put(db: Db, doc: ForumSearchDocument): Promise<void>;
  remove(db: Db, postId: number): Promise<void>;
  /** Best match per visible thread, best first. `terms` are already normalized and stemmed. */
  match(
    db: Db,
    query: { locale: string; terms: string[]; mode: 'all' | 'any'; limit: number },
  ): Promise<ForumSearchMatch[]>;
}

/**
 * A term as an FTS5 prefix phrase, the only way any text reaches a MATCH expression: control
 * characters removed (SQLite ends the expression at a NUL: "unterminated string"), then
 * quoted with inner quotes doubled, so no operator, column filter or bracket gets through, then `*`.
 */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/\p{Cc}/gu, '').replace(/"/g, '""')}"*`;
}

/** Candidates read from the index before visibility and per-thread grouping. */
const CANDIDATES = 500;

export const sqliteForumSearch: ForumSearchIndex = {
  async put(db, doc) {
    await sql`DELETE FROM forum_search WHERE rowid = ${doc.postId}`.execute(db);
    await sql`INSERT INTO forum_search (rowid, title, body, locale) VALUES (${doc.postId}, ${normalize(doc.locale, doc.title ?? '')}, ${normalize(doc.locale, doc.text)}, ${doc.locale})`.execute(
      db,
    );
  },
  async remove(db, postId) {
    await sql`DELETE FROM forum_search WHERE rowid = ${postId}`.execute(db);
  },
  async match(db, { locale, terms, mode, limit }) {
    const phrases = terms.map(ftsPhrase).filter((phrase) => phrase !== '""*');
    if (!phrases.length) return [];
    // The locale is an indexed column, so FTS5 intersects it instead of filtering afterwards.
    const expression = `locale : ${ftsPhrase(locale).slice(0, -1)} AND (${phrases.join(mode === 'all' ? ' AND ' : ' OR ')})`;
    const rows = await sql<{ thread_id: number; post_id: number }>`
      SELECT posts.thread_id, posts.id AS post_id
      FROM (SELECT rowid, rank FROM forum_search WHERE forum_search MATCH ${expression} ORDER BY rank LIMIT ${CANDIDATES}) AS m
      JOIN posts ON posts.id = m.rowid
      JOIN threads ON threads.id = posts.thread_id
      WHERE posts.hidden_at IS NULL AND posts.deleted_at IS NULL
        AND threads.hidden_at IS NULL AND threads.deleted_at IS NULL AND threads.locale = ${locale}
      ORDER BY m.rank`.execute(db);
    const best = new Map<number, number>();
    for (const row of rows.rows) {
      if (!best.has(row.thread_id)) best.set(row.thread_id, row.post_id);
      if (best.size >= limit) break;
    }
    return [...best].map(([threadId, postId]) => ({ threadId, postId }));
  },
};

/** The index for this database. One implementation today; the choice lives here, not in callers. */
export function forumSearchIndex(_db: Db): ForumSearchIndex {
  return sqliteForumSearch;
}

/** Adds or replaces a post's entry from its rendered HTML; `title` only for the question (post 1). */
export async function indexPost(
  db: Db,
  post: { id: number; locale: string; title: string | null; html: string },
): Promise<void> {
  await forumSearchIndex(db).put(db, {
    postId: post.id,
    locale: post.locale,
    title: post.title,
    text: htmlToText(post.html),
  });
}

export async function unindexPost(db: Db, postId: number): Promise<void> {
  await forumSearchIndex(db).remove(db, postId);
}
