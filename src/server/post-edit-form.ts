// The edit page's form, posted to Astro Actions without JavaScript: where a saved edit leads, and
// for a failed save or a preview, the text as it was sent with the message on the right field.
import type { AstroGlobal } from 'astro';
import { actions, isInputError } from 'astro:actions';
import { isFieldError } from '@/lib/forum/field-errors.ts';
import type { Locale } from '@/i18n/index.ts';
import { cleanTitle } from '@/lib/forum/policy.ts';
import { postPath } from '@/lib/forum/urls.ts';

/** After a saved edit: the edited post, or the community's home when it can no longer be shown. */
export function savedEditRedirect(Astro: AstroGlobal, locale: Locale): string | null {
  const saved = Astro.getActionResult(actions.forum.edit);
  if (!saved?.data) return null;
  const where = saved.data.location;
  return where
    ? postPath({ locale: where.locale, id: where.threadId, slug: where.slug }, where.number)
    : `/${locale}/community/`;
}

/** The form's fields and messages; `here` is the edit page's address, which the form posts back to. */
export async function readEditForm(Astro: AstroGlobal, post: { source: string; title: string | null }, here: string) {
  const saved = Astro.getActionResult(actions.forum.edit);
  const preview = Astro.getActionResult(actions.forum.preview);
  const failed = saved?.error ?? preview?.error;
  const message = failed ? (isInputError(failed) ? Astro.locals.t('forum.error.invalid') : failed.message) : null;
  const fields = { body: post.source, title: post.title ?? '', reason: '' };
  if (Astro.request.method === 'POST' && (saved || preview)) {
    try {
      const form = await Astro.request.formData();
      fields.body = String(form.get('body') ?? fields.body);
      fields.title = String(form.get('title') ?? fields.title);
      fields.reason = String(form.get('reason') ?? '');
    } catch {
      // keep the stored text
    }
  }
  // Only a text that is wrong as typed marks its field (the title or the body); anti-spam refusals are said for the form.
  const titleError = isFieldError(failed) && post.title !== null && !cleanTitle(fields.title) ? message : null;
  return {
    ...fields,
    previewHtml: preview?.data?.html ?? null,
    titleError,
    error: isFieldError(failed) && !titleError ? message : null,
    formError: isFieldError(failed) ? null : message,
    action: (name: 'edit' | 'preview') => `${here}${actions.forum[name].toString()}`,
  };
}
