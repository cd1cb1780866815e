// Following a category for the weekly digest (./digest is the mail): an article category (the
// content collection's category id) or a community category (the forum category's slug). Any
// signed-in member may follow any category that exists; following twice is one follow.
import { categoryUrl } from '../content/articles.ts';
import type { Db } from '../db/index.ts';
import type { FollowKind } from '../db/schema.ts';
import { categoryBySlug } from '../forum/categories.ts';
import type { Locale } from '../../i18n/index.ts';

export type { FollowKind };
export const FOLLOW_KINDS: readonly FollowKind[] = ['articles', 'community'];
export const isFollowKind = (value: unknown): value is FollowKind =>
  (FOLLOW_KINDS as readonly unknown[]).includes(value);

export interface Follow {
  kind: FollowKind;
  category: string;
  createdAt: number;
}

/** A category a member may follow, as a page names and links it. */
export interface FollowTarget {
  kind: FollowKind;
  category: string;
  title: string;
  path: string;
}

/** An article category as the content collection has it: its id and title in this locale. */
export interface ArticleCategory {
  id: string;
  title: string;
}

export async function follow(db: Db, userId: number, kind: FollowKind, category: string, now = Date.now()) {
  await db
    .insertInto('category_follows')
    .values({ user_id: userId, kind, category, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'category']).doNothing())
    .execute();
}

export async function unfollow(db: Db, userId: number, kind: FollowKind, category: string) {
  await db
    .deleteFrom('category_follows')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('category', '=', category)
    .execute();
}

export async function isFollowing(db: Db, userId: number, kind: FollowKind, category: string): Promise<boolean> {
  const row = await db
    .selectFrom('category_follows')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('category', '=', category)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Whether the member follows `kind`/`category`, for the Follow button of a prerendered page;
 * null when the two are not a follow's shape (an unknown category is simply not followed).
 */
export async function followState(db: Db, userId: number, kind: unknown, category: unknown): Promise<boolean | null> {
  if (!isFollowKind(kind) || !isCategoryName(category)) return null;
  return isFollowing(db, userId, kind, category);
}

const isCategoryName = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 100;

/** The member's follows, oldest first (a member follows a few dozen categories at most). */
export async function followsOf(db: Db, userId: number): Promise<Follow[]> {
  const rows = await db
    .selectFrom('category_follows')
    .select(['kind', 'category', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('kind')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({ kind: r.kind, category: r.category, createdAt: r.created_at }));
}

/**
 * The category `kind`/`category` names, with its title and page in `locale`; null when there is
 * no such category (a forged form, or one removed since).
 */
export async function followTarget(
  db: Db,
  locale: Locale,
  kind: unknown,
  category: unknown,
  articleCategories: readonly ArticleCategory[],
): Promise<FollowTarget | null> {
  if (!isFollowKind(kind) || !isCategoryName(category)) return null;
  if (kind === 'articles') {
    const found = articleCategories.find((c) => c.id === category);
    return found ? { kind, category, title: found.title, path: categoryUrl(locale, category) } : null;
  }
  const found = await categoryBySlug(db, locale, category);
  return found ? { kind, category, title: found.title, path: `/${locale}/community/${category}/` } : null;
}

/** The member's follows with their titles and pages (follows of removed categories are left out). */
export async function followedTargets(
  db: Db,
  userId: number,
  locale: Locale,
  articleCategories: readonly ArticleCategory[],
): Promise<FollowTarget[]> {
  const targets = await Promise.all(
    (await followsOf(db, userId)).map((f) => followTarget(db, locale, f.kind, f.category, articleCategories)),
  );
  return targets.filter((t): t is FollowTarget => t !== null);
}
