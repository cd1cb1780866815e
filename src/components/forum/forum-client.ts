// Browser side of the thread page: the same forms, sent through Astro Actions with fetch so a
// reply, a preview, a vote or a watch needs no reload. Without this file every form still works
// as a plain POST. The new reply is taken from the server-rendered page, never built here, and
// the preview is the server's sanitized HTML.
import { actions, isInputError } from 'astro:actions';
import { reportViewWhenShown } from '@/lib/analytics/view-beacon.ts';
import { threadPath } from '@/lib/forum/urls.ts';
import { isFieldError } from '@/lib/forum/field-errors.ts';
import { wireMentions } from './mention-autocomplete.ts';
import { FLAG_TEMPLATE_PREFIX } from './flag-template.ts';
import { fitPost, fitSharedPage } from './viewer-client.ts';

type Result<T> = { data?: T; error?: { message: string } | undefined };

const intlTag = () => ({ fa: 'fa-IR', ru: 'ru-RU' })[document.documentElement.lang] ?? 'en-US';

/** A plural message (JSON forms from the server) for `count`, in the page's language. */
function plural(formsJson: string | undefined, count: number): string {
  const forms = JSON.parse(formsJson ?? '{}') as Record<string, string>;
  const template = forms[new Intl.PluralRules(intlTag()).select(count)] ?? forms.other ?? '{count}';
  return template.replace('{count}', new Intl.NumberFormat(intlTag()).format(count));
}

/** The server's localized message, or the page's own words for a bad form or a lost connection. */
function message(error: unknown, near: HTMLElement): string {
  const texts = near.closest<HTMLElement>('[data-error-network]')?.dataset ?? {};
  if (isInputError(error)) return texts.errorInvalid ?? '';
  return (error as { message?: string } | undefined)?.message || (texts.errorNetwork ?? '');
}

async function call<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch {
    return { error: { message: '' } };
  }
}

/** A message next to a small form (vote, watch), announced and visible. */
function inlineError(form: HTMLFormElement, text: string): void {
  let box = form.querySelector<HTMLElement>('[data-inline-error]');
  if (!box) {
    box = document.createElement('span');
    box.dataset.inlineError = '';
    box.className = 'error-text';
    box.setAttribute('role', 'alert');
    form.append(box);
  }
  box.textContent = text;
}

/** Toggle forms (vote/unvote, watch/unwatch): one button with aria-pressed. */
function wireToggle(
  form: HTMLFormElement,
  send: (pressed: boolean, body: FormData) => Promise<Result<{ on: boolean; count?: number }>>,
): void {
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const button = form.querySelector('button')!;
    button.setAttribute('aria-busy', 'true');
    const pressed = button.getAttribute('aria-pressed') === 'true';
    const { data, error } = await call(() => send(pressed, new FormData(form)));
    busy = false;
    button.removeAttribute('aria-busy');
    if (error || !data) {
      inlineError(form, message(error, form));
      return;
    }
    inlineError(form, '');
    button.setAttribute('aria-pressed', String(data.on));
    // A toggle that says its state in words (watch: "Watching" / "Watch") changes them too.
    const label = button.querySelector<HTMLElement>('[data-toggle-label]');
    const words = data.on ? button.dataset.labelOn : button.dataset.labelOff;
    if (label && words) label.textContent = words;
    // Keep the no-script action in step, in case this form is ever sent without us.
    form.action = form.action.replace(
      /(_action=forum\.)un(vote|watch)|(_action=forum\.)(vote|watch)/,
      (_m, a, b, c, d) => (a ? `${a}${b}` : `${c}un${d}`),
    );
    const score = form.querySelector<HTMLElement>('.score');
    if (score && data.count !== undefined) score.textContent = plural(score.dataset.forms, data.count);
  });
}

