// Translation status: every translation key × locale is an original, a translation that is up to
// date, one that is outdated (its original changed after it was translated: the hash or date in
// its `translatedFrom` no longer matches the original), one we cannot judge (no `translatedFrom`),
// or missing. Plain data in, plain data out: the CLI (npm run content:status), the build (the
// contentStatus collection and the server's copy for the reminder worker) and the tests all call
// the same functions. An article without a translationKey is a key of its own.
import { createHash } from 'node:crypto';
import { locales, type Locale } from '../../i18n/locales.ts';
import { articleUrl } from './articles.ts';

/** One article as the status needs it (read from its file: ./sources.ts). */
export interface StatusArticle {
  /** `<locale>/<category>/<slug>` */
  id: string;
  locale: Locale;
  category: string;
  slug: string;
  title: string;
  /** The file as writers know it: content/articles/fa/agent-skills/patience.mdx */
  file: string;
  draft: boolean;
  translationKey?: string | undefined;
  translatedFrom?: { locale: Locale; hash?: string | undefined; date?: string | undefined } | undefined;
  owner?: string | undefined;
  /** YYYY-MM-DD */
  reviewBy?: string | undefined;
  /** When it was last updated (frontmatter `updated`, else its last commit), ISO 8601. */
  updated: string;
  /** contentHash(title, body) of the file as it is now. */
  hash: string;
}

/**
 * - original: no `translatedFrom`, and translations point at it (or it is the key's only article);
 * - current / outdated: a translation whose original has / has not changed since;
 * - untracked: present, but nothing says what it was translated from, so it cannot be judged;
 * - missing: no article in this locale.
 */
export type CellState = 'original' | 'current' | 'outdated' | 'untracked' | 'missing';
export const cellStates: readonly CellState[] = ['original', 'current', 'outdated', 'untracked', 'missing'];

export interface StatusCell {
  locale: Locale;
  state: CellState;
  article?: StatusArticle | undefined;
  /** A translation's original as it is now (the article its `translatedFrom` names). */
  source?: StatusArticle | undefined;
  /** A `translatedFrom` that names no article, or its own language. */
  problem?: string | undefined;
}

export interface StatusGroup {
  /** The translationKey, or the article id for an article without one. */
  key: string;
  /** False for an article without a translationKey. */
  shared: boolean;
  category: string;
  cells: Record<Locale, StatusCell>;
}

/** Line endings, trailing spaces and runs of blank lines: an edit of only these is no change. */
function normalizeForHash(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The short hash a translation records of its original: the first 8 hex digits of the SHA-256
 * of the title and the MDX body (no other frontmatter, so moving a review date or an owner does
 * not make translations outdated).
 */
export function contentHash(title: string, body: string): string {
  return createHash('sha256')
    .update(`${normalizeForHash(title)}\n\n${normalizeForHash(body)}`)
    .digest('hex')
    .slice(0, 8);
}

/** The frontmatter line a translator pastes to record that they translated `source` as it is now. */
export function translatedFromLine(source: Pick<StatusArticle, 'locale' | 'hash'>): string {
  return `translatedFrom: { locale: ${source.locale}, hash: "${source.hash}" }`;
}

const dayOf = (iso: string) => iso.slice(0, 10);

function translationCell(article: StatusArticle, byLocale: Map<Locale, StatusArticle>): StatusCell {
  const from = article.translatedFrom!;
  const cell = { locale: article.locale, article };
  if (from.locale === article.locale)
    return { ...cell, state: 'untracked', problem: `translatedFrom names the article's own language (${from.locale})` };
  const source = byLocale.get(from.locale);
  if (!source) {
    const problem = article.translationKey
      ? `translatedFrom: no ${from.locale} article has translationKey "${article.translationKey}"`
      : 'translatedFrom needs a translationKey shared with the original';
    return { ...cell, state: 'untracked', problem };
  }
  const outdated = from.hash !== undefined ? from.hash !== source.hash : dayOf(source.updated) > (from.date ?? '');
  return { ...cell, state: outdated ? 'outdated' : 'current', source };
}

/** The status of every key, sorted by key. */
export function translationStatus(articles: readonly StatusArticle[]): StatusGroup[] {
  const groups = new Map<string, StatusArticle[]>();
  for (const article of articles) {
    const key = article.translationKey ?? article.id;
    groups.set(key, [...(groups.get(key) ?? []), article]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, members]) => {
      // Two articles of one locale sharing a key are a build error (check.ts); the first wins here.
      const byLocale = new Map<Locale, StatusArticle>();
      for (const article of members) if (!byLocale.has(article.locale)) byLocale.set(article.locale, article);
      const named = new Set(members.flatMap((a) => (a.translatedFrom ? [a.translatedFrom.locale] : [])));
      const cells = {} as Record<Locale, StatusCell>;
      for (const locale of locales) {
        const article = byLocale.get(locale);
        if (!article) cells[locale] = { locale, state: 'missing' };
        else if (article.translatedFrom) cells[locale] = translationCell(article, byLocale);
        else {
          const original = named.has(locale) || byLocale.size === 1;
          cells[locale] = { locale, state: original ? 'original' : 'untracked', article };
        }
      }
      const first = members.find((a) => !a.translatedFrom) ?? members[0]!;
      return { key, shared: Boolean(first.translationKey), category: first.category, cells };
    });
}

