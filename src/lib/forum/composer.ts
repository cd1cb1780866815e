// The question composer's server side, around the data layer: the events the composer page
// reports (validated here, applied only to the writer's own session), clicks on article
// suggestions (which have no thread id), the JSON shape of a forum hit,
// and forum search one page at a time for /{locale}/community/search/.
import { z } from 'astro/zod';
import type { Db } from '../db/index.ts';
import { useTranslations } from '../../i18n/index.ts';
import { locales, type Locale } from '../../i18n/locales.ts';
import {
  abandonComposerSession,
  closeIdleComposerSessions,
  recordSuggestionClick,
  recordSuggestionsShown,
  startComposerSession,
} from './deflection.ts';
import { hitsFor, matchQuery, type ForumSearchHit } from './search.ts';
import { BODY_MAX, cleanBody, cleanTitle, TITLE_MAX, TITLE_MIN } from './policy.ts';
import { threadPath } from './urls.ts';

const sessionId = z.string().regex(/^[a-z2-9]{24}$/);
/** Suggestions shown since the last report, sent along so no report is lost to the order beacons arrive in. */
const shown = z.number().int().min(0).max(20).optional();

export const composerEventSchema = z.discriminatedUnion('type', [
  /** A composer page opened; `resume` continues this tab's session when it is still open. */
  z.strictObject({ type: z.literal('start'), locale: z.enum(locales), resume: sessionId.optional() }),
  z.strictObject({ type: z.literal('shown'), id: sessionId, count: z.number().int().min(1).max(20) }),
  /** A suggestion was opened: a thread (its id) or an article (no id). */
  z.strictObject({
    type: z.literal('click'),
    id: sessionId,
    thread: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    shown,
  }),
  /** The page was left without posting. */
  z.strictObject({ type: z.literal('abandon'), id: sessionId, shown }),
]);
export type ComposerEvent = z.infer<typeof composerEventSchema>;

/** The session id when it belongs to this user (whatever its outcome), else null. */
export async function ownedComposerSession(
  db: Db,
  id: string | null | undefined,
  userId: number,
): Promise<string | null> {
  if (!id || !sessionId.safeParse(id).success) return null;
  const row = await db
    .selectFrom('composer_sessions')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** An article suggestion was opened: counted like a thread click, without a thread to remember. */
export async function recordArticleSuggestionClick(db: Db, id: string, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('composer_sessions')
    .set((eb) => ({ suggestions_clicked: eb('suggestions_clicked', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('outcome', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type ComposerEventResult = { id: string; resumed: boolean } | { recorded: boolean };

/**
 * A tab that comes back this soon after leaving (a reload, Back from a suggestion) continues its
 * session instead of counting a second visit; the leave it reported is taken back.
 */
export const COMPOSER_RESUME_MS = 5 * 60 * 1000;

/**
 * Applies one event from a composer page of `userId`. Events for a session that is not theirs
 * (or not there) change nothing. Starting a session also closes sessions idle for 30 minutes,
 * so the funnel stays current without a separate job.
 */
export async function handleComposerEvent(
  db: Db,
  userId: number,
  event: ComposerEvent,
  now = Date.now(),
): Promise<ComposerEventResult> {
  if (event.type === 'start') {
    await closeIdleComposerSessions(db, now);
    if (event.resume) {
      const touched = await db
        .updateTable('composer_sessions')
        .set({ outcome: 'open', ended_at: null, updated_at: now })
        .where('id', '=', event.resume)
        .where('user_id', '=', userId)
        .where('locale', '=', event.locale)
        .where((eb) =>
          eb.or([
            eb('outcome', '=', 'open'),
            eb.and([eb('outcome', '=', 'abandoned'), eb('updated_at', '>=', now - COMPOSER_RESUME_MS)]),
          ]),
        )
        .executeTakeFirst();
      if (Number(touched.numUpdatedRows) > 0) return { id: event.resume, resumed: true };
    }
    return { id: await startComposerSession(db, { locale: event.locale, userId }, now), resumed: false };
  }
  const id = await ownedComposerSession(db, event.id, userId);
  if (!id) return { recorded: false };
  if (event.type === 'shown') return { recorded: await recordSuggestionsShown(db, id, event.count, now) };
  if (event.shown) await recordSuggestionsShown(db, id, event.shown, now);
  if (event.type === 'click') {
    return {
      recorded:
        event.thread === undefined
          ? await recordArticleSuggestionClick(db, id, now)
          : await recordSuggestionClick(db, id, event.thread, now),
    };
  }
  return { recorded: await abandonComposerSession(db, id, now) };
}

/** A forum hit as the browser gets it (suggestions, the site search's community section). */
export interface ThreadHitView {
  id: number;
  title: string;
  url: string;
  excerpt: string;
  solved: boolean;
  replies: number;
  category: string;
}

export function threadHitView(hit: ForumSearchHit, categoryTitles: ReadonlyMap<number, string>): ThreadHitView {
  return {
    id: hit.id,
    title: hit.title,
    url: threadPath(hit),
    excerpt: hit.excerpt,
    solved: hit.solved,
    replies: hit.replyCount,
    category: categoryTitles.get(hit.category.id) ?? hit.category.slug,
  };
}

export const SEARCH_PAGE_SIZE = 20;
/** The index reads at most 500 candidates per query, so pages stop there. */
export const SEARCH_MAX_PAGE = 25;

/**
 * Page `page` of the threads matching a query, best first, with whether another page follows.
 * Same matching as searchThreads (every term, else any term); pages are positions in that order.
 */
export async function searchThreadPage(
  db: Db,
  locale: string,
  query: string,
  options: { page?: number; pageSize?: number } = {},
): Promise<{ terms: string[]; hits: ForumSearchHit[]; page: number; more: boolean }> {
  const pageSize = Math.min(Math.max(options.pageSize ?? SEARCH_PAGE_SIZE, 1), 50);
  const page = Math.min(Math.max(Math.trunc(options.page ?? 1) || 1, 1), SEARCH_MAX_PAGE);
  const limit = page * pageSize + 1;
  const { terms, matches } = await matchQuery(db, locale, query, { mode: 'all', limit });
  const onPage = matches.slice((page - 1) * pageSize, page * pageSize);
  const more = matches.length > page * pageSize && page < SEARCH_MAX_PAGE;
  return { terms, hits: await hitsFor(db, locale, terms, onPage), page, more };
}

/** What the composer form holds, shown again as typed after a refusal. */
export interface ComposerValues {
  category: string;
  title: string;
  body: string;
  composerSession: string;
}

/** Why the composer refuses a field, in the page's language; null when the field is fine. */
export function composerFieldError(
  locale: Locale,
  field: 'title' | 'body' | 'category',
  value: string | undefined,
  categoryIds: ReadonlySet<number>,
): string | null {
  const { t } = useTranslations(locale);
  if (field === 'title')
    return cleanTitle(value ?? '') ? null : t('forum.composer.error.title', { min: TITLE_MIN, max: TITLE_MAX });
  if (field === 'body') return cleanBody(value ?? '') ? null : t('forum.composer.error.body', { max: BODY_MAX });
  return categoryIds.has(Number(value)) ? null : t('forum.composer.error.category');
}
