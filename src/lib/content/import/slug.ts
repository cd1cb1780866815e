// Slugs are lower-case ASCII words joined by "-" (content/README.md). A Russian or English title
// gives one by transliteration (@sindresorhus/slugify: "Как успокоить клиента" →
// "kak-uspokoit-klienta"); a Persian one does not: its short vowels are not written, so a
// transliteration guesses at them and gives addresses nobody would type. Persian drafts take
// --slug, usually the slug of the article's translation.
import slugify from '@sindresorhus/slugify';
import type { Locale } from '../../../i18n/locales.ts';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MAX = 60;

/** A slug made from the title, or undefined when the locale's titles give none. */
export function slugFromTitle(locale: Locale, title: string): string | undefined {
  if (locale === 'fa') return undefined;
  const full = slugify(title, { lowercase: true, decamelize: false });
  let slug = '';
  for (const word of full.split('-')) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > SLUG_MAX) break;
    slug = next;
  }
  return SLUG_PATTERN.test(slug) ? slug : undefined;
}