/** Whether the article's review date has passed (`today` is a YYYY-MM-DD day). */
export function isPastReview(article: Pick<StatusArticle, 'reviewBy'>, today: string): boolean {
  return article.reviewBy !== undefined && article.reviewBy < today;
}

/** Every translation whose original changed after it was translated. */
export function outdatedCells(groups: readonly StatusGroup[]): (StatusCell & { article: StatusArticle })[] {
  return groups.flatMap((g) =>
    locales.flatMap((l) => {
      const cell = g.cells[l];
      return cell.state === 'outdated' && cell.article ? [{ ...cell, article: cell.article }] : [];
    }),
  );
}

/** Every `translatedFrom` that names nothing. */
export function statusProblems(groups: readonly StatusGroup[]): { file: string; message: string }[] {
  return groups.flatMap((g) =>
    locales.flatMap((l) => {
      const { article, problem } = g.cells[l];
      return article && problem ? [{ file: article.file, message: problem }] : [];
    }),
  );
}

export function statusCounts(groups: readonly StatusGroup[]): Record<CellState, number> & { keys: number } {
  const counts = { keys: groups.length, original: 0, current: 0, outdated: 0, untracked: 0, missing: 0 };
  for (const group of groups) for (const locale of locales) counts[group.cells[locale].state]++;
  return counts;
}

type OutdatedNotice = { title: string; url: string; locale: Locale; updated: string };

/** Each article's notice (or none), worked out once per status: every article page asks. */
const noticesByStatus = new WeakMap<readonly StatusGroup[], Map<string, OutdatedNotice | undefined>>();

/**
 * What a reader of an outdated translation is told: the original's title, address, language and
 * date. Nothing when the translation is current, or when its original is a draft (no page to link).
 */
export function outdatedNotice(groups: readonly StatusGroup[], articleId: string): OutdatedNotice | undefined {
  let notices = noticesByStatus.get(groups);
  if (!notices) {
    notices = new Map();
    for (const group of groups) {
      for (const locale of locales) {
        const cell = group.cells[locale];
        if (!cell.article || notices.has(cell.article.id)) continue;
        const source = cell.state === 'outdated' && cell.source && !cell.source.draft ? cell.source : undefined;
        notices.set(
          cell.article.id,
          source && { title: source.title, url: articleUrl(source), locale: source.locale, updated: source.updated },
        );
      }
    }
    noticesByStatus.set(groups, notices);
  }
  return notices.get(articleId);
}

/** One key × locale: what the table, the CSV and the filters list. */
export interface StatusRow extends StatusCell {
  key: string;
  shared: boolean;
  category: string;
  pastReview: boolean;
}

/** The status as rows, key by key in locale order; `today` (YYYY-MM-DD) decides what is past review. */
export function statusRows(groups: readonly StatusGroup[], today: string): StatusRow[] {
  return groups.flatMap((group) =>
    locales.map((locale) => {
      const cell = group.cells[locale];
      return {
        ...cell,
        key: group.key,
        shared: group.shared,
        category: group.category,
        pastReview: cell.article ? isPastReview(cell.article, today) : false,
      };
    }),
  );
}
