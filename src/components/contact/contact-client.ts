// Browser side of the contact form (ContactForm.astro), an addition to a form that works
// without it:
// - suggestions while the subject is typed, through the composer's machinery
//   (search/suggestions-client.ts), each with a "This solved my problem" submit button; the keys
//   of every suggestion shown go along in the hidden `shown` field, so the server knows which
//   articles were suggested to a request that was sent anyway;
// - "I still need help" opens the email step without a reload (the browser checks the fields first);
// - a draft per locale: subject and description in localStorage, the email in sessionStorage
//   (this tab only), restored on load with a note and a discard button, dropped once the
//   request is sent or a suggestion solved the problem.
import {
  articleIdFromUrl,
  suggestionList,
  suggestWhileTyping,
  wireSuggestionKeys,
  type ListedSuggestion,
  type SearchHit,
  type ThreadSuggestion,
} from '@/components/search/suggestions-client.ts';

const MAX_SHOWN = 40;
export const draftKey = (locale: string) => `pasokh:contact:draft:${locale}`;
export const emailKey = (locale: string) => `pasokh:contact:email:${locale}`;

function storage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

/** Drops the stored draft (after a request was sent or a suggestion solved the problem). */
export function clearContactDraft(locale: string): void {
  storage('localStorage')?.removeItem(draftKey(locale));
  storage('sessionStorage')?.removeItem(emailKey(locale));
}

export function wireContact(form: HTMLFormElement): void {
  const locale = form.dataset.locale!;
  const strings = JSON.parse(form.dataset.strings!) as Record<string, string>;
  const countForms = JSON.parse(form.dataset.countForms!) as Record<string, string>;
  const subject = form.querySelector<HTMLInputElement>('input[name="subject"]')!;
  const description = form.querySelector<HTMLTextAreaElement>('textarea[name="description"]')!;
  const email = form.querySelector<HTMLInputElement>('input[name="email"]')!;
  const shownField = form.querySelector<HTMLInputElement>('[data-shown]')!;
  const note = form.querySelector<HTMLElement>('[data-draft-note]')!;
  const emailStep = form.querySelector<HTMLElement>('[data-email-step]')!;
  const firstButtons = form.querySelector<HTMLElement>('[data-first-buttons]')!;
  const findButton = form.querySelector<HTMLButtonElement>('[data-find]')!;
  const stillNeed = form.querySelector<HTMLButtonElement>('[data-still-need]')!;
  const local = storage('localStorage');
  const perTab = storage('sessionStorage');

  // Suggestions come as you type: the no-script "Look for answers" button is not needed.
  findButton.hidden = true;

  // ---------------------------------------------------------------------------------------
  // Draft
  const saveDraft = () => {
    try {
      if (!subject.value.trim() && !description.value.trim()) local?.removeItem(draftKey(locale));
      else
        local?.setItem(
          draftKey(locale),
          JSON.stringify({
            subject: subject.value,
            description: description.value,
            shown: shownField.value,
            savedAt: Date.now(),
          }),
        );
      if (email.value.trim() && email.value !== email.defaultValue) perTab?.setItem(emailKey(locale), email.value);
    } catch {
      // full or refused: nothing is lost from the form itself
    }
  };
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, 300);
  };
  if (form.dataset.submitted) {
    saveDraft(); // what the server sent back is the draft now
  } else {
    try {
      const draft = JSON.parse(local?.getItem(draftKey(locale)) ?? 'null') as {
        subject?: unknown;
        description?: unknown;
        shown?: unknown;
      } | null;
      if (
        draft &&
        typeof draft.subject === 'string' &&
        typeof draft.description === 'string' &&
        (draft.subject.trim() || draft.description.trim()) &&
        !subject.value &&
        !description.value
      ) {
        subject.value = draft.subject;
        description.value = draft.description;
        // What was suggested before the reload still counts as suggested.
        if (typeof draft.shown === 'string') shownField.value = draft.shown.slice(0, 4_000);
        note.hidden = false;
      }
      const storedEmail = perTab?.getItem(emailKey(locale));
      if (storedEmail && !email.value) email.value = storedEmail;
    } catch {
      // unreadable draft: start afresh
    }
  }
  for (const field of [subject, description, email]) field.addEventListener('input', saveSoon);
  note.querySelector('[data-discard]')!.addEventListener('click', (event) => {
    clearContactDraft(locale);
    subject.value = '';
    description.value = '';
    note.querySelector('[data-draft-text]')!.textContent = strings.discarded!;
    note.setAttribute('role', 'status');
    (event.currentTarget as HTMLElement).remove();
    render([], []);
    subject.focus();
  });

  // ---------------------------------------------------------------------------------------
  // Suggestions
  const shown = new Set(shownField.value.split(' ').filter(Boolean));
  const remember = (key: string) => {
    if (shown.has(key) || shown.size >= MAX_SHOWN) return;
    shown.add(key);
    shownField.value = [...shown].join(' ');
    saveSoon();
  };

  /** A suggestion's row: its link and its "This solved my problem" button. */
  function row({ link, key, title }: ListedSuggestion): HTMLLIElement {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'submit';
    button.name = 'solved';
    button.value = key;
    button.formNoValidate = true;
    button.className = 'button button-quiet solved-button';
    button.textContent = strings.solvedButton!;
    button.setAttribute('aria-label', strings.solvedLabel!.replace('{title}', title));
    li.append(link, button);
    remember(key);
    return li;
  }

  const list = suggestionList(form, {
    locale,
    countForms,
    solvedLabel: strings.solved!,
    articleKey: (hit) => {
      const id = articleIdFromUrl(hit.url);
      return id ? `a:${id}` : undefined;
    },
    row,
  });
  const { section } = list;
  function render(articles: SearchHit[], threads: ThreadSuggestion[]) {
    list.render(articles, threads);
    form.querySelector('.no-suggestions')?.remove();
  }

  const { refresh } = suggestWhileTyping(
    subject,
    locale,
    ({ articles, threads }) => render(articles, threads),
    () => {
      if (!section.querySelector('a.suggestion')) render([], []);
    },
  );
  // Server-rendered suggestions (after a failed submit) are already counted; refresh only when none are shown.
  if (subject.value.trim() && !section.querySelector('a.suggestion')) void refresh();
  // Down from the subject to the suggestions and their "solved" buttons.
  wireSuggestionKeys(subject, section, 'a.suggestion, button.solved-button');

  // ---------------------------------------------------------------------------------------
  // "I still need help": the email step, without a reload.
  stillNeed.addEventListener('click', (event) => {
    event.preventDefault();
    if (!subject.reportValidity() || !description.reportValidity()) return;
    emailStep.hidden = false;
    firstButtons.hidden = true;
    email.required = true;
    emailStep.focus();
    email.focus();
  });

  form.addEventListener('submit', () => saveDraft());
}
