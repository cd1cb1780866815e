// Forum actions: thin adapters from forms (and the page script's fetch) to lib/forum. Each one
// reads its input, calls one lib function with the signed-in user, and turns what the lib says
// no with (AuthorizationError, `{ ok: false, problem }`) into an ActionError whose message is in
// the page's language. The lib authorizes too; checking here as well keeps an action that is
// called directly (actions are public endpoints at /_actions/…) from doing anything first.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { isLocale, localeFromPath, useTranslations, type Locale } from '@/i18n/index.ts';
import { AuthorizationError, requirePermission } from '@/lib/auth/authorize.ts';
import type { SessionUser } from '@/lib/auth/session.ts';
import { acceptAnswer, unacceptAnswer } from '@/lib/forum/answers.ts';
import { previewPost } from '@/lib/forum/mentions.ts';
import { markNotificationsRead } from '@/lib/forum/notifications.ts';
import { BODY_MAX, BODY_MIN, cleanBody, isModerator, TITLE_MAX, TITLE_MIN } from '@/lib/forum/policy.ts';
import type { ForumProblem, ModerationProblem, Outcome, Problem, Refusal } from '@/lib/outcome.ts';
import { editPost, postLocation, reply } from '@/lib/forum/posts.ts';
import { PERSONAL_FOR_A_WHILE_S } from '@/lib/forum/thread-viewer.ts';
import { unvotePost, votePost } from '@/lib/forum/votes.ts';
import { unwatchThread, watchThread } from '@/lib/forum/watches.ts';
import { flagPost, flagReasonRefusal } from '@/lib/moderation/flags.ts';
import { runThreadTool } from '@/lib/moderation/thread-form.ts';
import { formRefusal, HONEYPOT_FIELD, spendAddressLimit, STAMP_FIELD } from '@/lib/moderation/spam.ts';
import type { Db } from '@/lib/db/index.ts';
import { getDb } from '@/server/context.ts';
import { askForOwnPages } from '@/server/shared-page.ts';

/** The default link limit, for the message (the setting may differ; the message then still reads right in spirit). */
const NEW_USER_LINKS_HINT = 2;

type ErrorCode = ConstructorParameters<typeof ActionError>[0]['code'];

const forumCodes: Record<ForumProblem, ErrorCode> = {
  notFound: 'NOT_FOUND',
  locked: 'FORBIDDEN',
  suspended: 'FORBIDDEN',
  silenced: 'FORBIDDEN',
  ownPost: 'FORBIDDEN',
  rateLimited: 'TOO_MANY_REQUESTS',
  titleLength: 'UNPROCESSABLE_CONTENT',
  bodyLength: 'UNPROCESSABLE_CONTENT',
  invalidLocale: 'BAD_REQUEST',
  invalidCategory: 'BAD_REQUEST',
  notAReply: 'BAD_REQUEST',
  hasReplies: 'CONFLICT',
  // Only a field that is wrong as typed is a 422 (the page marks that field invalid, see
  // lib/forum/field-errors.ts); what moderation or the spam defences refuse is said for the form.
  watchedWord: 'FORBIDDEN',
  tooManyLinks: 'FORBIDDEN',
  slowMode: 'TOO_MANY_REQUESTS',
  duplicate: 'CONFLICT',
  spam: 'BAD_REQUEST',
  dailyLimit: 'TOO_MANY_REQUESTS',
  editLimit: 'TOO_MANY_REQUESTS',
  alreadyFlagged: 'CONFLICT',
  flagOwnPost: 'FORBIDDEN',
  flagReason: 'UNPROCESSABLE_CONTENT',
  invalidInput: 'BAD_REQUEST',
};
/** No forum action meets these; the review queue page (admin/moderation) answers with refusalError too. */
const moderationCodes: Record<ModerationProblem, ErrorCode> = {
  claimed: 'CONFLICT',
  notPending: 'CONFLICT',
  reasonRequired: 'BAD_REQUEST',
  staffAccount: 'FORBIDDEN',
};
const problemCodes: Record<Problem, ErrorCode> = { ...forumCodes, ...moderationCodes };

/** The language of the answer: the form's `locale` field, else the page's path, else the user's. */
export function actionLocale(context: ActionAPIContext, requested?: string | null): Locale {
  if (isLocale(requested)) return requested;
  const fromPath = localeFromPath(context.url.pathname);
  if (fromPath) return fromPath;
  const own = context.locals.user?.locale;
  return isLocale(own) ? own : 'en';
}