function wireEditor(form: HTMLFormElement): void {
  const textarea = form.querySelector('textarea')!;
  wireMentions(textarea);
  const errorBox = form.querySelector<HTMLElement>('[data-editor-error]')!;
  const formErrorBox = form.querySelector<HTMLElement>('[data-editor-form-error]')!;
  const status = form.querySelector<HTMLElement>('[data-editor-status]')!;
  const previewBox = form.querySelector<HTMLElement>('[data-editor-preview-box]')!;
  const previewBody = form.querySelector<HTMLElement>('[data-editor-preview-body]')!;
  let busy = false;
  // A field error marks the text invalid; any other refusal is an alert for the form (errors.ts).
  const showError = (text: string, error?: unknown) => {
    const field = Boolean(text) && isFieldError(error);
    errorBox.textContent = field ? text : '';
    if (field) textarea.setAttribute('aria-invalid', 'true');
    else textarea.removeAttribute('aria-invalid');
    formErrorBox.textContent = text && !field ? `${text} ${form.dataset.kept ?? ''}`.trim() : '';
    formErrorBox.hidden = !formErrorBox.textContent;
  };

  form.addEventListener('submit', async (event) => {
    const preview = (event.submitter as HTMLElement | null)?.hasAttribute('data-editor-preview') ?? false;
    // Edits go to the thread afterwards anyway: only their preview stays on the page.
    if (!preview && form.dataset.forumEditor !== 'reply') return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute('aria-busy', 'true');
    const body = new FormData(form);
    try {
      if (preview) {
        const { data, error } = await call(() => actions.forum.preview(body));
        if (error || !data) return showError(message(error, form), error);
        showError('');
        previewBody.innerHTML = data.html; // sanitized on the server by lib/markdown
        previewBox.hidden = false;
        return;
      }
      const { data, error } = await call(() => actions.forum.reply(body));
      if (error || !data) return showError(message(error, form), error);
      showError('');
      const target = threadPath({ locale: data.locale, id: data.threadId, slug: data.slug ?? '' }, data.page);
      const list = document.querySelector('[data-forum-posts]');
      if (
        !data.slug ||
        !list ||
        new URL(target, location.href).href !== new URL(location.pathname + location.search, location.href).href
      ) {
        location.assign(`${target}#post-${data.number}`);
        return;
      }
      // A held reply is on this member's own page only: the action told the server to send this
      // browser its own pages from now on, so this is that page.
      const html = await (await fetch(target, { headers: { Accept: 'text/html' } })).text();
      const fresh = new DOMParser().parseFromString(html, 'text/html');
      const item = fresh.getElementById(`post-${data.number}`)?.closest('li');
      if (!item) {
        location.assign(`${target}#post-${data.number}`);
        return;
      }
      const added = document.importNode(item, true);
      list.append(added);
      document.querySelector('[data-forum-no-replies]')?.remove();
      const heading = fresh.getElementById('replies-title')?.textContent;
      if (heading) document.getElementById('replies-title')!.textContent = heading;
      for (const post of added.querySelectorAll<HTMLElement>('article[data-post]')) fitPost(post);
      for (const vote of added.querySelectorAll<HTMLFormElement>('form[data-forum-vote]')) wireVote(vote);
      textarea.value = '';
      previewBox.hidden = true;
      previewBody.textContent = '';
      status.textContent = (data.pending ? form.dataset.postedPending : form.dataset.posted) ?? '';
      history.replaceState(null, '', `#post-${data.number}`);
      added.querySelector<HTMLElement>('article')?.focus();
    } catch {
      showError(message(undefined, form));
    } finally {
      busy = false;
      form.removeAttribute('aria-busy');
    }
  });
}

function wireVote(form: HTMLFormElement): void {
  wireToggle(form, async (pressed, body) => {
    const { data, error } = pressed ? await actions.forum.unvote(body) : await actions.forum.vote(body);
    return data ? { data: { on: data.voted, count: data.voteScore } } : { error };
  });
}

/** A flag: on success the disclosure becomes the "Flagged" badge and a thank-you is announced; on error the choice and note stay. */
function wireFlag(form: HTMLFormElement): void {
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute('aria-busy', 'true');
    const errorBox = form.querySelector<HTMLElement>('[data-flag-error]')!;
    const { data, error } = await call(() => actions.forum.flag(new FormData(form)));
    busy = false;
    form.removeAttribute('aria-busy');
    if (error || !data) {
      errorBox.textContent = message(error, form);
      return;
    }
    const box = form.closest<HTMLElement>('[data-forum-flag-box]')!;
    const badge = document.createElement('span');
    badge.className = 'badge badge-warn';
    badge.dataset.flagged = '';
    badge.textContent = form.dataset.flaggedText ?? '';
    const thanks = document.createElement('span');
    thanks.className = 'muted';
    thanks.setAttribute('role', 'status');
    thanks.setAttribute('tabindex', '-1');
    thanks.textContent = form.dataset.thanks ?? '';
    box.replaceWith(badge, thanks);
    thanks.focus();
  });
}

/**
 * "Flag" links: the page carries its flag form once (FlagFormTemplate); pressing a post's link puts
 * a copy there, open, with that post's id, ids of its own and the page's freshest form stamp.
 * Without script the link loads the page with that post's form open (`?flag=`).
 */
function wireFlagLinks(root: ParentNode): void {
  const template = root.querySelector<HTMLTemplateElement>('template[data-forum-flag-template]');
  if (!template) return;
  root.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-forum-flag-open]');
    if (!link) return;
    event.preventDefault();
    const postId = link.dataset.forumFlagOpen!;
    const box = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
    for (const element of box.querySelectorAll('[id], [for], [aria-describedby]'))
      for (const name of ['id', 'for', 'aria-describedby'])
        if (element.getAttribute(name)?.startsWith(FLAG_TEMPLATE_PREFIX))
          element.setAttribute(name, element.getAttribute(name)!.replace(FLAG_TEMPLATE_PREFIX, `flag-${postId}`));
    const form = box.querySelector<HTMLFormElement>('form[data-forum-flag]')!;
    form.querySelector<HTMLInputElement>('input[name="postId"]')!.value = postId;
    // The template's stamp is as old as the page; the live forms' stamps are kept fresh (SpamFields).
    const liveStamp = document.querySelector<HTMLInputElement>('input[data-stamp-refresh-after]');
    const stamp = form.querySelector<HTMLInputElement>('input[data-stamp-refresh-after]');
    if (liveStamp && stamp) stamp.value = liveStamp.value;
    link.replaceWith(box);
    wireFlag(form);
    form.querySelector<HTMLInputElement>('input[name="reason"]')!.focus();
  });
}

export function wireForum(root: ParentNode): void {
  void fitSharedPage(root);
  const threadId = Number(root.querySelector<HTMLElement>('[data-thread-id]')?.dataset.threadId);
  if (threadId > 0) reportViewWhenShown('/api/community/views/', { thread: threadId });
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-forum-flag]')) wireFlag(form);
  wireFlagLinks(root);
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-forum-editor]')) wireEditor(form);
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-forum-vote]')) wireVote(form);
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-forum-watch]')) {
    wireToggle(form, async (pressed, body) => {
      const { data, error } = pressed ? await actions.forum.unwatch(body) : await actions.forum.watch(body);
      return data ? { data: { on: data.watching } } : { error };
    });
  }
}
