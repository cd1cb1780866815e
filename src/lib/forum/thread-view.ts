// The thread page's decisions, apart from Astro: which thread and page a URL names and whether it
// is the thread's one address, where a form sent from the page (without JavaScript) leads, and
// what this viewer sees and may do — the view the page renders. src/server/thread-forms.ts reads
// the forms' results; the page only wires the two.
import type { Db } from '../db/index.ts';
import { can } from '../auth/authorize.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Locale, useTranslations } from '../../i18n/index.ts';
import { htmlToText } from '../markdown/render.ts';
import { threadJsonLd, type JsonLdPost } from '../seo/forum-json-ld.ts';
import { breadcrumbJsonLd } from '../seo/json-ld.ts';
import { flaggedByViewer } from '../moderation/flags.ts';
import { issueFormStamp } from '../moderation/spam.ts';
import { visibleThreadLink } from '../moderation/thread-form.ts';
import { postsAwaitReview } from '../moderation/trust.ts';
import { categoryBySlug, listCategories } from './categories.ts';
import { communityCrumbs } from './crumbs.ts';
import { profilePath } from './mentions.ts';
import { postingRestriction, writeRestriction } from './policy.ts';
import { postForEditing } from './posts.ts';
import { threadPage, type PostView, type ThreadPage } from './threads.ts';
import { alwaysPersonalFor } from './thread-viewer.ts';
import { postPath, threadPath } from './urls.ts';

/** `/t/<id>/…?page=<n>` as numbers, or null (the page answers 404): both are plain digits. */
export function threadRoute(id: string | undefined, page: string | null): { threadId: number; page: number } | null {
  if (!/^\d{1,15}$/.test(id ?? '') || (page !== null && !/^\d{1,6}$/.test(page))) return null;
  return { threadId: Number(id), page: page === null ? 1 : Number(page) };
}

/**
 * Whether a URL names the thread by its one address: the thread's own locale and current slug.
 * The slug is cosmetic, so any other (or a badly encoded one) is answered with a 301.
 */
export function namesThread(
  thread: { locale: string; slug: string },
  locale: string,
  rawSlug: string | undefined,
): boolean {
  let slug: string;
  try {
    slug = decodeURIComponent(rawSlug ?? '');
  } catch {
    return false;
  }
  return thread.locale === locale && slug === thread.slug;
}

/**
 * The thread page a request names, for this viewer, with that page's one address (`here`).
 * Null when there is no such thread or page (404); `moved` when the URL is another address for it
 * (another locale or slug, or `?page=1`), which a GET answers with a 301 to `here`.
 */
export async function threadAt(
  db: Db,
  user: SessionUser | null,
  locale: string,
  params: { id?: string | undefined; slug?: string | undefined },
  pageParam: string | null,
): Promise<(ThreadPage & { here: string; moved: boolean }) | null> {
  const route = threadRoute(params.id, pageParam);
  const data = route && (await threadPage(db, user, route.threadId, route.page));
  if (!data) return null;
  const moved = !namesThread(data.thread, locale, params.slug) || pageParam === '1';
  return { ...data, here: threadPath(data.thread, data.page), moved };
}

/**
 * The thread page this request gets. When `mayShare` (the browser runs scripts and was not told to
 * ask for its own pages) and a member is reading, it is the page every member gets — anonymous
 * data with a member's controls, kept by the server's page cache (src/lib/http/anonymous-cache.ts)
 * — and the page's script asks `threadViewerState` for what is theirs. Staff, writers and a paused
 * member get their own page: what they may do there (tools; drafting an article; nothing) is not
 * on the shared one.
 */
export async function threadFor(
  db: Db,
  user: SessionUser | null,
  locale: string,
  params: { id?: string | undefined; slug?: string | undefined },
  pageParam: string | null,
  mayShare: boolean,
) {
  if (user && mayShare && alwaysPersonalFor(user) === null) {
    const data = await threadAt(db, null, locale, params, pageParam);
    if (data) {
      const canReply = !data.thread.locked && !data.thread.pending;
      return { ...data, viewer: { ...data.viewer, canReply }, shared: true };
    }
  }
  const data = await threadAt(db, user, locale, params, pageParam);
  return data && { ...data, shared: false };
}

/** A form on the thread page that succeeded, with what its redirect needs. */
export type ThreadFormDone =
  | { form: 'reply'; locale: string; slug: string | null; page: number; number: number }
  | { form: 'vote' | 'unvote' | 'accept' | 'flag'; postId: number }
  | { form: 'unaccept' | 'watch' | 'unwatch' | 'threadTool' };

/** Where the page sends the reader after a form succeeded (a 303): back to what they acted on. */
export function redirectAfter(done: ThreadFormDone, data: ThreadPage): string {
  const { thread } = data;
  const here = threadPath(thread, data.page);
  const anchorOf = (postId: number) => {
    const number = [...data.posts, ...(data.acceptedAnswer ? [data.acceptedAnswer] : [])].find(
      (p) => p.id === postId,
    )?.number;
    return number ? `#post-${number}` : '';
  };
  switch (done.form) {
    case 'reply':
      return `${threadPath({ locale: done.locale, id: thread.id, slug: done.slug ?? thread.slug }, done.page)}#post-${done.number}`;
    case 'vote':
    case 'unvote':
    case 'flag':
      return `${here}${anchorOf(done.postId)}`;
    case 'accept':
      return `${threadPath(thread)}${anchorOf(done.postId)}`;
    case 'unaccept':
      return here;
    case 'watch':
    case 'unwatch':
      return `${here}#watch`;
    case 'threadTool':
      return `${threadPath(thread)}?tools=done#thread-tools`;
  }
}

