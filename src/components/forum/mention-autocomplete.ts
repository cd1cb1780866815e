// @-autocomplete for a post's textarea (the question composer, the reply box, the edit form).
// Typing @ and a letter or more lists members whose username or display name starts so (from
// /api/community/mentions/); choosing one writes @username. The WAI-ARIA combobox pattern with a
// listbox popup: the textarea owns the list (aria-controls, aria-expanded) and points at the
// active option (aria-activedescendant), so focus never leaves the text. Down/Up move, Enter or
// Tab insert, Escape closes; only these navigation keys are read from event.key, which names
// them the same on every keyboard layout; the name itself is read from the text, never from
// key codes. Without JavaScript, or when the endpoint fails, the textarea is a plain textarea.
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

  const open = () => !list.hidden;

  function close() {
    clearTimeout(timer);
    inFlight?.abort();
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

  function show(found: Member[]) {
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
  }

  async function lookUp(query: string) {
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
      if (token?.query === query) show(found);
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

  function update() {
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
    const count = members.length;
    switch (event.key) {
      case 'ArrowDown':
        highlight((active + 1) % count);
        break;
      case 'ArrowUp':
        highlight((active - 1 + count) % count);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || active < 0) return;
        insert(active);
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
