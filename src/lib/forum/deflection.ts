// The "your question may already be answered" funnel. Each visit to the question composer is a
// session (a random id the page holds): how many suggestions it showed, how many were clicked,
// and how it ended: the question was posted, or the writer left. Leaving after opening a
// suggestion is a deflection, the outcome the suggestions exist for. No content is stored,
// only counts and the thread ids involved.
import type { Expression, SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';
import { randomToken } from '../auth/crypto.ts';

/** A session nobody touched for this long is over: the writer left without posting. */
export const COMPOSER_IDLE_MS = 30 * 60 * 1000;

export async function startComposerSession(
  db: Db,
  input: { locale: string; userId: number | null },
  now = Date.now(),
): Promise<string> {
  const id = randomToken();
  await db
    .insertInto('composer_sessions')
    .values({
      id,
      user_id: input.userId,
      locale: input.locale,
      started_at: now,
      updated_at: now,
      last_clicked_thread_id: null,
      thread_id: null,
      ended_at: null,
    })
    .execute();
  return id;
}

/** The composer showed `count` suggestions (one call per list shown). */
export async function recordSuggestionsShown(
  db: Db,
  sessionId: string,
  count: number,
  now = Date.now(),
): Promise<boolean> {
  if (!Number.isInteger(count) || count <= 0) return false;
  const result = await db
    .updateTable('composer_sessions')
    .set((eb) => ({ suggestions_shown: eb('suggestions_shown', '+', Math.min(count, 20)), updated_at: now }))
    .where('id', '=', sessionId)
    .where('outcome', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function recordSuggestionClick(
  db: Db,
  sessionId: string,
  threadId: number,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .updateTable('composer_sessions')
    .set((eb) => ({
      suggestions_clicked: eb('suggestions_clicked', '+', 1),
      last_clicked_thread_id: threadId,
      updated_at: now,
    }))
    .where('id', '=', sessionId)
    .where('outcome', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Called by createThread in its transaction. A session already closed as abandoned is reopened as posted: the writer came back. */
export async function markComposerPosted(db: Db, sessionId: string, threadId: number, now = Date.now()): Promise<void> {
  await db
    .updateTable('composer_sessions')
    .set({ outcome: 'posted', thread_id: threadId, ended_at: now, updated_at: now })
    .where('id', '=', sessionId)
    .where('outcome', '!=', 'posted')
    .execute();
}

/** The page was left without posting (a beacon on leaving, or the idle sweep). */
export async function abandonComposerSession(db: Db, sessionId: string, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('composer_sessions')
    .set({ outcome: 'abandoned', ended_at: now, updated_at: now })
    .where('id', '=', sessionId)
    .where('outcome', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Closes sessions idle longer than COMPOSER_IDLE_MS as abandoned; run from a periodic job. */
export async function closeIdleComposerSessions(db: Db, now = Date.now(), idleMs = COMPOSER_IDLE_MS): Promise<number> {
  const result = await db
    .updateTable('composer_sessions')
    .set({ outcome: 'abandoned', ended_at: now })
    .where('outcome', '=', 'open')
    .where('updated_at', '<', now - idleMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface DeflectionFunnel {
  sessions: number;
  /** Sessions that showed at least one suggestion. */
  sawSuggestions: number;
  /** Sessions where at least one suggestion was opened. */
  clicked: number;
  posted: number;
  postedAfterClick: number;
  abandoned: number;
  /** Left without posting after opening a suggestion: a question that did not need asking. */
  deflected: number;
  open: number;
}

/** The funnel over sessions started in [fromMs, toMs), one locale or all. */
export async function deflectionFunnel(
  db: Db,
  period: { fromMs: number; toMs: number; locale?: string },
): Promise<DeflectionFunnel> {
  let query = db
    .selectFrom('composer_sessions')
    .select((eb) => {
      const count = (conditions: Expression<SqlBool>[]) =>
        eb.fn.sum<number>(eb.case().when(eb.and(conditions)).then(1).else(0).end());
      return [
        eb.fn.countAll<number>().as('sessions'),
        count([eb('suggestions_shown', '>', 0)]).as('saw_suggestions'),
        count([eb('suggestions_clicked', '>', 0)]).as('clicked'),
        count([eb('outcome', '=', 'posted')]).as('posted'),
        count([eb('outcome', '=', 'posted'), eb('suggestions_clicked', '>', 0)]).as('posted_after_click'),
        count([eb('outcome', '=', 'abandoned')]).as('abandoned'),
        count([eb('outcome', '=', 'abandoned'), eb('suggestions_clicked', '>', 0)]).as('deflected'),
        count([eb('outcome', '=', 'open')]).as('open'),
      ];
    })
    .where('started_at', '>=', period.fromMs)
    .where('started_at', '<', period.toMs);
  if (period.locale) query = query.where('locale', '=', period.locale);
  const row = await query.executeTakeFirstOrThrow();
  const n = (value: number | string | null) => Number(value ?? 0);
  return {
    sessions: n(row.sessions),
    sawSuggestions: n(row.saw_suggestions),
    clicked: n(row.clicked),
    posted: n(row.posted),
    postedAfterClick: n(row.posted_after_click),
    abandoned: n(row.abandoned),
    deflected: n(row.deflected),
    open: n(row.open),
  };
}
