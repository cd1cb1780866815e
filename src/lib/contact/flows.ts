// The contact funnel. A flow is one visit to /{locale}/contact/ by one visitor (the first-party
// visitor id): it starts when the page is opened (a reload or coming back within the idle time
// continues it), remembers which articles and threads it suggested, and ends deflected (the
// customer said an article or thread solved the problem: which one is kept), submitted (a
// request was sent) or abandoned (left idle). No text is stored here, only ids and counts.
import type { Db } from '../db/index.ts';
import type { ContactSuggestionKind } from '../db/schema.ts';
import { randomToken } from '../auth/crypto.ts';

/** A flow nobody touched for this long is over: the customer left. */
export const FLOW_IDLE_MS = 30 * 60 * 1000;
export const FLOW_ID_PATTERN = /^[a-z2-9]{24}$/;
/** Suggestions remembered per flow; more would only be noise. */
export const MAX_SUGGESTIONS_PER_FLOW = 40;

export interface FlowSuggestion {
  kind: ContactSuggestionKind;
  /** Article id (`<locale>/<category>/<slug>`) or thread id. */
  ref: string;
}

/** This visitor's open flow in this locale (touched), or a new one. Also closes idle flows. */
export async function startOrResumeFlow(
  db: Db,
  input: { locale: string; visitor: string; userId: number | null; resume?: string | undefined },
  now = Date.now(),
): Promise<{ id: string; resumed: boolean }> {
  await closeIdleFlows(db, now);
  let query = db
    .selectFrom('contact_flows')
    .select('id')
    .where('visitor', '=', input.visitor)
    .where('locale', '=', input.locale)
    .where('outcome', '=', 'open')
    .where('updated_at', '>=', now - FLOW_IDLE_MS);
  if (input.resume && FLOW_ID_PATTERN.test(input.resume)) query = query.where('id', '=', input.resume);
  const open = await query.orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  if (open) {
    await db.updateTable('contact_flows').set({ updated_at: now }).where('id', '=', open.id).execute();
    return { id: open.id, resumed: true };
  }
  const id = randomToken();
  await db
    .insertInto('contact_flows')
    .values({
      id,
      locale: input.locale,
      visitor: input.visitor,
      user_id: input.userId,
      started_at: now,
      updated_at: now,
      deflected_kind: null,
      deflected_ref: null,
      request_id: null,
      ended_at: null,
    })
    .execute();
  return { id, resumed: false };
}

/** The flow when it belongs to this visitor, else undefined (ids from a form are never trusted alone). */
export async function ownFlow(
  db: Db,
  id: string | undefined,
  visitor: string,
): Promise<{ id: string; locale: string; outcome: string } | undefined> {
  if (!id || !FLOW_ID_PATTERN.test(id)) return undefined;
  return db
    .selectFrom('contact_flows')
    .select(['id', 'locale', 'outcome'])
    .where('id', '=', id)
    .where('visitor', '=', visitor)
    .executeTakeFirst();
}

/** Remembers suggestions the flow showed (duplicates ignored, at most MAX_SUGGESTIONS_PER_FLOW). */
export async function recordSuggestions(
  db: Db,
  flowId: string,
  suggestions: readonly FlowSuggestion[],
  now = Date.now(),
): Promise<number> {
  const unique = [...new Map(suggestions.map((s) => [`${s.kind}:${s.ref}`, s])).values()];
  if (!unique.length) return 0;
  const existing = await db
    .selectFrom('contact_flow_suggestions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('flow_id', '=', flowId)
    .executeTakeFirstOrThrow();
  const room = MAX_SUGGESTIONS_PER_FLOW - Number(existing.n);
  if (room <= 0) return 0;
  const rows = unique.slice(0, room).map((s) => ({ flow_id: flowId, kind: s.kind, ref: s.ref }));
  const result = await db
    .insertInto('contact_flow_suggestions')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  await db.updateTable('contact_flows').set({ updated_at: now }).where('id', '=', flowId).execute();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** "This solved my problem": the flow ends deflected by that article or thread. An ended flow stays as it ended. */
export async function deflectFlow(
  db: Db,
  flowId: string,
  solvedBy: FlowSuggestion,
  now = Date.now(),
): Promise<boolean> {
  await recordSuggestions(db, flowId, [solvedBy], now);
  const result = await db
    .updateTable('contact_flows')
    .set({
      outcome: 'deflected',
      deflected_kind: solvedBy.kind,
      deflected_ref: solvedBy.ref,
      ended_at: now,
      updated_at: now,
    })
    .where('id', '=', flowId)
    .where('outcome', 'in', ['open', 'abandoned'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Closes flows idle longer than FLOW_IDLE_MS as abandoned. */
export async function closeIdleFlows(db: Db, now = Date.now(), idleMs = FLOW_IDLE_MS): Promise<number> {
  const result = await db
    .updateTable('contact_flows')
    .set({ outcome: 'abandoned', ended_at: now })
    .where('outcome', '=', 'open')
    .where('updated_at', '<', now - idleMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A suggestion key as the page sends it: `a:<article id>` or `t:<thread id>`. */
export function parseSuggestionKey(key: string): FlowSuggestion | undefined {
  const article = /^a:([a-z]{2}\/[a-z0-9-]{1,80}\/[a-z0-9-]{1,120})$/.exec(key);
  if (article) return { kind: 'article', ref: article[1]! };
  const thread = /^t:([1-9]\d{0,14})$/.exec(key);
  if (thread) return { kind: 'thread', ref: thread[1]! };
  return undefined;
}

export const suggestionKey = (s: FlowSuggestion) => `${s.kind === 'article' ? 'a' : 't'}:${s.ref}`;

/**
 * The suggestion keys a page sent (`shown`, `solved`) that name something real: a published
 * article (`publishedArticles`) or a visible thread. Anything else is dropped.
 */
export async function knownSuggestions(
  db: Db,
  keys: readonly string[],
  publishedArticles: ReadonlySet<string>,
): Promise<FlowSuggestion[]> {
  const parsed = keys.slice(0, MAX_SUGGESTIONS_PER_FLOW).flatMap((key) => {
    const s = parseSuggestionKey(key);
    return s ? [s] : [];
  });
  const threadIds = parsed.filter((s) => s.kind === 'thread').map((s) => Number(s.ref));
  const visible = new Set(
    threadIds.length
      ? (
          await db
            .selectFrom('threads')
            .select('id')
            .where('id', 'in', threadIds)
            .where('hidden_at', 'is', null)
            .where('deleted_at', 'is', null)
            .execute()
        ).map((t) => String(t.id))
      : [],
  );
  return parsed.filter((s) => (s.kind === 'article' ? publishedArticles.has(s.ref) : visible.has(s.ref)));
}
