// How a form runner's outcome answers the request, as plain data a runner can say and a test can
// check. Two shapes, by who translates:
// - FormAnswer (admin runners, sent by src/server/admin-post.ts): back to the page with changes to
//   its address (a 303 after a change, so a reload does not post again; `hash` names the row to
//   land on), or the page once more with a status and an error message key of src/i18n.
// - PageAnswer (account and contact runners, whose messages carry values only the runner knows):
//   the page once more with its status, Retry-After for a refusal that passes with time, and a
//   notice already in the page's language; the page copies it with setAnswerStatus.
import type { MessageKey } from '../../i18n/index.ts';

export type FormAnswer =
  { redirect: Record<string, string | null>; hash?: string } | { status?: number; error?: MessageKey };

/** The message above an admin page: after a change (`?done=`), or a refusal. */
export interface FormNotice {
  kind: 'success' | 'error';
  key: MessageKey;
  vars?: Record<string, string | number>;
}

export interface Notice {
  kind: 'success' | 'error';
  text: string;
}

export interface PageAnswer {
  status: number;
  /** Set on a 429 that says when to try again (Retry-After, in whole seconds). */
  retryAfterMs?: number | undefined;
  notice?: Notice | undefined;
}

/** The answer's status (and Retry-After) on the page's response (Astro.response). */
export function setAnswerStatus(
  response: { status?: number; headers: Headers },
  answer: Pick<PageAnswer, 'status' | 'retryAfterMs'>,
): void {
  response.status = answer.status;
  if (answer.retryAfterMs !== undefined)
    response.headers.set('Retry-After', String(Math.ceil(answer.retryAfterMs / 1000)));
}
