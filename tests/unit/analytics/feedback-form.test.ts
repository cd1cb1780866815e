// What the feedback endpoint answers for each intake outcome (lib/analytics/feedback-form.ts).
import { describe, expect, it } from 'vitest';
import { runFeedbackForm } from '../../../src/lib/analytics/feedback-form.ts';
import type { VoteIntake, VoteOutcome } from '../../../src/lib/analytics/vote-intake.ts';

const intake = (outcome: VoteOutcome): VoteIntake => ({ submit: async () => outcome });
const post = (fields: Record<string, string>, wantsJson = false) => ({
  fields,
  userAgent: null,
  clientAddress: '127.0.0.1',
  visitor: 'v',
  locale: 'en' as const,
  wantsJson,
});
const fields = { article: 'en/agent-skills/patience', helpful: 'no', reason: 'outdated', comment: 'Old screenshots' };

describe('feedback form', () => {
  it('goes back to the article at the next step, or answers JSON for fetch', async () => {
    const ok = intake({ ok: true, step: 'thanks-no' });
    expect(await runFeedbackForm(ok, post(fields))).toEqual({
      redirect: '/en/agent-skills/patience/#feedback-thanks-no',
    });
    expect(await runFeedbackForm(ok, post(fields, true))).toEqual({
      json: { status: 200, body: { ok: true, step: 'thanks-no' } },
    });
  });

  it('shows the form again with what was written, and says when to retry', async () => {
    const answer = await runFeedbackForm(
      intake({ ok: false, status: 429, error: 'rateLimited', retryAfterSeconds: 42 }),
      post(fields),
    );
    expect(answer).toMatchObject({ status: 429, retryAfterSeconds: 42, back: '/en/agent-skills/patience/' });
    expect(answer).toMatchObject({
      retry: { article: fields.article, helpful: 'no', reason: 'outdated', comment: 'Old screenshots' },
    });
  });

  it('offers only the way home for an unknown article', async () => {
    const answer = await runFeedbackForm(
      intake({ ok: false, status: 404, error: 'unknownArticle' }),
      post({ ...fields, article: 'en/nope/nope' }),
    );
    expect(answer).toMatchObject({ status: 404, retry: null, back: '/en/' });
    const json = await runFeedbackForm(intake({ ok: false, status: 404, error: 'unknownArticle' }), post(fields, true));
    expect(json).toMatchObject({ json: { status: 404, body: { ok: false, error: expect.any(String) } } });
  });
});
