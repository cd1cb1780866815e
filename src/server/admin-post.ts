// The admin pages' plain form posts, answered one way: the poster's rate limit first (429 with
// Retry-After and a notice), then the page's form runner (src/lib), whose outcome is a 303 back
// to the page with `?done=` (a reload does not post again) or the page once more with a status
// and maybe an error notice. On GET, `?done=` names the success notice. What a form may do is
// decided in the runner; this only turns its answer into HTTP.
// Not Astro Actions: these screens answer a post with the page itself (status, notice, the form
// as typed) or a 303 to `?done=`, and the e2e tests post to the page's URL; an action would be a
// second way into the same runner, not a replacement.
import type { AstroGlobal } from 'astro';
import { readForm } from '@/lib/http/form.ts';
import type { FormAnswer, FormNotice, Notice } from '@/lib/http/form-answer.ts';
import type { MessageKey } from '@/i18n/index.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { getDb } from './context.ts';
import { hrefWith } from './links.ts';

/** One poster's posts on one form: `max` in ten minutes. */
export interface AdminPostLimit {
  key: string;
  max: number;
}

const LIMIT_WINDOW_MS = 10 * 60_000;

export interface AdminPost<F, R> {
  /** Reads the body; readForm unless the page takes files. */
  read?: (request: Request) => Promise<F>;
  limit: AdminPostLimit | ((form: F) => AdminPostLimit);
  /** The notice when the limit is spent. */
  rateLimited: string;
  run: (form: F) => Promise<R>;
  /** What the outcome comes to: usually the runner module's own answer function; `message` is an error already in words. */
  answer: (outcome: R) => FormAnswer | { status: number; message: string };
  /** On GET, the notice `?done=<value>` stands for (the value itself is never shown): a success message per value, or a function. */
  done?: Record<string, MessageKey> | ((value: string) => FormNotice | undefined | Promise<FormNotice | undefined>);
}

/** `response` to return as is, or what the page renders: the notice, the form read and the runner's outcome (none when limited). */
export type AdminPostResult<F, R> =
  { response: Response } | { response?: undefined; notice?: Notice; form?: F; outcome?: R };

export async function handleAdminPost<F = Record<string, string>, R = unknown>(
  Astro: AstroGlobal,
  post: AdminPost<F, R>,
): Promise<AdminPostResult<F, R>> {
  if (Astro.request.method !== 'POST') {
    const done = Astro.url.searchParams.get('done');
    if (!done || !post.done) return {};
    const table = post.done;
    const notice =
      typeof table === 'function'
        ? await table(done)
        : Object.hasOwn(table, done)
          ? { kind: 'success' as const, key: table[done]! }
          : undefined;
    return { notice: notice && { kind: notice.kind, text: Astro.locals.t(notice.key, notice.vars) } };
  }
  const form = post.read ? await post.read(Astro.request) : ((await readForm(Astro.request)) as F);
  const { key, max } = typeof post.limit === 'function' ? post.limit(form) : post.limit;
  const limit = await hitRateLimit(getDb(), key, { max, windowMs: LIMIT_WINDOW_MS });
  if (!limit.allowed) {
    Astro.response.status = 429;
    Astro.response.headers.set('Retry-After', String(Math.ceil(limit.retryAfterMs / 1000)));
    return { notice: { kind: 'error', text: post.rateLimited }, form };
  }
  const outcome = await post.run(form);
  const answer = post.answer(outcome);
  if ('redirect' in answer)
    return {
      response: Astro.redirect(hrefWith(Astro.url, answer.redirect) + (answer.hash ? `#${answer.hash}` : ''), 303),
    };
  if (answer.status) Astro.response.status = answer.status;
  const error = 'message' in answer ? answer.message : answer.error && Astro.locals.t(answer.error);
  return { notice: error ? { kind: 'error', text: error } : undefined, form, outcome };
}
