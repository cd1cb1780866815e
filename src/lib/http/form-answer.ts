// How a form post's outcome answers the request, as plain data a runner's module can say and a
// test can check: back to the page with changes to its address (a 303 after a change, so a
// reload does not post again; `hash` names the row to land on), or the page once more with a
// status and an error message. Messages are keys of src/i18n, filled in by the page's language.
// src/server/admin-post.ts sends it.
import type { MessageKey } from '../../i18n/index.ts';

export type FormAnswer = { redirect: Record<string, string | null>; hash?: string } | { status?: number; error?: MessageKey };

/** The message above the page: after a change (`?done=`), or a refusal. */
export interface FormNotice {
  kind: 'success' | 'error';
  key: MessageKey;
  vars?: Record<string, string | number>;
}
