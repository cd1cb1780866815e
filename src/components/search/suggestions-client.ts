// "Already answered?" suggestions as the browser shows them, shared by the question composer
// (forum/composer-client.ts) and the contact page (contact/contact-client.ts): help articles
// from Pagefind (src/lib/search/engine.ts, this locale only) and answered threads from
// /api/community/suggest/ (solved first), fetched together; the links and the list
// (SuggestionList.astro) drawn the same way; and the keyboard path (Down from the field into the list, Up/Down within it, Escape back).
import { search, type SearchHit } from '@/lib/search/engine.ts';
import { appendExcerpt } from './render.ts';

export interface ThreadSuggestion {
  id: number;
  title: string;
  url: string;
  excerpt: string;
  solved: boolean;
}

export type { SearchHit };

/** Fewer characters than this suggest nothing. */
export const MIN_SUGGEST_QUERY = 4;

/** Articles and answered threads like `query`; an empty list for a short query or when offline. */
export async function fetchSuggestions(
  locale: string,
  query: string,
  options: { articles?: number } = {},
): Promise<{ articles: SearchHit[]; threads: ThreadSuggestion[] }> {
  const text = query.trim();
  if ([...text].length < MIN_SUGGEST_QUERY) return { articles: [], threads: [] };
  const [articles, threads] = await Promise.all([
    search(locale, text, { limit: options.articles ?? 3 })
      .then((outcome) => outcome.hits.filter((hit) => hit.locale === locale))
      .catch(() => [] as SearchHit[]),
    fetch(`/api/community/suggest/?locale=${encodeURIComponent(locale)}&q=${encodeURIComponent(text)}`, {
      headers: { Accept: 'application/json' },
    })
      .then(async (response) =>
        response.ok ? ((await response.json()) as { threads: ThreadSuggestion[] }).threads : [],
      )
      .catch(() => [] as ThreadSuggestion[]),
  ]);
  return { articles, threads };
}

type Suggestions = Awaited<ReturnType<typeof fetchSuggestions>>;

/**
 * Suggestions for what is typed in `field`, 250 ms after the last keystroke; only the newest
 * query's answer is shown. `onShort` runs instead when the text is too short to search.
 * Returns `refresh` to ask once now (e.g. for text restored from a draft).
 */
export function suggestWhileTyping(
  field: HTMLInputElement | HTMLTextAreaElement,
  locale: string,
  show: (found: Suggestions) => void,
  onShort: () => void,
): { refresh: () => Promise<void> } {
  let generation = 0;
  async function refresh() {
    const query = field.value.trim();
    const mine = ++generation;
    if ([...query].length < MIN_SUGGEST_QUERY) return onShort();
    const found = await fetchSuggestions(locale, query);
    if (mine === generation) show(found); // otherwise a newer keystroke won
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  field.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  return { refresh };
}

function span(className: string, text?: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The link of an article suggestion: title › section, then the excerpt with its marks. */
export function articleSuggestionLink(hit: SearchHit, rtl: boolean): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = hit.url;
  link.className = 'suggestion';
  const head = span('suggestion-head');
  // The separator points from the article to its section: leftwards in right-to-left text.
  const name = span('suggestion-title', hit.section ? `${hit.title} ${rtl ? '‹' : '›'} ${hit.section}` : hit.title);
  name.dir = 'auto';
  head.append(name);
  const excerpt = span('suggestion-excerpt');
  excerpt.dir = 'auto';
  appendExcerpt(excerpt, hit.excerpt);
  link.append(head, excerpt);
  return link;
}

/** The link of a thread suggestion: title, a "solved" badge, the excerpt. */
export function threadSuggestionLink(thread: ThreadSuggestion, solvedLabel: string): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = thread.url;
  link.className = 'suggestion';
  const head = span('suggestion-head');
  const name = span('suggestion-title', thread.title);
  name.dir = 'auto';
  head.append(name);
  if (thread.solved) head.append(span('badge-solved', solvedLabel));
  const excerpt = span('suggestion-excerpt', thread.excerpt);
  excerpt.dir = 'auto';
  link.append(head, excerpt);
  return link;
}

