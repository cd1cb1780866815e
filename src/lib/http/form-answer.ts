// What a form runner answers besides the markup: the HTTP status, Retry-After for a refusal that
// passes with time, and the notice above the form. Runners in src/lib return it; the page copies
// it onto its response with setAnswerStatus and renders the rest.
export interface Notice {
  kind: 'success' | 'error';
  text: string;
}

export interface FormAnswer {
  status: number;
  /** Set on a 429 that says when to try again (Retry-After, in whole seconds). */
  retryAfterMs?: number | undefined;
  notice?: Notice | undefined;
}

/** The answer's status (and Retry-After) on the page's response (Astro.response). */
export function setAnswerStatus(response: { status?: number; headers: Headers }, answer: Pick<FormAnswer, 'status' | 'retryAfterMs'>): void {
  response.status = answer.status;
  if (answer.retryAfterMs !== undefined) response.headers.set('Retry-After', String(Math.ceil(answer.retryAfterMs / 1000)));
}
