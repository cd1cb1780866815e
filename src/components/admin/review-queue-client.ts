// Keyboard shortcuts for the review queue, on top of the plain forms (which work without this):
// j / k move to the next / previous item (focus moves to the item, so a screen reader reads its
// heading), and c, a, h, d press the item's Claim, Approve, Hide, Dismiss button. Keys are read by
// their place on the keyboard (`event.code`), so they work on a Persian or Russian layout too,
// where J types «ت» or «о». Nothing happens while a field has the focus, with Ctrl, Alt or Meta
// held, or for keys the site uses itself ("/" opens search). After an action the page comes back
// at `#item-N`; focus follows it there, or goes to the notice when the item left the list.
const KEYS = new Set(['c', 'a', 'h', 'd']);

/** The shortcut letter of a key press: its US-layout letter, or the typed Latin letter when the browser gives no code. */
export function shortcutLetter(event: Pick<KeyboardEvent, 'code' | 'key'>): string | null {
  const code = /^Key([A-Z])$/.exec(event.code ?? '');
  if (code) return code[1]!.toLowerCase();
  return !event.code && /^[a-z]$/i.test(event.key ?? '') ? event.key.toLowerCase() : null;
}

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function wireReviewQueue(root: Document): void {
  const items = () => [...root.querySelectorAll<HTMLElement>('[data-review-item]')];
  let current: HTMLElement | null = null;

  const select = (item: HTMLElement | undefined) => {
    if (!item) return;
    current?.classList.remove('current');
    current = item;
    item.classList.add('current');
    item.focus();
    item.scrollIntoView({ block: 'nearest' });
  };

  const hash = decodeURIComponent(location.hash.slice(1));
  const landed = hash.startsWith('item-') ? root.getElementById(hash) : null;
  if (landed?.matches('[data-review-item]')) select(landed);
  else if (hash.startsWith('item-')) {
    // The item left this list (approved, hidden…): focus goes to the notice saying so; j then
    // moves to the first item still waiting.
    const notice = root.querySelector<HTMLElement>('.admin-page .notice');
    if (notice) {
      notice.tabIndex = -1;
      notice.focus();
    }
  }

  root.addEventListener('focusin', (event) => {
    const item = (event.target as HTMLElement | null)?.closest<HTMLElement>('[data-review-item]');
    if (item && item !== current) {
      current?.classList.remove('current');
      current = item;
      item.classList.add('current');
    }
  });

  root.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const key = shortcutLetter(event);
    if (!key) return;
    const list = items();
    if (!list.length) return;
    const index = current ? list.indexOf(current) : -1;
    if (key === 'j' || key === 'k') {
      event.preventDefault();
      select(key === 'j' ? list[Math.min(index + 1, list.length - 1)] : list[Math.max(index - 1, 0)]);
      return;
    }
    if (!KEYS.has(key)) return;
    const item = current ?? list[0]!;
    const button = item.querySelector<HTMLButtonElement>(`button[data-shortcut="${key}"]`);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
}