/** A refusal from lib/forum (or lib/moderation) as an ActionError with a localized message. */
export function refusalError(locale: Locale, refusal: Refusal<Problem>): ActionError {
  const { t, tp } = useTranslations(locale);
  const message =
    refusal.problem === 'rateLimited' ||
    refusal.problem === 'slowMode' ||
    refusal.problem === 'dailyLimit' ||
    refusal.problem === 'editLimit'
      ? tp(`forum.error.${refusal.problem}`, Math.max(1, Math.ceil((refusal.retryAfterMs ?? 60_000) / 60_000)))
      : t(`forum.error.${refusal.problem}`, {
          min: TITLE_MIN,
          max: TITLE_MAX,
          bodyMin: BODY_MIN,
          bodyMax: BODY_MAX,
          links: NEW_USER_LINKS_HINT,
        });
  return new ActionError({ code: problemCodes[refusal.problem], message });
}

/** Runs a lib call as `user`: refusals and authorization failures become localized ActionErrors. */
export async function forumCall<T extends object>(
  locale: Locale,
  call: () => Promise<Outcome<T>>,
): Promise<Extract<Outcome<T>, { ok: true }>> {
  let outcome: Outcome<T>;
  try {
    outcome = await call();
  } catch (error) {
    if (error instanceof AuthorizationError) throw authorizationError(locale, error);
    throw error;
  }
  if (!outcome.ok) throw refusalError(locale, outcome);
  return outcome as Extract<Outcome<T>, { ok: true }>;
}

function authorizationError(locale: Locale, error: AuthorizationError): ActionError {
  const { t } = useTranslations(locale);
  return error.status === 401
    ? new ActionError({ code: 'UNAUTHORIZED', message: t('forum.error.signIn') })
    : new ActionError({ code: 'FORBIDDEN', message: t('forum.error.forbidden') });
}

/** The signed-in user, or a localized 401 before any work is done. */
export function member(context: ActionAPIContext, locale: Locale): SessionUser {
  try {
    return requirePermission(context.locals.user, 'account');
  } catch (error) {
    if (error instanceof AuthorizationError) throw authorizationError(locale, error);
    throw error;
  }
}

/**
 * The spam defences of a write form: the honeypot and the form stamp (minimum time to submit),
 * then one write counted against the client address (keyed hash). Moderators pass. An edit of
 * one's own post (`edit`) keeps the honeypot and the stamp's signature only: no minimum time and
 * no address budget, which new posts need; edits have their own per-user limit (policy.ts).
 */
export async function spamRefusal(
  db: Db,
  context: ActionAPIContext,
  user: SessionUser,
  fields: { website?: string | undefined; form_stamp?: string | undefined },
  write: 'new' | 'edit' = 'new',
): Promise<Refusal | null> {
  if (isModerator(user)) return null;
  const refused = await formRefusal(
    db,
    { [HONEYPOT_FIELD]: fields.website, [STAMP_FIELD]: fields.form_stamp },
    Date.now(),
    { timing: write !== 'edit' },
  );
  if (refused || write === 'edit') return refused;
  return spendAddressLimit(db, context.clientAddress, 'forum:write');
}

/** The spam-defence fields every write form sends (components/forum/SpamFields.astro). */
export const spamFields = { website: z.string().max(500).optional(), form_stamp: z.string().max(100).optional() };

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const locale = z.string().max(5).optional();
/** Long enough for any body the lib accepts (20,000 graphemes); the lib checks the real limit. */
const body = z.string().max(200_000);

