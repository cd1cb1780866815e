// The forum's full-text index: what is in it (visible posts, the question with its thread's
// title) and the one way posts get in and out of it, as steps inside the caller's transaction.
// The dialect-specific part sits behind the small ForumSearchIndex interface, with two
// implementations over the same normalized text: FTS5 on SQLite (`sqliteForumSearch`) and a
// tsvector with a GIN index on Postgres (`postgresForumSearch`).
// Hidden and deleted posts are taken out of the index when they are hidden, and every match is
// joined back to visible posts of visible threads, so neither ever shows up in results.
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db/index.ts';
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
  /**
   * Best match per visible thread, best first. Each term is a list of forms, any of which
   * matches it (already normalized and stemmed); `mode` says whether every term must match.
   */
  match(
    db: Db,
    query: { locale: string; terms: string[][]; mode: 'all' | 'any'; limit: number },
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
    const phrases = terms
      .map((forms) => forms.map(ftsPhrase).filter((phrase) => phrase !== '""*'))
      .filter((alternatives) => alternatives.length)
      .map((alternatives) => `(${alternatives.join(' OR ')})`);
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
    return bestPerThread(rows.rows, limit);
  },
};

/**
 * Words as FTS5's unicode61 tokenizer cuts them: runs of letters, marks and digits; everything
 * else separates. Postgres gets the same words, cut here rather than by its own parser, whose
 * idea of a letter depends on the server's locale.
 */
export function searchTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/** A lexeme in tsvector/tsquery syntax: quoted, with quotes and backslashes escaped (no operator gets through). */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** Postgres keeps positions up to 16,383 and lexemes up to 2 KB; longer posts are indexed on their first words. */
const MAX_POSITION = 16_383;
const MAX_LEXEME_BYTES = 2_046;

/** The tsvector literal of a post: title words weighted A, body words D, each at its position. */
export function tsvectorLiteral(title: string, body: string): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const [text, weight] of [
    [title, 'A'],
    [body, 'D'],
  ] as const) {
    for (const word of searchTokens(text)) {
      if (++position > MAX_POSITION) break;
      if (Buffer.byteLength(word) > MAX_LEXEME_BYTES) continue;
      const list = positions.get(word) ?? [];
      list.push(`${position}${weight}`);
      positions.set(word, list);
    }
  }
  return [...positions].map(([word, at]) => `${lexeme(word)}:${at.join(',')}`).join(' ');
}

/** A query term as a tsquery: its words in order (`<->`), the last one as a prefix, as FTS5's `"…"*`. */
export function tsqueryTerm(term: string): string | undefined {
  const words = searchTokens(term.replace(/\p{Cc}/gu, ''));
  if (!words.length) return undefined;
  return words.map((word, i) => lexeme(word) + (i === words.length - 1 ? ':*' : '')).join(' <-> ');
}

/**
 * Title matches weigh four times body matches, as FTS5's bm25(4, 1); ts_rank's order of weights
 * is D, C, B, A. Normalization 1 divides by 1 + log(length), as bm25 favours the shorter post.
 */
const POSTGRES_WEIGHTS = '{0.25, 0.25, 0.25, 1}';

export const postgresForumSearch: ForumSearchIndex = {
  async put(db, doc) {
    const document = tsvectorLiteral(normalize(doc.locale, doc.title ?? ''), normalize(doc.locale, doc.text));
    await sql`INSERT INTO forum_search (post_id, locale, document) VALUES (${doc.postId}, ${doc.locale}, ${document}::tsvector)
      ON CONFLICT (post_id) DO UPDATE SET locale = excluded.locale, document = excluded.document`.execute(db);
  },
  async remove(db, postId) {
    await sql`DELETE FROM forum_search WHERE post_id = ${postId}`.execute(db);
  },
  async match(db, { locale, terms, mode, limit }) {
    const parts = terms
      .map((forms) => forms.map(tsqueryTerm).filter((part): part is string => part !== undefined))
      .filter((alternatives) => alternatives.length)
      .map((alternatives) => `(${alternatives.map((part) => `(${part})`).join(' | ')})`);
    if (!parts.length) return [];
    const query = parts.join(mode === 'all' ? ' & ' : ' | ');
    const rows = await sql<{ thread_id: number; post_id: number }>`
      SELECT posts.thread_id, posts.id AS post_id
      FROM (
        SELECT post_id, ts_rank(${POSTGRES_WEIGHTS}, document, ${query}::tsquery, 1) AS rank
        FROM forum_search WHERE document @@ ${query}::tsquery AND locale = ${locale}
        ORDER BY rank DESC, post_id LIMIT ${CANDIDATES}
      ) AS m
      JOIN posts ON posts.id = m.post_id
      JOIN threads ON threads.id = posts.thread_id
      WHERE posts.hidden_at IS NULL AND posts.deleted_at IS NULL
        AND threads.hidden_at IS NULL AND threads.deleted_at IS NULL AND threads.locale = ${locale}
      ORDER BY m.rank DESC, m.post_id`.execute(db);
    return bestPerThread(rows.rows, limit);
  },
};

/** The first (best) match of each thread, in order, up to `limit` threads. */
function bestPerThread(rows: readonly { thread_id: number; post_id: number }[], limit: number): ForumSearchMatch[] {
  const best = new Map<number, number>();
  for (const row of rows) {
    if (!best.has(row.thread_id)) best.set(row.thread_id, row.post_id);
    if (best.size >= limit) break;
  }
  return [...best].map(([threadId, postId]) => ({ threadId, postId }));
}

/** The index for this database; the choice lives here, not in callers. */
export function forumSearchIndex(db: Db): ForumSearchIndex {
  return dialectOf(db) === 'postgres' ? postgresForumSearch : sqliteForumSearch;
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
