// Article drafts for writers, from what readers already asked: a solved community thread (the
// question becomes the title and introduction, the accepted answer the body, with a link back
// and credit to the members who answered) or a search that found nothing (the query becomes the
// working title of a skeleton). A draft is one MDX file whose frontmatter passes the article
// schema (src/lib/content/schema.ts) with `draft: true`, so it builds but is never published
// until a writer says so. Only what any reader may see goes in: a hidden, held or deleted thread
// or post is refused or left out, and members appear by their display names, never their
// addresses. Member-written text is turned into MDX by src/lib/markdown/mdx.ts, never pasted.
import categoryList from '../../../content/categories.json' with { type: 'json' };
import type { PhrasingContent, RootContent } from 'mdast';
import { isLocale, useTranslations, type Locale } from '../../i18n/index.ts';
import type { Db } from '../db/index.ts';
import { profilePath, resolveMentions } from '../forum/mentions.ts';
import { threadPath } from '../forum/urls.ts';
import { mdastToMdx, parsePost, plainText, postToMdast } from '../markdown/mdx.ts';
import { extractMentions, mentionKey } from '../markdown/render.ts';
import { analyzeQuery, searchQueryParam } from '../search/query.ts';
import { reservedSections, type Category } from './schema.ts';

export interface ArticleDraft {
  /** `<slug>.mdx`. */
  filename: string;
  slug: string;
  locale: Locale;
  category: string;
  mdx: string;
}

export type DraftProblem =
  /** No such thread. */
  | 'notFound'
  /** The thread is hidden, deleted or waiting for approval: readers cannot see it. */
  | 'hidden'
  /** No accepted answer yet. */
  | 'notSolved'
  /** The question or the accepted answer is hidden, held or deleted. */
  | 'notVisible'
  /** A search query with nothing left once cleaned. */
  | 'emptyQuery'
  /** A `category` or `slug` asked for that an article cannot have. */
  | 'invalidCategory'
  | 'invalidSlug';

export type DraftOutcome = { ok: true; draft: ArticleDraft } | { ok: false; problem: DraftProblem };

export interface DraftOptions {
  /** The categories an article may be in (content/categories.json by default). */
  categories?: readonly Pick<Category, 'id' | 'order' | 'title' | 'description'>[];
  /** The category to put it in, instead of a guess. */
  category?: string;
  /** The slug, instead of one made from the title. */
  slug?: string;
  /** The `updated` date (today, UTC, by default). */
  today?: Date;
}

export interface ThreadDraftOptions extends DraftOptions {
  /** The site's public origin (SITE_URL): the link back and the credits are absolute, so they work from any article. */
  origin: string;
}

/** Frontmatter limits of the article schema (code units, as Zod counts them). */
const TITLE_MAX = 120;
const TITLE_MIN = 3;
const DESCRIPTION_MAX = 300;
const DESCRIPTION_MIN = 10;
/** Credited by name; more are counted. */
const CREDITS_MAX = 10;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const refuse = (problem: DraftProblem): DraftOutcome => ({ ok: false, problem });

/** `text` cut at a word boundary to at most `max` code units, with an ellipsis when cut. */
export function trimAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max); // one unit is left for the ellipsis below
  const space = room.lastIndexOf(' ');
  let cut = space > max / 2 ? room.slice(0, space) : room.slice(0, max - 1);
  // Never half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s\p{P}]+$/u, '')}…`;
}

/**
 * A YAML double-quoted scalar. JSON's escapes are YAML's too; the characters YAML reads as line
 * breaks or a byte-order mark, which JSON leaves as they are, are escaped as well.
 */