export const forum = {
  /** A reply to a thread; answers where it landed, so the page can go (or scroll) there. */
  reply: defineAction({
    accept: 'form',
    input: z.object({ threadId: id, body, locale, ...spamFields }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      const db = getDb();
      const posted = await forumCall(
        lang,
        async () => (await spamRefusal(db, context, user, input)) ?? reply(db, user, input.threadId, input.body),
      );
      const where = await postLocation(db, posted.postId, user);
      // A held reply is on its author's own page only: the shared one shows it to no one.
      if (posted.pending) askForOwnPages(context.cookies, PERSONAL_FOR_A_WHILE_S);
      return {
        postId: posted.postId,
        number: posted.number,
        page: posted.page,
        threadId: input.threadId,
        slug: where?.slug ?? null,
        locale: where?.locale ?? lang,
        pending: posted.pending,
      };
    },
  }),

  /** The sanitized HTML a body would become, for the preview (no JavaScript: the page shows it). */
  preview: defineAction({
    accept: 'form',
    input: z.object({ body, locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      member(context, lang);
      const source = cleanBody(input.body);
      if (!source) throw refusalError(lang, { ok: false, problem: 'bodyLength' });
      const { t } = useTranslations(lang);
      const { html } = await previewPost(getDb(), lang, source, (names) => t('forum.mention.unknown', { names }));
      return { html };
    },
  }),

  /** Edits a post (its author or a moderator); the question's title too. */
  edit: defineAction({
    accept: 'form',
    input: z.object({
      postId: id,
      body,
      title: z.string().max(2_000).optional(),
      reason: z.string().max(2_000).optional(),
      locale,
      ...spamFields,
    }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      const db = getDb();
      const edit = {
        body: input.body,
        reason: input.reason ?? null,
        ...(input.title !== undefined ? { title: input.title } : {}),
      };
      const edited = await forumCall(
        lang,
        async () => (await spamRefusal(db, context, user, input, 'edit')) ?? editPost(db, user, input.postId, edit),
      );
      const where = await postLocation(db, input.postId, user);
      return { changed: edited.changed, postId: input.postId, location: where };
    },
  }),

  vote: defineAction({
    accept: 'form',
    input: z.object({ postId: id, locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      const voted = await forumCall(lang, () => votePost(getDb(), user, input.postId));
      return { postId: input.postId, voteScore: voted.voteScore, voted: true };
    },
  }),

  unvote: defineAction({
    accept: 'form',
    input: z.object({ postId: id, locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      const result = await forumCall(lang, () => unvotePost(getDb(), user, input.postId));
      return { postId: input.postId, voteScore: result.voteScore, voted: false };
    },
  }),

  /** The asker (or a moderator) marks a reply as the answer. */
  accept: defineAction({
    accept: 'form',
    input: z.object({ postId: id, locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      await forumCall(lang, () => acceptAnswer(getDb(), user, input.postId));
      return { postId: input.postId };
    },
  }),

  unaccept: defineAction({
    accept: 'form',
    input: z.object({ threadId: id, locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      await forumCall(lang, () => unacceptAnswer(getDb(), user, input.threadId));
      return { threadId: input.threadId };
    },
  }),

  watch: defineAction({
    accept: 'form',
    input: z.object({ threadId: id, locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      await forumCall(lang, () => watchThread(getDb(), user, input.threadId));
      return { threadId: input.threadId, watching: true };
    },
  }),

  unwatch: defineAction({
    accept: 'form',
    input: z.object({ threadId: id, locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      await forumCall(lang, () => unwatchThread(getDb(), user, input.threadId));
      return { threadId: input.threadId, watching: false };
    },
  }),

  /** Flags a post for the moderators (once per member and post, never one's own). */
  flag: defineAction({
    accept: 'form',
    input: z.object({
      postId: id,
      reason: z.string().max(20).optional(),
      note: z.string().max(2_000).optional(),
      locale,
      ...spamFields,
    }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      const db = getDb();
      // A missing reason is the member's slip, answered before the spam checks count a write.
      await forumCall(
        lang,
        async () =>
          flagReasonRefusal(input.reason) ??
          (await spamRefusal(db, context, user, input)) ??
          flagPost(db, user, input.postId, { reason: input.reason ?? '', note: input.note ?? null }),
      );
      return { postId: input.postId, flagged: true };
    },
  }),

  /** A moderator's thread tool: lock/unlock, pin/unpin, move, slow mode, close as duplicate (each with an optional reason). */
  threadTool: defineAction({
    accept: 'form',
    input: z.object({
      threadId: id,
      tool: z.string().max(20),
      reason: z.string().max(2_000).optional(),
      category: z.string().max(20).optional(),
      minutes: z.string().max(10).optional(),
      original: z.string().max(2_000).optional(),
      locale,
    }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      const done = await forumCall(lang, () => runThreadTool(getDb(), user, input.threadId, input));
      return { threadId: input.threadId, tool: done.tool, changed: done.changed };
    },
  }),

  /** Marks every notification of the user read. */
  markRead: defineAction({
    accept: 'form',
    input: z.object({ locale }),
    handler: async (input, context) => {
      const lang = actionLocale(context, input.locale);
      const user = member(context, lang);
      const marked = await markNotificationsRead(getDb(), user);
      return { marked };
    },
  }),
};
