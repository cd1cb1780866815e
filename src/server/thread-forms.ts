// The thread page's forms, posted to Astro Actions without JavaScript: which one succeeded (the
// page then redirects, lib/forum/thread-view.ts says where), or the messages of one that failed
// with the text as it was sent, so the page renders again with nothing lost.
import type { AstroGlobal } from 'astro';
import { actions, isInputError } from 'astro:actions';
import { isFieldError } from '@/lib/forum/field-errors.ts';
import type { ThreadFormDone } from '@/lib/forum/thread-view.ts';

export type ThreadForm =
  'vote' | 'unvote' | 'accept' | 'unaccept' | 'watch' | 'unwatch' | 'reply' | 'preview' | 'flag' | 'threadTool';

export interface ThreadForms {
  /** The URL a form on the page posts to: the page itself with the action's query. */
  action: (name: ThreadForm) => string;
  done: ThreadFormDone | null;
  /** A reply text wrong as typed marks the field; anything else is said for the whole form. */
  replyError: string | null;
  replyFormError: string | null;
  /** Votes, the answer mark, watching, flags. */
  otherError: string | null;
  toolError: string | null;
  /** A failed reply or a preview comes back with the text as written. */
  draft: string;
  previewHtml: string | null;
  /** A failed flag comes back open on its post, with the reason and note kept; `?flag=<post id>` (the
   * "Flag" link without JavaScript) opens an empty one there. */
  flagDraftFor: (postId: number) => { error: string; reason: string; note: string } | null;
}

const FORMS = [
  'reply',
  'preview',
  'vote',
  'unvote',
  'accept',
  'unaccept',
  'watch',
  'unwatch',
  'flag',
  'threadTool',
] as const;

function resultsOf(Astro: AstroGlobal) {
  const result = <K extends ThreadForm>(name: K) => Astro.getActionResult(actions.forum[name]);
  return Object.fromEntries(FORMS.map((name) => [name, result(name)])) as {
    [K in ThreadForm]: ReturnType<typeof result<K>>;
  };
}

/** The form that succeeded, if one did (a request runs one action at most). */
function succeeded(results: ReturnType<typeof resultsOf>): ThreadFormDone | null {
  const posted = results.reply?.data;
  if (posted)
    return { form: 'reply', locale: posted.locale, slug: posted.slug, page: posted.page, number: posted.number };
  for (const form of ['vote', 'unvote', 'accept', 'flag'] as const) {
    const data = results[form]?.data;
    if (data) return { form, postId: data.postId };
  }
  for (const form of ['unaccept', 'watch', 'unwatch', 'threadTool'] as const) if (results[form]?.data) return { form };
  return null;
}

/** `here` is the page's address, which every form posts back to. */
export async function readThreadForms(Astro: AstroGlobal, here: string): Promise<ThreadForms> {
  const results = resultsOf(Astro);
  const { reply, preview, vote, unvote, accept, unaccept, watch, unwatch, flag, threadTool } = results;
  const t = Astro.locals.t;
  const errorOf = (outcome: { error?: unknown } | undefined) => {
    const error = outcome?.error;
    if (!error) return null;
    if (isInputError(error)) return t('forum.error.invalid');
    return error instanceof Error && error.message ? error.message : t('forum.error.invalid');
  };
  const replyFailure = reply?.error ?? preview?.error;
  const replyMessage = errorOf(reply) ?? errorOf(preview);
  const posted = Astro.request.method !== 'GET' && Astro.request.method !== 'HEAD';
  const form = posted && (reply || preview || flag?.error) ? await Astro.request.formData().catch(() => null) : null;
  const field = (name: string) => {
    const value = form?.get(name);
    return typeof value === 'string' ? value : '';
  };
  const flagDraft =
    form && flag?.error
      ? { postId: Number(field('postId')), error: errorOf(flag) ?? '', reason: field('reason'), note: field('note') }
      : null;
  const flagLinked = Number(Astro.url.searchParams.get('flag')) || null;
  return {
    action: (name) => `${here}${here.includes('?') ? '&' : '?'}${actions.forum[name].toString().slice(1)}`,
    done: succeeded(results),
    replyError: isFieldError(replyFailure) ? replyMessage : null,
    replyFormError: isFieldError(replyFailure) ? null : replyMessage,
    otherError: [vote, unvote, accept, unaccept, watch, unwatch, flag].map(errorOf).find(Boolean) ?? null,
    toolError: errorOf(threadTool),
    draft: form && (reply || preview) ? field('body') : '',
    previewHtml: preview?.data?.html ?? null,
    flagDraftFor: (postId) =>
      flagDraft?.postId === postId ? flagDraft : flagLinked === postId ? { error: '', reason: '', note: '' } : null,
  };
}
