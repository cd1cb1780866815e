// The "Community" section of the search page (/{locale}/search/?q=): forum threads from
// /api/community/search/ (the page itself is static; Pagefind knows only articles). Each hit
// shows its title, a solved badge, category and replies, and an excerpt; the section ends with
// a link to the forum's own search, or, when nothing matched, to asking the community.

import type { ThreadHitView as ThreadHit } from '@/lib/forum/composer.ts';

interface Strings {
  solved: string;
  seeAll: string;
  none: string;
  askInstead: string;
  error: string;
}

const span = (className: string, text: string, dir?: 'auto') => {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  if (dir) element.dir = dir;
  return element;
};

export async function showCommunityResults(section: HTMLElement, locale: string, query: string): Promise<void> {
  const strings = JSON.parse(section.dataset.strings!) as Strings;
  const replyForms = JSON.parse(section.dataset.replies!) as Record<string, string>;
  const list = section.querySelector<HTMLOListElement>('ol')!;
  const footer = section.querySelector<HTMLElement>('[data-community-footer]')!;
  const digits = new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : locale);
  const plural = new Intl.PluralRules(locale === 'fa' ? 'fa-IR' : locale);
  const link = (href: string, text: string) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  };
  let threads: ThreadHit[];
  let more: string;
  try {
    const response = await fetch(
      `/api/community/search/?locale=${encodeURIComponent(locale)}&q=${encodeURIComponent(query)}`,
      { headers: { Accept: 'application/json' } },
    );
    if (!response.ok) throw new Error(String(response.status));
    ({ threads, more } = (await response.json()) as { threads: ThreadHit[]; more: string });
  } catch {
    footer.replaceChildren(strings.error);
    section.hidden = false;
    return;
  }
  list.replaceChildren(
    ...threads.map((thread) => {
      const item = document.createElement('li');
      const a = document.createElement('a');
      a.href = thread.url;
      a.className = 'thread-hit';
      const head = span('thread-hit-head', '');
      head.append(span('hit-title', thread.title, 'auto'));
      if (thread.solved) head.append(span('badge-solved', strings.solved));
      const replies = (replyForms[plural.select(thread.replies)] ?? replyForms.other!).replace(
        '{count}',
        digits.format(thread.replies),
      );
      a.append(head, span('hit-meta', `${thread.category} · ${replies}`), span('hit-excerpt', thread.excerpt, 'auto'));
      item.append(a);
      return item;
    }),
  );
  if (threads.length) {
    footer.replaceChildren(link(more, strings.seeAll));
  } else {
    const none = span('', strings.none.replace('{query}', query), 'auto');
    footer.replaceChildren(none, ' ', link(`/${locale}/community/new/`, strings.askInstead));
  }
  section.hidden = false;
}
