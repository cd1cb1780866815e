// Browser side of the question composer (Composer.astro). Everything here is an addition to a
// form that works without it:
// - suggestions while the title is typed: help articles from Pagefind (src/lib/search/engine.ts)
//   and answered threads from /api/community/suggest/; shown below the title without taking
//   focus (Down arrow moves into them, Escape comes back);
// - the composer session for the deflection funnel (/api/community/composer/): started (or
//   resumed, per tab) on load, suggestions shown, suggestions opened, and "abandoned" by a beacon
//   when the page is left without posting; posting marks it on the server (hidden field);
// - a draft per locale in localStorage, restored on load with a note and a discard button, and
//   dropped once the server says the question was posted;
// - the preview through the same preview action, without a reload.
import { actions, isInputError } from 'astro:actions';
import {
  suggestionList,
  suggestWhileTyping,
  wireSuggestionKeys,
  type ListedSuggestion,
  type SearchHit,
  type ThreadSuggestion,
} from '@/components/search/suggestions-client.ts';
import { wireMentions } from './mention-autocomplete.ts';

interface Draft {
  category: string;
  title: string;
  body: string;
  savedAt: number;
}

const EVENTS = '/api/community/composer/';

const draftKey = (locale: string) => `pasokh:composer:draft:${locale}`;
const sessionKey = (locale: string) => `pasokh:composer:session:${locale}`;
/** The suggestions a session has shown, so a reload or Back does not count them twice. */
const seenKey = (locale: string) => `pasokh:composer:seen:${locale}`;

function storage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null; // storage disabled: the composer still works, without drafts
  }
}

