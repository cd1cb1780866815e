// Asking a question: the composer form (/{locale}/community/new/) posts here. Title, body and
// category are checked first so the page can say which field to fix, in the composer's own
// words; everything else (silenced, suspended, too many questions) is the lib's refusal, turned
// into a localized ActionError by the forum actions' helpers. The composer session id from the
// page is passed on only when it is the writer's own, and marks that session "posted".
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { composerFieldError, ownedComposerSession } from '@/lib/forum/composer.ts';
import { threadPath } from '@/lib/forum/urls.ts';
import { writeRestriction } from '@/lib/forum/policy.ts';
import { createThread as askQuestion } from '@/lib/forum/threads.ts';
import { getDb } from '@/server/context.ts';
import { actionLocale, forumCall, member, refusalError, spamFields, spamRefusal } from './forum.ts';

const text = (max: number) => z.string().max(max).optional();

export const createThread = defineAction({
  accept: 'form',
  input: z.object({
    locale: text(5),
    category: text(20),
    title: text(2_000),
    body: text(200_000),
    composerSession: text(64),
    ...spamFields,
  }),
  handler: async (input, context) => {
    const locale = actionLocale(context, input.locale);
    const user = member(context, locale);
    const restricted = writeRestriction(user);
    if (restricted) throw refusalError(locale, restricted);
    const db = getDb();
    const categories = new Set((await db.selectFrom('forum_categories').select('id').execute()).map((c) => c.id));
    for (const field of ['title', 'body', 'category'] as const) {
      const problem = composerFieldError(locale, field, input[field], categories);
      if (problem) throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message: problem });
    }
    const spam = await spamRefusal(db, context, user, input);
    if (spam) throw refusalError(locale, spam);
    const composerSessionId = await ownedComposerSession(db, input.composerSession, user.id);
    const created = await forumCall(locale, () =>
      askQuestion(db, user, {
        locale,
        categoryId: Number(input.category),
        title: input.title ?? '',
        body: input.body ?? '',
        composerSessionId,
      }),
    );
    return {
      threadId: created.threadId,
      slug: created.slug,
      path: threadPath({ locale, id: created.threadId, slug: created.slug }),
    };
  },
});