/** One suggestion as the list draws it: its link, its key (`a:…` or `t:<id>`), its title and, for a thread, its id. */
export interface ListedSuggestion {
  link: HTMLAnchorElement;
  key: string;
  title: string;
  thread?: number;
}

/**
 * The list SuggestionList.astro renders inside `root`: `render` draws articles and threads (each
 * row made by `row`, articles without a key skipped), shows only the groups that have some, and
 * says how many on the status line. Returns the section (for the keyboard path) and `render`.
 */
export function suggestionList(
  root: HTMLElement,
  options: {
    locale: string;
    countForms: Record<string, string>;
    /** The "solved" badge of a thread. */
    solvedLabel: string;
    articleKey: (hit: SearchHit) => string | undefined;
    row: (suggestion: ListedSuggestion) => HTMLLIElement;
  },
): { section: HTMLElement; render: (articles: SearchHit[], threads: ThreadSuggestion[]) => number } {
  const section = root.querySelector<HTMLElement>('[data-suggestions]')!;
  const status = root.querySelector<HTMLElement>('[data-suggestion-status]')!;
  const lists = {
    articles: section.querySelector<HTMLUListElement>('[data-list="articles"]')!,
    threads: section.querySelector<HTMLUListElement>('[data-list="threads"]')!,
  };
  const rtl = getComputedStyle(root).direction === 'rtl';
  const row = (suggestion: ListedSuggestion) => {
    suggestion.link.dataset.key = suggestion.key;
    return options.row(suggestion);
  };
  function render(articles: SearchHit[], threads: ThreadSuggestion[]): number {
    const articleRows = articles.flatMap((hit) => {
      const key = options.articleKey(hit);
      return key ? [row({ link: articleSuggestionLink(hit, rtl), key, title: hit.title })] : [];
    });
    lists.articles.replaceChildren(...articleRows);
    const threadRows = threads.map((thread) =>
      row({
        link: threadSuggestionLink(thread, options.solvedLabel),
        key: `t:${thread.id}`,
        title: thread.title,
        thread: thread.id,
      }),
    );
    lists.threads.replaceChildren(...threadRows);
    lists.articles.parentElement!.hidden = !articleRows.length;
    lists.threads.parentElement!.hidden = !threadRows.length;
    const count = articleRows.length + threadRows.length;
    section.hidden = count === 0;
    status.textContent = suggestionCountText(options.locale, options.countForms, count);
    return count;
  }
  return { section, render };
}

/** The article's content id (`fa/category/slug`) from a suggestion URL, or undefined. */
export function articleIdFromUrl(url: string): string | undefined {
  const path = url.split(/[?#]/)[0] ?? '';
  const match = /^\/([a-z]{2})\/([a-z0-9-]+)\/([a-z0-9-]+)\/?$/.exec(path);
  return match ? `${match[1]}/${match[2]}/${match[3]}` : undefined;
}

/** The "N suggestions below" line for screen readers, in the page's plural forms and digits. */
export function suggestionCountText(locale: string, countForms: Record<string, string>, count: number): string {
  if (!count) return '';
  const tag = locale === 'fa' ? 'fa-IR' : locale;
  const form = countForms[new Intl.PluralRules(tag).select(count)] ?? countForms.other ?? '{count}';
  return form.replace('{count}', new Intl.NumberFormat(tag).format(count));
}

/**
 * Keyboard path: Down from `field` to the first focusable suggestion (links, and buttons beside
 * them), Up/Down through them, Escape (or Up from the first) back to the field. Suggestions
 * never take the focus by themselves.
 */
export function wireSuggestionKeys(field: HTMLElement, section: HTMLElement, selector = 'a.suggestion'): void {
  const items = () => [...section.querySelectorAll<HTMLElement>(selector)];
  field.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !section.hidden && items().length) {
      event.preventDefault();
      items()[0]!.focus();
    }
  });
  section.addEventListener('keydown', (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = at + (event.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) field.focus();
      else all[Math.min(next, all.length - 1)]!.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      field.focus();
    }
  });
}