export function wireComposer(form: HTMLFormElement): void {
  const locale = form.dataset.locale!;
  const strings = JSON.parse(form.dataset.strings!) as Record<string, string>;
  const countForms = JSON.parse(form.dataset.countForms!) as Record<string, string>;
  const category = form.querySelector<HTMLSelectElement>('select[name="category"]')!;
  const title = form.querySelector<HTMLInputElement>('input[name="title"]')!;
  const body = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]')!;
  const sessionField = form.querySelector<HTMLInputElement>('[data-session]')!;
  const section = form.querySelector<HTMLElement>('[data-suggestions]')!;
  const previewButton = form.querySelector<HTMLButtonElement>('[data-preview-button]')!;
  const preview = form.querySelector<HTMLElement>('[data-preview]')!;
  const previewNote = preview.querySelector<HTMLElement>('[data-preview-note]')!;
  const previewBody = preview.querySelector<HTMLElement>('[data-preview-body]')!;
  const note = form.querySelector<HTMLElement>('[data-draft-note]')!;
  const local = storage('localStorage');
  const perTab = storage('sessionStorage');
  wireMentions(body);

  // ---------------------------------------------------------------------------------------
  // Draft

  const readDraft = (): Draft | null => {
    try {
      const value = JSON.parse(local?.getItem(draftKey(locale)) ?? 'null') as Draft | null;
      return value && typeof value.title === 'string' && typeof value.body === 'string' ? value : null;
    } catch {
      return null;
    }
  };
  const saveDraft = () => {
    if (!local) return;
    try {
      if (!title.value.trim() && !body.value.trim()) local.removeItem(draftKey(locale));
      else
        local.setItem(
          draftKey(locale),
          JSON.stringify({
            category: category.value,
            title: title.value,
            body: body.value,
            savedAt: Date.now(),
          } satisfies Draft),
        );
    } catch {
      // full or refused: keep typing, nothing is lost from the form itself
    }
  };
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, 300);
  };

  if (form.dataset.posted) local?.removeItem(draftKey(locale));
  if (form.dataset.submitted) {
    saveDraft(); // what the server sent back is the draft now
  } else {
    const draft = readDraft();
    if (draft && (draft.title.trim() || draft.body.trim()) && !title.value && !body.value) {
      title.value = draft.title;
      body.value = draft.body;
      if ([...category.options].some((o) => o.value === draft.category)) category.value = draft.category;
      note.hidden = false;
    }
  }
  for (const field of [category, title, body]) field.addEventListener('input', saveSoon);
  note.querySelector('[data-discard]')!.addEventListener('click', (event) => {
    local?.removeItem(draftKey(locale));
    title.value = '';
    body.value = '';
    category.value = '';
    note.querySelector('[data-draft-text]')!.textContent = strings.discarded!;
    note.setAttribute('role', 'status');
    (event.currentTarget as HTMLElement).remove();
    renderSuggestions([], []);
    title.focus();
  });

  // ---------------------------------------------------------------------------------------
  // Composer session (deflection funnel)

  let sessionId: string | undefined;
  let pendingShown = 0;
  const resumeCandidate = () => sessionField.value || perTab?.getItem(sessionKey(locale)) || undefined;
  let seen = new Set<string>();
  try {
    const stored = JSON.parse(perTab?.getItem(seenKey(locale)) ?? 'null') as { id: string; keys: string[] } | null;
    if (stored && stored.id === resumeCandidate()) seen = new Set(stored.keys);
  } catch {
    // unreadable: count afresh
  }
  const keepSeen = () => {
    if (sessionId) perTab?.setItem(seenKey(locale), JSON.stringify({ id: sessionId, keys: [...seen] }));
  };
  let submitting = false;
  let leaving = false;
  let shownTimer: ReturnType<typeof setTimeout> | undefined;

  const send = (event: Record<string, unknown>, beacon = false) => {
    const payload = JSON.stringify(event);
    if (beacon && navigator.sendBeacon?.(EVENTS, new Blob([payload], { type: 'application/json' }))) return;
    void fetch(EVENTS, {
      method: 'POST',
      body: payload,
      headers: { 'Content-Type': 'application/json' },
      keepalive: true,
    }).catch(() => {});
  };
  /** Suggestions shown since the last report (at most 20 per report, as the server counts). */
  const takeShown = () => {
    const count = Math.min(pendingShown, 20);
    pendingShown = 0;
    clearTimeout(shownTimer);
    return count;
  };
  const flushShown = (beacon = false) => {
    if (!sessionId || !pendingShown) return;
    send({ type: 'shown', id: sessionId, count: takeShown() }, beacon);
  };

  async function startSession() {
    const resume = resumeCandidate();
    try {
      const response = await fetch(EVENTS, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ type: 'start', locale, ...(resume && /^[a-z2-9]{24}$/.test(resume) ? { resume } : {}) }),
      });
      if (!response.ok) return;
      const { id } = (await response.json()) as { id: string };
      if (id !== sessionId && id !== resume) {
        // A new session: what is on screen now is what it has shown.
        seen = new Set([...section.querySelectorAll<HTMLAnchorElement>('a.suggestion')].map((a) => a.dataset.key!));
        pendingShown = seen.size;
      }
      sessionId = id;
      sessionField.value = id;
      perTab?.setItem(sessionKey(locale), id);
      keepSeen();
      flushShown();
    } catch {
      // offline: the question can still be posted, only the funnel misses this visit
    }
  }
  void startSession();

  addEventListener('pagehide', () => {
    if (!sessionId) return;
    if (submitting || leaving) {
      flushShown(true);
      return;
    }
    const shown = takeShown();
    send({ type: 'abandon', id: sessionId, ...(shown ? { shown } : {}) }, true);
  });
  addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    // Back from a suggestion (or elsewhere) through the back/forward cache: same tab, same session if still open.
    submitting = false;
    leaving = false;
    void startSession();
  });

  form.addEventListener('submit', (event) => {
    if (event.submitter === previewButton) return;
    saveDraft();
    submitting = true;
    flushShown(true);
  });

  // ---------------------------------------------------------------------------------------
  // Suggestions

  function opened(event: MouseEvent, thread: number | undefined) {
    if (event.type === 'auxclick' && event.button !== 1) return;
    if (sessionId) {
      const shown = takeShown();
      send({ type: 'click', id: sessionId, ...(thread ? { thread } : {}), ...(shown ? { shown } : {}) }, true);
    }
    // Opened in this tab: leaving for a suggestion is not abandoning; the session stays open
    // until the writer comes back and posts or leaves (or it goes idle).
    if (event.type === 'click' && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey) {
      leaving = true;
      saveDraft();
    }
  }

  function suggestion({ link, key, thread }: ListedSuggestion): HTMLLIElement {
    const item = document.createElement('li');
    link.addEventListener('click', (event) => opened(event, thread));
    link.addEventListener('auxclick', (event) => opened(event, thread));
    item.append(link);
    if (!seen.has(key)) {
      seen.add(key);
      pendingShown++;
      keepSeen();
    }
    return item;
  }

  const list = suggestionList(form, {
    locale,
    countForms,
    solvedLabel: strings.solved!,
    articleKey: (hit) => `a:${hit.url}`,
    row: suggestion,
  });

  function renderSuggestions(articles: SearchHit[], threads: ThreadSuggestion[]) {
    list.render(articles, threads);
    if (pendingShown) {
      // Counted once the list stands still, not for every keystroke's list.
      clearTimeout(shownTimer);
      shownTimer = setTimeout(() => flushShown(), 1500);
    }
  }

  const { refresh } = suggestWhileTyping(
    title,
    locale,
    ({ articles, threads }) => renderSuggestions(articles, threads),
    () => renderSuggestions([], []),
  );
  if (title.value.trim()) void refresh();

  // Keyboard: Down from the title into the list, Up/Down within it, Escape back to the title.
  wireSuggestionKeys(title, section);

  // ---------------------------------------------------------------------------------------
  // Preview without a reload: the same preview action the no-JavaScript button posts to.

  form.addEventListener('submit', async (event) => {
    if (event.submitter !== previewButton) return;
    event.preventDefault();
    previewButton.disabled = true;
    try {
      const { data, error } = await actions.forum.preview(new FormData(form));
      preview.hidden = false;
      if (data) {
        previewBody.innerHTML = data.html; // sanitized on the server (src/lib/markdown/render.ts)
        previewNote.hidden = true;
      } else {
        previewBody.replaceChildren();
        previewNote.textContent =
          isInputError(error) || error?.status === 422 ? strings.previewEmpty! : (error?.message ?? strings.network!);
        previewNote.hidden = false;
      }
    } catch {
      preview.hidden = false;
      previewNote.textContent = strings.network!;
      previewNote.hidden = false;
    } finally {
      previewButton.disabled = false;
    }
    preview.focus();
    preview.scrollIntoView({ block: 'nearest' });
  });
}
