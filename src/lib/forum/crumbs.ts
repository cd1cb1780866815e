// Breadcrumbs of the community's pages (shown, and as JSON-LD): the help center, the community,
// then the page's own trail. URLs are absolute, as structured data needs them.
import type { Crumb } from '../seo/json-ld.ts';

export function communityCrumbs(
  t: (key: 'site.tagline' | 'forum.title') => string,
  locale: string,
  site: URL,
  trail: readonly { name: string; path: string }[] = [],
): Crumb[] {
  const absolute = (path: string) => new URL(path, site).href;
  return [
    { name: t('site.tagline'), url: absolute(`/${locale}/`) },
    { name: t('forum.title'), url: absolute(`/${locale}/community/`) },
    ...trail.map((crumb) => ({ name: crumb.name, url: absolute(crumb.path) })),
  ];
}
