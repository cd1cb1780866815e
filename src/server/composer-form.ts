// The composer page's request (/{locale}/community/new/), posted to Astro Actions without
// JavaScript: a posted question opens its thread (303) and sets a cookie so the next composer
// page drops the stored draft; a refused one or a preview renders the form again with what was
// sent and the messages, each field's in the composer's own words.
import type { AstroGlobal } from 'astro';
import { actions, isInputError } from 'astro:actions';
import type { Locale } from '@/i18n/index.ts';
import type { ForumCategory } from '@/lib/forum/categories.ts';
import { composerFieldError, type ComposerValues } from '@/lib/forum/composer.ts';
import { readForm } from '@/lib/http/form.ts';

/** Set when a question was posted; the next composer page drops the stored draft. */
const POSTED_COOKIE = 'pasokh_composer_posted';
/** The codes the forum actions answer with their own, localized messages. */
const OUR_CODES = [
  'UNPROCESSABLE_CONTENT',
  'FORBIDDEN',
  'TOO_MANY_REQUESTS',
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'CONFLICT',
];

export interface ComposerForm {
  redirect?: string;
  values: ComposerValues;
  submitted: boolean;
  /** The stored draft is dropped: a question was just posted from this browser. */
  posted: boolean;
  error?: string;
  fieldErrors: Partial<Record<'category' | 'title' | 'body', string>>;
  previewHtml?: string;
  previewNote?: string;
}

export async function readComposerForm(
  Astro: AstroGlobal,
  locale: Locale,
  categories: readonly ForumCategory[],
): Promise<ComposerForm> {
  const t = Astro.locals.t;
  const cookiePath = `/${locale}/community/new/`;
  const created = Astro.getActionResult(actions.forum.createThread);
  if (created && !created.error) {
    Astro.cookies.set(POSTED_COOKIE, locale, {
      path: cookiePath,
      maxAge: 7 * 24 * 3600,
      sameSite: 'lax',
      httpOnly: true,
      secure: !import.meta.env.DEV,
    });
    return {
      redirect: created.data.path,
      values: { category: '', title: '', body: '', composerSession: '' },
      submitted: true,
      posted: false,
      fieldErrors: {},
    };
  }
  const previewed = Astro.getActionResult(actions.forum.preview);
  const requested = categories.find((c) => c.slug === Astro.url.searchParams.get('category'));
  const submitted = Astro.request.method === 'POST';
  const form: ComposerForm = {
    values: { category: requested ? String(requested.id) : '', title: '', body: '', composerSession: '' },
    submitted,
    posted: false,
    fieldErrors: {},
  };

  if (submitted) {
    const sent = await readForm(Astro.request);
    form.values = {
      category: sent.category ?? '',
      title: sent.title ?? '',
      body: sent.body ?? '',
      composerSession: sent.composerSession ?? '',
    };
    if (created?.error) {
      const failure = created.error;
      Astro.response.status = failure.status;
      // Our own messages are localized; anything unexpected gets a plain, localized one.
      form.error =
        !isInputError(failure) && OUR_CODES.includes(failure.code)
          ? failure.message
          : t('forum.composer.error.generic');
      const ids = new Set(categories.map((c) => c.id));
      for (const field of ['category', 'title', 'body'] as const) {
        const problem = composerFieldError(locale, field, form.values[field], ids);
        if (problem) form.fieldErrors[field] = problem;
      }
    } else if (previewed) {
      if (previewed.error)
        form.previewNote =
          isInputError(previewed.error) || previewed.error.status === 422
            ? t('forum.composer.previewEmpty')
            : previewed.error.message;
      else form.previewHtml = previewed.data.html;
    } else {
      Astro.response.status = 400;
      form.error = t('forum.composer.error.generic');
    }
  }

  form.posted = !submitted && Astro.cookies.get(POSTED_COOKIE)?.value === locale;
  if (form.posted) Astro.cookies.delete(POSTED_COOKIE, { path: cookiePath });
  return form;
}
