// Where forum things live: a thread's slug and path, the page a post is on, a post's link.
// No imports, so the page scripts (components/forum/forum-client.ts) build the same paths.

/** Posts per thread page: page n holds post numbers 50n-49..50n. */
export const POSTS_PER_PAGE = 50;

export const pageOfPost = (number: number) => Math.max(1, Math.ceil(number / POSTS_PER_PAGE));

/** URL slug from a title: letters and digits of any script, hyphens between words. */
export function threadSlug(title: string): string {
  const slug = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const words = slug.split('-');
  let out = '';
  for (const word of words) {
    if ([...out].length + [...word].length + 1 > 60) break;
    out = out ? `${out}-${word}` : word;
  }
  return out || [...slug].slice(0, 60).join('') || 'thread';
}

/** Path of a thread page; page 1 has no query. The slug is percent-encoded, so the path is safe in a Location header. */
export function threadPath(thread: { locale: string; id: number; slug: string }, page = 1): string {
  const base = `/${thread.locale}/community/t/${thread.id}/${encodeURIComponent(thread.slug)}/`;
  return page > 1 ? `${base}?page=${page}` : base;
}

/** Link to a post: the page of the thread it is on, and its anchor. */
export function postPath(thread: { locale: string; id: number; slug: string }, number: number): string {
  return `${threadPath(thread, pageOfPost(number))}#post-${number}`;
}
