// Frontmatter and category schemas. Shared by src/content.config.ts (build-time validation)
// and the unit tests; `astro/zod` is Zod 4 as bundled with Astro.
import { z } from 'astro/zod';
import { locales } from '../../i18n/locales.ts';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const perLocale = z.strictObject(
  Object.fromEntries(locales.map((locale) => [locale, z.string().min(1)])) as Record<
    (typeof locales)[number],
    z.ZodString
  >,
);

/** First path segments that belong to the application, so no category may take them. */
export const reservedSections = ['search', 'community', 'contact', 'account', 'admin', 'api'] as const;

export const categorySchema = z.strictObject({
  id: z
    .string()
    .regex(kebab, { error: 'expected lower-case words joined by "-"' })
    .refine((id) => !(reservedSections as readonly string[]).includes(id), {
      error: `must not be one of the site's own sections: ${reservedSections.join(', ')}`,
    }),
  order: z.number().int().nonnegative(),
  icon: z.string().min(1),
  title: perLocale,
  description: perLocale,
});
export type Category = z.infer<typeof categorySchema>;

/** A content hash as `npm run content:status` prints it: the first 8 hex digits of a SHA-256. */
export const CONTENT_HASH_PATTERN = /^[0-9a-f]{8}$/;
const HASH_EXPECTED = 'expected the 8-character hash that `npm run content:status` prints, e.g. 3f2a9c1d';

/**
 * Which version of the original a translation was made from: its locale and either its content
 * hash (as `npm run content:status` prints it) or its date. YAML reads an unquoted hash of digits
 * only (`12345678`, or `1e234567`) as a number, so a number gets its own message: quote it.
 */
export const translatedFromSchema = z
  .strictObject({
    locale: z.enum(locales, { error: `expected the original's language: ${locales.join(', ')}` }),
    hash: z
      .string({
        error: (issue) =>
          typeof issue.input === 'number'
            ? 'write the hash in quotes, e.g. hash: "01234567" (unquoted digits are read as a number)'
            : HASH_EXPECTED,
      })
      .regex(CONTENT_HASH_PATTERN, { error: HASH_EXPECTED })
      .optional(),
    date: z.date({ error: 'expected a date like 2026-10-02' }).optional(),
  })
  .refine((value) => (value.hash === undefined) !== (value.date === undefined), {
    error: 'give either hash (preferred) or date, not both',
  });
export type TranslatedFrom = z.infer<typeof translatedFromSchema>;

/** Frontmatter of an article; `categoryIds` are the ids from content/categories.json. */
export function articleSchema(categoryIds: readonly [string, ...string[]]) {
  return z.strictObject({
    title: z.string().trim().min(3).max(120),
    description: z.string().trim().min(10).max(300),
    category: z.enum(categoryIds, { error: `expected one of: ${categoryIds.join(', ')}` }),
    tags: z.array(z.string().trim().min(1).max(40)).max(12).default([]),
    order: z.number().int().nonnegative().default(100),
    translationKey: z
      .string()
      .regex(kebab, { error: 'expected lower-case words joined by "-", e.g. calm-angry-customer' })
      .optional(),
    updated: z.date({ error: 'expected a date like 2026-10-02' }).optional(),
    draft: z.boolean().default(false),
    related: z
      .array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, { error: 'expected "<category>/<slug>"' }))
      .max(8)
      .default([]),
    /** On a translation: the original's locale and its hash (or date) when this was translated. */
    translatedFrom: translatedFromSchema.optional(),
    /** Who keeps the article up to date: the username of a writer or admin account. */
    owner: z
      .string()
      .trim()
      .min(2, { error: 'expected the username of a writer or admin account' })
      .max(24, { error: 'expected the username of a writer or admin account' })
      .regex(/^[^\s@]+$/u, { error: 'expected a username (no spaces, no @), e.g. maria' })
      .optional(),
    /** The day by which the owner should check the article again. */
    reviewBy: z.date({ error: 'expected a date like 2027-03-01' }).optional(),
  });
}
export type ArticleFrontmatter = z.infer<ReturnType<typeof articleSchema>>;

/**
 * Frontmatter of a page of the writers' guide (content/writers-guide/<locale>.mdx): served to
 * writers and admins in the admin area, never a public article.
 */
export const guideSchema = z.strictObject({
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().min(10).max(300),
  updated: z.date({ error: 'expected a date like 2026-10-02' }).optional(),
});
export type GuideFrontmatter = z.infer<typeof guideSchema>;
