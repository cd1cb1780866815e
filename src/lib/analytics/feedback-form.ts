// Where the article feedback forms post (/{locale}/feedback/): the vote goes to the intake
// (./vote-intake.ts), and the answer is chosen here. Success goes back to the article at the next
// step (#feedback-no, #feedback-thanks-no …) or, for fetch, is JSON. A problem renders the form
// again with everything the reader wrote and a localized message, or is JSON too.
//
// Not an Astro Action: the article's forms (and the e2e tests) post to /{locale}/feedback/ itself,
// expecting a 303 back to an anchor of the article, and the page script's fetch expects this exact
// JSON ({ ok, step | error }) with the intake's statuses (403, 404, 422, 429 with Retry-After).
import type { Locale } from '../../i18n/index.ts';
import { articleUrl, parseArticleId } from '../content/articles.ts';
import { voteOutcomeMessage, type VoteIntake, type VoteSubmission } from './vote-intake.ts';

export type FeedbackAnswer = { retryAfterSeconds?: number } & (
  | { json: { status: number; body: { ok: true; step: string } | { ok: false; error: string } } }
  | { json?: undefined; redirect: string }
  | {
      json?: undefined;
      redirect?: undefined;
      status: number;
      error: string | undefined;
      /** The form to show again (the article is known), else only the link back. */
      retry: { article: string; helpful: 'yes' | 'no'; reason: string | undefined; comment: string | undefined } | null;
      back: string;
    }
);

export async function runFeedbackForm(
  intake: VoteIntake,
  input: VoteSubmission & { locale: Locale; wantsJson: boolean },
): Promise<FeedbackAnswer> {
  const { fields, locale } = input;
  const outcome = await intake.submit(input);
  const error = outcome.ok ? undefined : voteOutcomeMessage(locale, outcome);
  const wait = !outcome.ok && outcome.error === 'rateLimited' ? { retryAfterSeconds: outcome.retryAfterSeconds } : {};
  if (input.wantsJson) {
    const body = outcome.ok ? { ok: true as const, step: outcome.step } : { ok: false as const, error: error! };
    return { ...wait, json: { status: outcome.ok ? 200 : outcome.status, body } };
  }
  const articleRef = parseArticleId(fields.article ?? '');
  if (outcome.ok && articleRef) return { redirect: `${articleUrl(articleRef)}#feedback-${outcome.step}` };
  const known = outcome.ok || outcome.error !== 'unknownArticle';
  const helpful = fields.helpful === 'yes' || fields.helpful === 'no' ? fields.helpful : undefined;
  return {
    ...wait,
    status: outcome.ok ? 200 : outcome.status,
    error,
    retry: known
      ? {
          article: fields.article!,
          helpful: helpful ?? 'no',
          reason: fields.reason || undefined,
          comment: fields.comment,
        }
      : null,
    back: known && articleRef ? articleUrl(articleRef) : `/${locale}/`,
  };
}