function yamlString(text: string): string {
  return JSON.stringify(text.toWellFormed()).replace(
    /[\u0085\u2028\u2029\uFEFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A slug from a title in Latin letters, or `fallback` when the title is in another script. */
export function draftSlug(title: string, fallback: string): string {
  const letters = title.match(/\p{L}/gu) ?? [];
  if (!letters.length || letters.some((l) => !/\p{Script=Latin}/u.test(l))) return fallback;
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    if (slug.length + word.length + 1 > 60) break;
    slug = slug ? `${slug}-${word}` : word;
  }
  return slug || fallback;
}

type Categories = NonNullable<DraftOptions['categories']>;

/** Meaningful words of a text as search reads them (normalized, Persian suffixes off, no stop words). */
const wordsOf = (locale: string, text: string) => analyzeQuery(locale, text).terms.map((t) => t.word);

/** Two words match when one begins the other and the shorter has at least 4 letters (клиент, клиентов). */
const sameWord = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/**
 * The category a thread's words point to: the one whose id is the forum category's, else the one
 * whose title and description share the most words with the text, at least two (one shared word
 * is too often chance: "shows" and "show"), else none.
 */
export function guessCategory(
  categories: Categories,
  locale: Locale,
  forumCategory: string | null,
  text: string,
): string | undefined {
  if (forumCategory && categories.some((c) => c.id === forumCategory)) return forumCategory;
  const words = wordsOf(locale, text);
  let best: { id: string; score: number } | undefined;
  for (const category of [...categories].sort((a, b) => a.order - b.order)) {
    const own = wordsOf(locale, `${category.title[locale]} ${category.description[locale]}`);
    const score = words.filter((w) => own.some((o) => sameWord(w, o))).length;
    if (score >= 2 && (!best || score > best.score)) best = { id: category.id, score };
  }
  return best?.id;
}

interface Frontmatter {
  title: string;
  description: string;
  category: string;
  /** A YAML comment above `category:` for the writer, or none. */
  categoryNote: string | null;
  updated: Date;
}

function frontmatter(fm: Frontmatter): string {
  return [
    '---',
    `title: ${yamlString(fm.title)}`,
    `description: ${yamlString(fm.description)}`,
    ...(fm.categoryNote ? [`# ${fm.categoryNote.replace(/\s+/gu, ' ')}`] : []),
    `category: ${fm.category}`,
    'tags: []',
    `updated: ${fm.updated.toISOString().slice(0, 10)}`,
    'draft: true',
    '---',
    '',
  ].join('\n');
}

/** The category and the note about it: the writer's choice, a guess to check, or the first to replace. */
function chooseCategory(
  t: ReturnType<typeof useTranslations>['t'],
  categories: Categories,
  options: DraftOptions,
  guess: () => string | undefined,
): { category: string; categoryNote: string | null } | null {
  const ordered = [...categories].sort((a, b) => a.order - b.order);
  if (options.category !== undefined) {
    return ordered.some((c) => c.id === options.category) ? { category: options.category, categoryNote: null } : null;
  }
  const guessed = guess();
  if (guessed) {
    const others = ordered.filter((c) => c.id !== guessed).map((c) => c.id);
    return { category: guessed, categoryNote: t('content.draft.categoryGuessed', { others: others.join(', ') }) };
  }
  return {
    category: ordered[0]!.id,
    categoryNote: t('content.draft.categoryFirst', { all: ordered.map((c) => c.id).join(', ') }),
  };
}

/** An MDX comment for the writer (`{/* … *\/}`); never given member-written text. */
const comment = (text: string): RootContent => ({
  type: 'mdxFlowExpression',
  value: `/* ${text.replace(/\*\//g, '* /')} */`,
});

/** A sentence from a template with `{name}` places filled by nodes (links, names). */
function sentence(template: string, parts: Record<string, PhrasingContent[]>): PhrasingContent[] {
  return template
    .split(/(\{\w+\})/)
    .flatMap((piece): PhrasingContent[] =>
      /^\{\w+\}$/.test(piece) ? (parts[piece.slice(1, -1)] ?? []) : piece ? [{ type: 'text', value: piece }] : [],
    );
}

function withSlug(options: DraftOptions, fallback: () => string): string | null {
  if (options.slug === undefined) return fallback();
  return KEBAB.test(options.slug) && options.slug.length <= 80 ? options.slug : null;
}

// ---------------------------------------------------------------------------------------------
// From a solved thread

/** The question and the accepted answer, with their authors as the site shows them. */
async function questionAndAnswer(db: Db, threadId: number, acceptedPostId: number) {
  const rows = await db
    .selectFrom('posts')
    .select(['id', 'number', 'author_id', 'source', 'hidden_at', 'held_at', 'deleted_at'])
    .where('thread_id', '=', threadId)
    .where((eb) => eb.or([eb('number', '=', 1), eb('id', '=', acceptedPostId)]))
    .execute();
  const visible = rows.filter((r) => r.hidden_at === null && r.held_at === null && r.deleted_at === null);
  return {
    question: visible.find((r) => r.number === 1),
    answer: visible.find((r) => r.id === acceptedPostId && r.number > 1),
  };
}

/**
 * The members who answered, as readers see them: the accepted answer's author first, then everyone
 * else with a visible reply in order of their first one (the asker only when they answered).
 */
async function answerers(db: Db, threadId: number, askerId: number, answer: { author_id: number }) {
  const rows = await db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.author_id', 'users.display_name'])
    .select((eb) => eb.fn.min('posts.number').as('first'))
    .where('posts.thread_id', '=', threadId)
    .where('posts.number', '>', 1)
    .where('posts.hidden_at', 'is', null)
    .where('posts.held_at', 'is', null)
    .where('posts.deleted_at', 'is', null)
    .where('posts.author_id', '!=', askerId)
    .groupBy(['posts.author_id', 'users.display_name'])
    .orderBy('first')
    .limit(100)
    .execute();
  const accepted = rows.find((r) => r.author_id === answer.author_id);
  const asker =
    answer.author_id === askerId
      ? await db.selectFrom('users').select(['id', 'display_name']).where('id', '=', askerId).executeTakeFirst()
      : undefined;
  const first = accepted ?? (asker && { author_id: asker.id, display_name: asker.display_name });
  return [...(first ? [first] : []), ...rows.filter((r) => r.author_id !== answer.author_id)].map((r) => ({
    id: r.author_id,
    name: r.display_name,
  }));
}

/** "A, B and 3 other members" in the locale's words, each name a link to the member's profile. */
function creditList(locale: Locale, people: { id: number; name: string }[], profile: (id: number) => string) {
  const items: PhrasingContent[][] = people
    .slice(0, CREDITS_MAX)
    .map((person) => [{ type: 'link', url: profile(person.id), children: [{ type: 'text', value: person.name }] }]);
  if (people.length > CREDITS_MAX) {
    const more = useTranslations(locale).tp('content.draft.creditMore', people.length - CREDITS_MAX);
    items.push([{ type: 'text', value: more }]);
  }
  // Placeholders through Intl.ListFormat, so commas and "and" are the locale's ("،" and "و" in Persian).
  const parts = new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(items.map((_, i) => `\u0000${i}`));
  return parts.flatMap((part): PhrasingContent[] =>
    part.type === 'element' ? items[Number(part.value.slice(1))]! : [{ type: 'text', value: part.value }],
  );
}

/**
 * The draft of an article from a solved thread, or why there is none. Readers' view only: the
 * thread and both posts must be visible; the credits name members with a visible reply.
 */
export async function articleDraftFromThread(
  db: Db,
  threadId: number,
  options: ThreadDraftOptions,
): Promise<DraftOutcome> {
  const thread = await db
    .selectFrom('threads')
    .innerJoin('forum_categories', 'forum_categories.id', 'threads.category_id')
    .select([
      'threads.id',
      'threads.locale',
      'threads.slug',
      'threads.title',
      'threads.author_id',
      'threads.accepted_post_id',
      'threads.hidden_at',
      'threads.held_at',
      'threads.deleted_at',
      'forum_categories.slug as category_slug',
    ])
    .where('threads.id', '=', threadId)
    .executeTakeFirst();
  if (!thread || !isLocale(thread.locale)) return refuse('notFound');
  if (thread.hidden_at !== null || thread.held_at !== null || thread.deleted_at !== null) return refuse('hidden');
  if (thread.accepted_post_id === null) return refuse('notSolved');
  const locale = thread.locale;
  const { question, answer } = await questionAndAnswer(db, thread.id, thread.accepted_post_id);
  if (!question || !answer) return refuse('notVisible');

  const categories = options.categories ?? (categoryList as Categories);
  const { t } = useTranslations(locale);
  const origin = options.origin.replace(/\/+$/, '');
  const absolute = (path: string) => new URL(path, `${origin}/`).href;
  // Relative links in a post are relative to the thread's page; the draft links back by the short
  // address, which leads to the thread whatever its slug becomes (the slug follows the title).
  const threadPage = absolute(threadPath(thread));
  const threadUrl = absolute(`/${locale}/community/t/${thread.id}/`);

  // Mentions link to the member's profile when they have a public one, as the forum shows them.
  const mentioned = await resolveMentions(db, [...extractMentions(question.source), ...extractMentions(answer.source)]);
  const convert = (source: string, topHeading: 2 | 3) =>
    postToMdast(source, {
      topHeading,
      href: (url) => draftHref(url, threadPage, origin),
      imageSrc: (url) => absolute(url),
      mention: (written, name) => {
        const target = mentioned.get(mentionKey(name));
        if (!target) return { type: 'text', value: written };
        const text: PhrasingContent = { type: 'text', value: `@${target.username}` };
        return target.profile
          ? { type: 'link', url: absolute(profilePath(locale, target.id)), children: [text] }
          : text;
      },
    });

  const credited = await answerers(db, thread.id, thread.author_id, answer);
  const names = creditList(locale, credited, (id) => absolute(profilePath(locale, id)));

  const title = trimAtWord(thread.title, TITLE_MAX);
  const chosen = chooseCategory(t, categories, options, () =>
    guessCategory(categories, locale, thread.category_slug, `${thread.title} ${firstParagraph(question.source)}`),
  );
  if (!chosen) return refuse('invalidCategory');
  const slug = withSlug(options, () => draftSlug(thread.title, `thread-${thread.id}`));
  if (!slug) return refuse('invalidSlug');
  const today = options.today ?? new Date();

  const body: RootContent[] = [
    comment(t('content.draft.threadNote', { url: threadUrl, date: today.toISOString().slice(0, 10) })),
    ...convert(question.source, 2),
    { type: 'heading', depth: 2, children: [{ type: 'text', value: t('content.draft.solution') }] },
    ...convert(answer.source, 3),
    { type: 'thematicBreak' },
    {
      type: 'paragraph',
      children: sentence(t(credited.length ? 'content.draft.credit' : 'content.draft.creditThread'), {
        thread: [{ type: 'link', url: threadUrl, children: [{ type: 'text', value: thread.title }] }],
        names,
      }),
    },
  ];
  const description = describe(question.source, thread.title);
  const mdx = frontmatter({ title, description, ...chosen, updated: today }) + '\n' + mdastToMdx(body);
  return { ok: true, draft: { filename: `${slug}.mdx`, slug, locale, category: chosen.category, mdx } };
}

/** The text of a post's first paragraph (its first words, if it has no paragraph). */
function firstParagraph(source: string): string {
  const tree = parsePost(source);
  const paragraph = tree.children.find((node) => node.type === 'paragraph');
  return plainText(paragraph ?? tree);
}

/**
 * The description: the question's first paragraph as text, cut at a word to fit; paragraphs
 * after it while it is too short; the title when the question has too few words of its own.
 */
export function describe(source: string, title: string): string {
  const paragraphs = parsePost(source)
    .children.filter((node) => node.type === 'paragraph')
    .map((node) => plainText(node).replace(/\s+/gu, ' ').trim())
    .filter(Boolean);
  let text = '';
  for (const paragraph of paragraphs) {
    text = text ? `${text} ${paragraph}` : paragraph;
    if (text.length >= DESCRIPTION_MIN) break;
  }
  const description = trimAtWord(text, DESCRIPTION_MAX);
  return description.length >= DESCRIPTION_MIN ? description : trimAtWord(title, DESCRIPTION_MAX);
}

/**
 * A link of a post as the article carries it: http(s) and mailto as written; a path into an
 * article or category of this site stays a path (the content checks then say whether it still
 * exists); other paths of the site (community, search, account…) and relative links become
 * absolute, since an article may not link into those sections by path; anything else (javascript:,
 * data:, a broken address) keeps only its text, as the forum's sanitizer does.
 */
export function draftHref(url: string, threadUrl: string, origin: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme) return ['http', 'https', 'mailto'].includes(scheme) ? url : null;
  let resolved: URL;
  try {
    resolved = new URL(url, threadUrl);
  } catch {
    return null;
  }
  if (resolved.origin !== new URL(origin).origin) return resolved.href;
  const [, first, section] = resolved.pathname.split('/');
  const appPath =
    !isLocale(first) || (section !== undefined && (reservedSections as readonly string[]).includes(section));
  return appPath || !url.startsWith('/') ? resolved.href : `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

// ---------------------------------------------------------------------------------------------
// From a search that found nothing

/** A skeleton article whose working title is what readers searched for, in the query's language. */
export function articleDraftFromQuery(query: string, locale: Locale, options: DraftOptions = {}): DraftOutcome {
  const cleaned = searchQueryParam(query).toWellFormed();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return refuse('emptyQuery');
  const { t } = useTranslations(locale);
  const categories = options.categories ?? (categoryList as Categories);
  const trimmed = trimAtWord(cleaned, TITLE_MAX);
  const title =
    [...trimmed].length >= TITLE_MIN
      ? trimmed
      : trimAtWord(t('content.draft.workingTitle', { query: trimmed }), TITLE_MAX);
  const chosen = chooseCategory(t, categories, options, () => guessCategory(categories, locale, null, cleaned));
  if (!chosen) return refuse('invalidCategory');
  const today = options.today ?? new Date();
  const slug = withSlug(options, () => draftSlug(cleaned, `search-${today.toISOString().slice(0, 10)}`));
  if (!slug) return refuse('invalidSlug');
  const todo = (key: Parameters<typeof t>[0], vars = {}): RootContent => ({
    type: 'paragraph',
    children: [{ type: 'text', value: t(key, vars) }],
  });
  const body: RootContent[] = [
    comment(t('content.draft.queryNote')),
    todo('content.draft.queryIntro', { query: cleaned }),
    { type: 'heading', depth: 2, children: [{ type: 'text', value: t('content.draft.querySteps') }] },
    {
      type: 'list',
      ordered: true,
      spread: false,
      children: [1, 2, 3].map((n) => ({
        type: 'listItem',
        spread: false,
        children: [{ type: 'paragraph', children: [{ type: 'text', value: t('content.draft.queryStep', { n }) }] }],
      })),
    },
    { type: 'heading', depth: 2, children: [{ type: 'text', value: t('content.draft.queryMore') }] },
    todo('content.draft.queryMoreText'),
  ];
  const mdx =
    frontmatter({ title, description: t('content.draft.queryDescription'), ...chosen, updated: today }) +
    '\n' +
    mdastToMdx(body);
  return { ok: true, draft: { filename: `${slug}.mdx`, slug, locale, category: chosen.category, mdx } };
}
