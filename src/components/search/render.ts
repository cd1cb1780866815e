// DOM helpers shared by the search box and the search page. Excerpts arrive as HTML with <mark>
// around matches; only <mark> survives, everything else is inserted as text.
import type { SearchHit } from '@/lib/search/engine.ts';

const decoder = document.createElement('textarea');

export function appendExcerpt(target: HTMLElement, excerpt: string): void {
  let marked = false;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    // A detached <textarea> decodes entities and treats any tag as plain text; it never runs.
    decoder.innerHTML = part.replace(/<[^>]*>/g, '');
    const text = decoder.value;
    if (!text) continue;
    if (marked) {
      const mark = document.createElement('mark');
      mark.textContent = text;
      target.append(mark);
    } else target.append(text);
  }
}

/** Title, section, category (and language when it differs from the page) and the excerpt. */
export function fillHit(
  item: HTMLElement,
  hit: SearchHit,
  pageLocale: string,
  localeNames: Record<string, string>,
): void {
  const title = document.createElement('span');
  title.className = 'hit-title';
  title.textContent = hit.section ? `${hit.title} › ${hit.section}` : hit.title;
  const meta = document.createElement('span');
  meta.className = 'hit-meta';
  meta.textContent = [hit.category, hit.locale !== pageLocale ? localeNames[hit.locale] : '']
    .filter(Boolean)
    .join(' · ');
  const excerpt = document.createElement('span');
  excerpt.className = 'hit-excerpt';
  excerpt.dir = 'auto';
  appendExcerpt(excerpt, hit.excerpt);
  if (hit.locale !== pageLocale) {
    for (const el of [title, excerpt]) el.lang = hit.locale;
  }
  item.append(title, meta, excerpt);
}
