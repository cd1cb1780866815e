// Forum categories: shared by every locale, each with a title and description per locale
// (stored as JSON so a new locale needs no migration). Few rows; read whole.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';

export interface ForumCategory {
  id: number;
  slug: string;
  title: string;
  description: string;
  position: number;
}

export interface CategoryInput {
  slug: string;
  titles: Record<string, string>;
  descriptions?: Record<string, string>;
  position?: number;
}

function parseTexts(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The locale's text, else English, else any: a category is never shown without a name. */
export function localized(texts: Record<string, string>, locale: string): string {
  return texts[locale] ?? texts.en ?? Object.values(texts)[0] ?? '';
}

type CategoryRow = { id: number; slug: string; titles: string; descriptions: string; position: number };

const toCategory = (row: CategoryRow, locale: string): ForumCategory => ({
  id: row.id,
  slug: row.slug,
  title: localized(parseTexts(row.titles), locale) || row.slug,
  description: localized(parseTexts(row.descriptions), locale),
  position: row.position,
});

export async function listCategories(db: Db, locale: string): Promise<ForumCategory[]> {
  const rows = await db
    .selectFrom('forum_categories')
    .select(['id', 'slug', 'titles', 'descriptions', 'position'])
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((row) => toCategory(row, locale));
}

/** Each category's slug and title by id, for thread lists that name their threads' categories. */
export function categoryLinks(categories: readonly ForumCategory[]): Map<number, { slug: string; title: string }> {
  return new Map(categories.map((c) => [c.id, { slug: c.slug, title: c.title }]));
}

export async function categoryBySlug(db: Db, locale: string, slug: string): Promise<ForumCategory | null> {
  const row = await db
    .selectFrom('forum_categories')
    .select(['id', 'slug', 'titles', 'descriptions', 'position'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? toCategory(row, locale) : null;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Creates a category or updates the one with this slug: admins, or 'system' for the seed and CLI. */
export async function saveCategory(
  db: Db,
  actor: SessionUser | 'system',
  input: CategoryInput,
  now = Date.now(),
): Promise<{ id: number }> {
  if (actor !== 'system') requirePermission(actor, 'admin');
  if (!SLUG.test(input.slug) || input.slug.length > 60) throw new Error(`Not a category slug: ${input.slug}`);
  const titles = JSON.stringify(input.titles);
  const descriptions = JSON.stringify(input.descriptions ?? {});
  const row = await db
    .insertInto('forum_categories')
    .values({ slug: input.slug, titles, descriptions, position: input.position ?? 0, created_at: now })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ titles, descriptions, position: input.position ?? 0 }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}
