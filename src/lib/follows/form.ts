// The "Follow" button of category pages and the "Unfollow" buttons of the e-mail preferences
// page: one form post (`follow` = 1 or 0) to /{locale}/account/follow/?kind=…&category=…. A
// category that does not exist, or a value that is neither, changes nothing and says so; writes
// are limited per member like the other account forms.
import { useTranslations, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import type { PageAnswer } from '../http/form-answer.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { follow, followTarget, isFollowing, unfollow, type ArticleCategory, type FollowTarget } from './follows.ts';

const LIMIT = { max: 60, windowMs: 60 * 60_000 };

export interface FollowAnswer extends PageAnswer {
  target: FollowTarget | null;
  following: boolean;
}

/** The follow page: the category's state, changed first when `form` was posted. */
export async function runFollowForm(
  db: Db,
  input: {
    userId: number;
    locale: Locale;
    kind: string | null;
    category: string | null;
    form: Record<string, string> | null;
    articleCategories: readonly ArticleCategory[];
  },
  now = Date.now(),
): Promise<FollowAnswer> {
  const { t } = useTranslations(input.locale);
  const target = await followTarget(db, input.locale, input.kind, input.category, input.articleCategories);
  if (!target)
    return { status: 404, notice: { kind: 'error', text: t('follow.notFound') }, target: null, following: false };
  const following = await isFollowing(db, input.userId, target.kind, target.category);
  if (!input.form) return { status: 200, target, following };
  const wanted = input.form.follow;
  if (wanted !== '1' && wanted !== '0')
    return { status: 422, notice: { kind: 'error', text: t('follow.invalid') }, target, following };
  const limit = await hitRateLimit(db, `follow:${input.userId}`, LIMIT, now);
  if (!limit.allowed)
    return {
      status: 429,
      retryAfterMs: limit.retryAfterMs,
      notice: { kind: 'error', text: t('account.error.rateLimited') },
      target,
      following,
    };
  if (wanted === '1') await follow(db, input.userId, target.kind, target.category, now);
  else await unfollow(db, input.userId, target.kind, target.category);
  return {
    status: 200,
    notice: {
      kind: 'success',
      text: t(wanted === '1' ? 'follow.followed' : 'follow.unfollowed', { category: target.title }),
    },
    target,
    following: wanted === '1',
  };
}
