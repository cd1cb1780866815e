// Browser side of the members' shared thread page (lib/forum/thread-view.ts, threadFor): the page
// is the same for every member, with a member's controls for no one in particular, hidden until
// this script has asked /api/community/viewer/ what is this reader's and fitted them: their own
// posts get an edit link instead of a vote button and a flag link, their votes show pressed, their
// flags as "Flagged", their watch button its state, the header's bell their count. A reader the
// shared page cannot serve (staff, the asker, the author of a held post on it; the server says
// `personal` and sets a cookie) loads the page again and gets their own, unless they have
// started typing.
import type { ThreadViewerState } from '@/lib/forum/thread-viewer.ts';

type MemberState = Extract<ThreadViewerState, { personal: false }>;

const RELOAD_KEY = 'pasokh.viewerReload';
/** A second reload for the same page this soon means the cookie did not stick: stay on the shared page. */
const RELOAD_GUARD_MS = 10_000;

let state: MemberState | null = null;

function reloadOnce(): boolean {
  // Never under someone's hands: what they typed or chose stays (the next page is their own).
  const active = document.activeElement;
  if (
    active instanceof HTMLInputElement ||
    active instanceof HTMLTextAreaElement ||
    active instanceof HTMLSelectElement
  )
    return false;
  if ([...document.querySelectorAll('textarea')].some((field) => field.value !== '')) return false;
  try {
    const last = JSON.parse(sessionStorage.getItem(RELOAD_KEY) ?? 'null') as { path: string; at: number } | null;
    if (last && last.path === location.pathname && Date.now() - last.at < RELOAD_GUARD_MS) return false;
    sessionStorage.setItem(RELOAD_KEY, JSON.stringify({ path: location.pathname, at: Date.now() }));
  } catch {
    return false;
  }
  location.reload();
  return true;
}

function chip(name: 'edit' | 'revisions' | 'flagged' | 'accept' | 'unaccept'): HTMLElement {
  const template = document.querySelector<HTMLTemplateElement>('template[data-viewer-templates]')!;
  const selector = name === 'flagged' ? '[data-flagged]' : `[data-viewer-${name}]`;
  return template.content.querySelector(selector)!.cloneNode(true) as HTMLElement;
}

/** One post as this reader may act on it (their own: edit, no vote, no flag; the asker's: accept). */
export function fitPost(post: HTMLElement): void {
  if (!state) return;
  const id = Number(post.dataset.post);
  const actions = post.querySelector<HTMLElement>('.post-actions');
  if (!actions) return;
  const vote = actions.querySelector<HTMLFormElement>('form[data-forum-vote]');
  const flagLink = actions.querySelector<HTMLElement>('a[data-forum-flag-open]');
  const visible = !post.classList.contains('post-muted');
  // Where Post.astro puts them: after the vote button or the score.
  if (state.canAccept && visible && !post.classList.contains('post-question')) {
    const accepted = post.classList.contains('post-accepted');
    const form = chip(accepted ? 'unaccept' : 'accept');
    if (!accepted) form.querySelector<HTMLInputElement>('input[name="postId"]')!.value = String(id);
    actions.firstElementChild?.after(form);
  }
  if (Number(post.dataset.author) === state.userId) {
    const base = document.querySelector<HTMLElement>('[data-thread-base]')!.dataset.threadBase!;
    const score = vote?.querySelector<HTMLElement>('.score');
    if (vote && score) {
      score.removeAttribute('id');
      vote.replaceWith(score);
    }
    flagLink?.remove();
    if (visible) {
      const edit = chip('edit');
      edit.setAttribute('href', `${base}edit/${id}/`);
      const accept = actions.querySelector('[data-viewer-accept], [data-viewer-unaccept]');
      (accept ?? score ?? actions.firstElementChild)?.after(edit);
      if (post.hasAttribute('data-edited')) {
        const revisions = chip('revisions');
        revisions.setAttribute('href', `${base}revisions/${id}/`);
        actions.append(revisions);
      }
    }
    return;
  }
  if (vote && state.voted.includes(id)) {
    vote.querySelector('button')!.setAttribute('aria-pressed', 'true');
    vote.action = vote.action.replace('_action=forum.vote', '_action=forum.unvote');
  }
  // Flagged stays said after the post was hidden (its flag link is gone then).
  if (state.flagged.includes(id)) {
    if (flagLink) flagLink.replaceWith(chip('flagged'));
    else actions.append(chip('flagged'));
  }
}

function fitPage(page: HTMLElement, fitted: MemberState): void {
  state = fitted;
  for (const post of page.querySelectorAll<HTMLElement>('article[data-post]')) fitPost(post);
  const watch = page.querySelector<HTMLFormElement>('form[data-forum-watch]');
  const button = watch?.querySelector<HTMLButtonElement>('button');
  if (watch && button && fitted.watching) {
    button.setAttribute('aria-pressed', 'true');
    const label = button.querySelector<HTMLElement>('[data-toggle-label]');
    if (label && button.dataset.labelOn) label.textContent = button.dataset.labelOn;
    watch.action = watch.action.replace('_action=forum.watch', '_action=forum.unwatch');
  }
  const notice = page.querySelector<HTMLElement>('[data-review-notice]');
  if (notice) notice.hidden = !fitted.reviewNotice;
  document.dispatchEvent(new CustomEvent('pasokh:unread', { detail: fitted.unread }));
}

/** Asks what is this reader's; null when the page is not shared, or after a failure (the controls work as they are: the server decides). */
async function askViewer(page: HTMLElement): Promise<MemberState | 'reload' | null> {
  const query = new URLSearchParams({ thread: page.dataset.threadId!, page: page.dataset.threadPage! });
  try {
    const response = await fetch(`/api/community/viewer/?${query}`, {
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    // 401: the session ended (the stale cookie is gone now, so the page comes back anonymous).
    if (response.status === 401) return 'reload';
    if (!response.ok) return null;
    const answer = (await response.json()) as ThreadViewerState;
    return answer.personal ? 'reload' : answer;
  } catch {
    return null;
  }
}

/** Fits the shared page to this reader, if it is the shared page. */
export async function fitSharedPage(root: ParentNode): Promise<void> {
  const page = root.querySelector<HTMLElement>('[data-viewer="shared"]');
  if (!page) return;
  const answer = await askViewer(page);
  if (answer === 'reload' && reloadOnce()) return;
  if (answer && answer !== 'reload') fitPage(page, answer);
  page.dataset.viewer = 'fitted';
}