type Translate = ReturnType<typeof useTranslations>['t'];

/** What the page renders for this viewer, beyond `threadPage` itself. */
export async function threadView(
  db: Db,
  user: SessionUser | null,
  data: ThreadPage & { shared?: boolean },
  options: { locale: Locale; site: URL; t: Translate },
) {
  const { locale, t } = options;
  // The members' shared page is rendered for no one in particular (see threadFor).
  const shared = data.shared === true;
  if (shared) user = null;
  const { thread, page } = data;
  const here = threadPath(thread, page);
  const base = threadPath(thread);
  const absolute = (path: string) => new URL(path, options.site).href;
  const category = await categoryBySlug(db, locale, thread.category.slug);
  const question = page === 1 ? (data.posts.find((p) => p.number === 1) ?? null) : null;
  const replies = data.posts.filter((p) => p.number > 1);
  const moderator = data.viewer.canModerate;
  const shown = [...data.posts, ...(data.acceptedAnswer ? [data.acceptedAnswer] : [])];
  const mayEdit = (post: PostView) =>
    post.state !== 'deleted' && user !== null && (user.id === post.author.id || moderator);

  const crumbs = communityCrumbs(t, locale, options.site, [
    ...(category ? [{ name: category.title, path: `/${locale}/community/${category.slug}/` }] : []),
    { name: thread.title, path: here },
  ]);
  const jsonPost = (post: PostView): JsonLdPost => ({
    text: htmlToText(post.html ?? ''),
    url: absolute(postPath(thread, post.number)),
    createdAt: post.createdAt,
    upvotes: post.voteScore,
    // A deleted member has no name and no profile page to point at.
    author: post.author.deleted
      ? { name: t('forum.deletedMember') }
      : { name: post.author.name, url: absolute(profilePath(locale, post.author.id)) },
  });
  const hidden = thread.hidden || thread.deleted;
  const questionLd =
    question && question.html !== null && !hidden
      ? threadJsonLd({
          title: thread.title,
          url: absolute(here),
          inLanguage: thread.locale,
          question: jsonPost(question),
          answerCount: thread.replyCount,
          accepted: data.acceptedAnswer ? jsonPost(data.acceptedAnswer) : null,
          suggested: replies.filter((p) => p.state === 'visible' && !p.accepted).map(jsonPost),
        })
      : null;

  return {
    here,
    base,
    category,
    question,
    replies,
    /** The accepted answer is shown under the question (page 1), and its reply becomes a stub. */
    answerAbove: page === 1 && data.acceptedAnswer !== null,
    hidden,
    pages: Array.from({ length: data.pageCount }, (_, i) => i + 1),
    title: page > 1 ? `${thread.title} · ${t('forum.thread.pageN', { page })}` : thread.title,
    description: question?.html ? [...htmlToText(question.html)].slice(0, 160).join('') : undefined,
    crumbs,
    jsonLd: questionLd ? [questionLd, breadcrumbJsonLd(crumbs)] : [breadcrumbJsonLd(crumbs)],
    // Per-viewer parts (flags raised, the spam-defence stamp) exist only when someone is signed in.
    viewer: {
      id: user?.id ?? null,
      shared,
      canAccept: data.viewer.canAccept,
      canModerate: moderator,
      canWrite: shared || (Boolean(user) && !writeRestriction(user!)),
      flagged: user
        ? await flaggedByViewer(
            db,
            user,
            shown.map((p) => p.id),
          )
        : new Set<number>(),
      stamp: user || shared ? await issueFormStamp(db) : null,
    },
    editHref: (post: PostView) => (mayEdit(post) ? `${base}edit/${post.id}/` : null),
    revisionsHref: (post: PostView) =>
      post.editedAt !== null && mayEdit(post) ? `${base}revisions/${post.id}/` : null,
    restriction: user ? postingRestriction(user) : null,
    // A new member is told before writing that their reply waits for a moderator.
    reviewNotice: data.viewer.canReply && user ? await postsAwaitReview(db, user) : false,
    // The same for every reader: a duplicate points at its original.
    original: thread.duplicateOf !== null ? await visibleThreadLink(db, thread.duplicateOf) : null,
    // Moderators only (never in a page anyone else gets): the thread tools' categories.
    toolCategories: moderator && user ? await listCategories(db, locale) : [],
    // Writers and admins only, on their own page (never the shared or anonymous one): a solved
    // thread readers can see becomes an article draft (src/pages/admin/content/drafts/).
    draftHref:
      can(user, 'writing') && !shared && !hidden && data.acceptedAnswer
        ? `/admin/content/drafts/thread/${thread.id}.mdx`
        : null,
  };
}

export type ThreadView = Awaited<ReturnType<typeof threadView>>;

/**
 * The post the edit and revisions pages are about: its text as written, its thread as the thread
 * page shows it to this viewer, and its number when it is on the thread's first page. Null when
 * there is no such post in this thread for this viewer; AuthorizationError when it is not theirs.
 */
export async function editablePost(db: Db, user: SessionUser | null, threadId: number, postId: number) {
  const post = await postForEditing(db, user, postId);
  if (!post || post.threadId !== threadId) return null;
  const data = await threadPage(db, user, post.threadId, 1);
  if (!data) return null;
  return {
    id: postId,
    source: post.source,
    title: post.title,
    thread: data.thread,
    number: data.posts.find((p) => p.id === postId)?.number ?? null,
  };
}
