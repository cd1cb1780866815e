// Where a refusal of a forum form is shown. Only a field that is wrong as typed (too short, too
// long, no category) is marked invalid: the actions answer those with 422
// (UNPROCESSABLE_CONTENT). Everything the spam defences or moderation refuse (too fast, the same
// text again, too many links, a blocked word, a paused account) is said once for the whole form,
// with what to do, and the text stays as it was. Used by the pages and by the page scripts.
export function isFieldError(error: unknown): boolean {
  return (error as { code?: unknown } | null | undefined)?.code === 'UNPROCESSABLE_CONTENT';
}
