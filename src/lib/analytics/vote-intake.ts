// Where every "Was this article helpful?" answer comes in, from the article's form post and from
// the fetch beacon alike: the checks (known article, bots and honeypot, the vote's shape, the
// per-address limit) and the write. Votes that arrive together are written together: one
// transaction per turn of the event loop, one limit statement per address and one upsert for
// the batch, so a burst costs a few statements instead of two per vote.
import { useTranslations, type Locale } from '../../i18n/index.ts';
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db/index.ts';
import { addressKey } from '../auth/address.ts';
import { isBot } from '../http/bots.ts';
import { hitRateLimit, type Limit } from '../rate-limit.ts';
import { characterCount, MAX_COMMENT_LENGTH, recordVotes, voteSchema, type VoteRecord } from './feedback.ts';

/** Per address, hashed (no address is stored): enough for a reader, not for a script. */
export const VOTE_LIMIT: Limit = { max: 30, windowMs: 10 * 60_000 };

/** The step of the article's feedback box to show next (#feedback-yes, #feedback-thanks-no …). */
export type FeedbackStep = 'yes' | 'no' | 'thanks-yes' | 'thanks-no';

export type VoteOutcome =
  | { ok: true; step: FeedbackStep }
  | { ok: false; status: 404; error: 'unknownArticle' }
  | { ok: false; status: 422; error: 'invalid' }
  | { ok: false; status: 422; error: 'tooLong'; count: number }
  | { ok: false; status: 429; error: 'rateLimited'; retryAfterSeconds: number };

/** Refusals before a vote reaches the intake: a cross-site post, a body far over any limit. */
export type TransportRefusal =
  { ok: false; status: 403; error: 'forbidden' } | { ok: false; status: 413; error: 'tooLarge' };

/** The reader-facing sentence for a refused vote, in the article's language. */
export function voteOutcomeMessage(
  locale: Locale,
  refusal: Extract<VoteOutcome, { ok: false }> | TransportRefusal,
): string {
  const { t } = useTranslations(locale);
  switch (refusal.error) {
    case 'tooLong':
      return t('feedback.error.tooLong', { count: refusal.count, max: MAX_COMMENT_LENGTH });
    case 'unknownArticle':
      return t('feedback.error.unknownArticle');
    case 'rateLimited':
      return t('feedback.error.rateLimited');
    case 'forbidden':
      return t('feedback.error.forbidden');
    case 'tooLarge':
      return t('feedback.error.tooLarge');
    default:
      return t('feedback.error.invalid');
  }
}

export interface VoteSubmission {
  /** The form's fields as posted: article, helpful, reason, comment, step, website (honeypot). */
  fields: Readonly<Record<string, string | undefined>>;
  userAgent: string | null;
  clientAddress: string;
  /** The visitor id from the first-party cookie (the caller creates one when there is none). */
  visitor: string;
}

export interface VoteIntake {
  submit(submission: VoteSubmission): Promise<VoteOutcome>;
}

interface Pending {
  vote: VoteRecord;
  limitKey: string;
  step: FeedbackStep;
  resolve(outcome: VoteOutcome): void;
  reject(error: unknown): void;
}

export function createVoteIntake(
  db: Db,
  { isPublished }: { isPublished(article: string): boolean | Promise<boolean> },
): VoteIntake {
  let queue: Pending[] = [];
  let running: Promise<void> | undefined;

  async function writeBatch(batch: Pending[]): Promise<void> {
    const now = Date.now();
    const byKey = Map.groupBy(batch, (item) => item.limitKey);
    const outcomes = new Map<Pending, VoteOutcome>();
    await db.transaction().execute(async (trx) => {
      // On Postgres a vote batch does not wait for its commit to reach the disk: the durability
      // SQLite gives every write here (WAL, synchronous=NORMAL), where a crash of the machine may
      // lose the last moments of votes but never leaves a count half-written.
      if (dialectOf(db) === 'postgres') await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      // Keys in one order, so two processes' batches lock the same limit rows in the same order (Postgres).
      for (const [key, items] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const limit = await hitRateLimit(trx, key, VOTE_LIMIT, now, items.length);
        const retryAfterSeconds = Math.max(1, Math.ceil(limit.retryAfterMs / 1000));
        for (const item of items.slice(limit.granted))
          outcomes.set(item, { ok: false, status: 429, error: 'rateLimited', retryAfterSeconds });
      }
      // In arrival order, so a vote and its follow-up keep their order.
      const accepted = batch.filter((item) => !outcomes.has(item));
      await recordVotes(
        trx,
        accepted.map((item) => item.vote),
        now,
      );
      for (const item of accepted) outcomes.set(item, { ok: true, step: item.step });
    });
    for (const item of batch) item.resolve(outcomes.get(item)!);
  }

  async function drain(): Promise<void> {
    // Wait one turn so that requests arriving together share a transaction.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await writeBatch(batch);
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    running = undefined;
  }

  return {
    async submit({ fields, userAgent, clientAddress, visitor }) {
      const article = fields.article ?? '';
      if (!(await isPublished(article))) return { ok: false, status: 404, error: 'unknownArticle' };
      const helpful = fields.helpful === 'yes' || fields.helpful === 'no' ? fields.helpful : undefined;
      const followUp = fields.step === 'details';
      // Honeypot filled or a crawler: looks like success, counts nothing.
      if (fields.website || isBot(userAgent)) return { ok: true, step: helpful === 'yes' ? 'thanks-yes' : 'thanks-no' };
      const comment = fields.comment?.trim() ? fields.comment : undefined;
      const parsed = voteSchema.safeParse({ article, helpful, reason: fields.reason || undefined, comment });
      if (!parsed.success) {
        const count = comment ? characterCount(comment.trim()) : 0;
        return count > MAX_COMMENT_LENGTH
          ? { ok: false, status: 422, error: 'tooLong', count }
          : { ok: false, status: 422, error: 'invalid' };
      }
      const step: FeedbackStep =
        parsed.data.helpful === 'yes' ? (followUp ? 'thanks-yes' : 'yes') : followUp ? 'thanks-no' : 'no';
      const limitKey = `feedback:${await addressKey(db, clientAddress)}`;
      return new Promise<VoteOutcome>((resolve, reject) => {
        queue.push({ vote: { ...parsed.data, visitor }, limitKey, step, resolve, reject });
        running ??= drain();
      });
    },
  };
}
