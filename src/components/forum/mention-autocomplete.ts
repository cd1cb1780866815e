// @-autocomplete for a post's textarea (the question composer, the reply box, the edit form).
// Typing @ and a letter or more lists members whose username or display name starts so (from
// /api/community/mentions/); choosing one writes @username. The WAI-ARIA combobox pattern with a
// listbox popup: the textarea owns the list (aria-controls, aria-expanded) and points at the
// active option (aria-activedescendant), so focus never leaves the text. Down/Up move, Enter or
// Tab insert, Escape closes. Pressed while the list still answers shorter text (the writer typed
// on and the lookup has not come back), they wait for the list of the text as it is now, so that
// Enter never inserts a member the name typed since no longer matches. Only these navigation
// keys are read from event.key, which names them the same on every keyboard layout; the name
// itself is read from the text, never from key codes. Without JavaScript, or when the endpoint
// fails, the textarea is a plain textarea.
import { formatNumber, isLocale } from '@/i18n/locales.ts';

interface Member {
  username: string;
  name: string;
}

export interface MentionStrings {
  label: string;
  /** "{count} found; Up/Down, Enter" for the live region. */
  count: string;
  none: string;
}

const ENDPOINT = '/api/community/mentions/';
/** What may follow @ in a username (and in a display name typed as a prefix). */
const NAME_CHAR = /[\p{L}\p{M}\p{N}_.\u200C-]/u;
let lists = 0;

/** The "@prefix" just before the caret, when the caret ends one: where it starts and what it says. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  let start = caret;
  while (start > 0 && NAME_CHAR.test(text[start - 1]!)) start--;
  if (start === 0 || text[start - 1] !== '@') return null;
  const before = text[start - 2];
  // user@example.com and @@ are not mentions (the renderer agrees: src/lib/markdown/render.ts).
  if (before !== undefined && (NAME_CHAR.test(before) || before === '@')) return null;
  const query = text.slice(start, caret);
  if (!query || query.length > 40) return null;
  return { start: start - 1, query };
}

export function wireMentions(textarea: HTMLTextAreaElement): void {
  const strings = JSON.parse(textarea.dataset.mentions ?? 'null') as MentionStrings | null;
  if (!strings) return;
  const lang = document.documentElement.lang;
  const locale = isLocale(lang) ? lang : 'en';
  const id = `mention-list-${++lists}`;

  // The list floats over what follows the textarea (its anchor takes no room), so the page does
  // not jump while typing; logical properties keep it under the text's start in RTL too.
  const anchor = document.createElement('div');
  anchor.className = 'mention-anchor';
  const list = document.createElement('ul');
  list.id = id;
  list.className = 'mention-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', strings.label);
  list.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  anchor.append(list, status);
  textarea.after(anchor);

  textarea.setAttribute('role', 'combobox');
  textarea.setAttribute('aria-autocomplete', 'list');
  textarea.setAttribute('aria-controls', id);
  textarea.setAttribute('aria-expanded', 'false');

  let members: Member[] = [];
  let active = -1;
  let token: { start: number; query: string } | null = null;
  /** Escape closes the list until the writer starts another mention or types on. */
  let dismissed: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  /** The text the shown options were found for, and the last text a lookup was started for. */
  let shownQuery: string | null = null;
  let requestedQuery: string | null = null;
  /** Keys pressed while the options shown are those of older text (see the header). */
  let queued = { moves: 0, insert: false };

  const open = () => !list.hidden;

  function close() {
    clearTimeout(timer);
    inFlight?.abort();
    shownQuery = requestedQuery = null;
    queued = { moves: 0, insert: false };
    list.hidden = true;
    list.replaceChildren();
    members = [];
    active = -1;
    textarea.setAttribute('aria-expanded', 'false');
    textarea.removeAttribute('aria-activedescendant');
  }

  function highlight(index: number) {
    active = index;
    list
      .querySelectorAll('[role="option"]')
      .forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    const option = list.children[index] as HTMLElement | undefined;
    if (option) {
      textarea.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else textarea.removeAttribute('aria-activedescendant');
  }

  function show(query: string, found: Member[]) {
    const { moves, insert: insertQueued } = queued;
    members = found;
    if (!found.length) {
      close();
      status.textContent = strings!.none;
      return;
    }
    list.replaceChildren(
      ...found.map((member, i) => {
        const option = document.createElement('li');
        option.id = `${id}-${i}`;
        option.setAttribute('role', 'option');
        option.className = 'mention-option';
        const name = document.createElement('bdi');
        name.className = 'mention-name';
        name.textContent = member.name;
        const handle = document.createElement('bdi');
        handle.className = 'mention-username';
        handle.textContent = `@${member.username}`;
        option.append(name, ' ', handle);
        // mousedown, not click: the textarea keeps focus and its caret.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          insert(i);
        });
        return option;
      }),
    );
    list.hidden = false;
    textarea.setAttribute('aria-expanded', 'true');
    highlight(0);
    status.textContent = strings!.count.replace('{count}', formatNumber(locale, found.length));
    shownQuery = query;
    queued = { moves: 0, insert: false };
    for (let i = 0; i < Math.abs(moves); i++) step(moves > 0 ? 1 : -1);
    if (insertQueued) insert(active);
  }

  function step(by: 1 | -1) {
    highlight((active + by + members.length) % members.length);
  }

  async function lookUp(query: string) {
    clearTimeout(timer);
    requestedQuery = query;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const response = await fetch(`${ENDPOINT}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      if (!response.ok) return close();
      const { members: found } = (await response.json()) as { members: Member[] };
      if (token?.query === query) show(query, found);
    } catch {
      // aborted by newer typing, or offline: the writer can still type the name out
    }
  }

  function insert(index: number) {
    const member = members[index];
    if (!member || !token) return;
    const text = `@${member.username} `;
    textarea.setRangeText(text, token.start, textarea.selectionStart, 'end');
    close();
    token = null;
    // Drafts and other listeners hear about it as about typing.
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /** Queues a key for the list of the text as it is now, which is looked up at once. */
  function wait(key: Partial<typeof queued>) {
    queued = { ...queued, ...key };
    if (token && requestedQuery !== token.query) void lookUp(token.query);
  }

  function update() {
    queued = { moves: 0, insert: false }; // typing on (or moving the caret) cancels waiting keys
    const caret = textarea.selectionStart;
    token = textarea.selectionEnd === caret ? mentionAt(textarea.value, caret) : null;
    if (!token || dismissed === `${token.start}:${token.query}`) return close();
    dismissed = null;
    const query = token.query;
    clearTimeout(timer);
    timer = setTimeout(() => void lookUp(query), 150);
  }

  textarea.addEventListener('input', update);
  textarea.addEventListener('click', update);
  textarea.addEventListener('blur', () => close());
  textarea.addEventListener('keydown', (event) => {
    if (!open() || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    const waiting = token !== null && token.query !== shownQuery;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const by = event.key === 'ArrowDown' ? 1 : -1;
        if (waiting) wait({ moves: queued.moves + by });
        else step(by);
        break;
      }
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || active < 0) return;
        if (waiting) wait({ insert: true });
        else insert(active);
        break;
      case 'Escape':
        if (token) dismissed = `${token.start}:${token.query}`;
        close();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
  // Arrow keys that move the caret out of the mention (Home, End, Left, Right) close the list.
  textarea.addEventListener('keyup', (event) => {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(event.key)) update();
  });
}
