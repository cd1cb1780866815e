// The sections of the role-gated /admin/ area, which lives outside the /{locale}/ routes.
import type { Locale } from '@/i18n/index.ts';
import { can, type Permission } from '@/lib/auth/authorize.ts';
import type { SessionUser } from '@/lib/auth/session.ts';
import { hrefWith } from './links.ts';

/** The entries of the admin nav; each is shown only to the roles that may open it. */
export type AdminSection =
  | 'articles'
  | 'comments'
  | 'search'
  | 'contact'
  | 'content'
  | 'guide'
  | 'deliveries'
  | 'moderation'
  | 'words'
  | 'audit'
  | 'settings';

/** Every admin section in nav order, with the permission its page requires. The writers' guide
 * carries its language in its path (`/admin/content/guide/fa/`) instead of `?lang=`. */
export const adminSections: readonly { id: AdminSection; path: string; permission: Permission; localeInPath?: true }[] =
  [
    { id: 'articles', path: '/admin/analytics/', permission: 'analytics' },
    { id: 'comments', path: '/admin/analytics/comments/', permission: 'analytics' },
    { id: 'search', path: '/admin/analytics/search/', permission: 'analytics' },
    { id: 'contact', path: '/admin/analytics/contact/', permission: 'analytics' },
    { id: 'content', path: '/admin/content/', permission: 'writing' },
    { id: 'guide', path: '/admin/content/guide/', permission: 'writing', localeInPath: true },
    { id: 'deliveries', path: '/admin/support/', permission: 'admin' },
    { id: 'moderation', path: '/admin/moderation/', permission: 'moderation' },
    { id: 'words', path: '/admin/moderation/words/', permission: 'moderation' },
    { id: 'audit', path: '/admin/audit/', permission: 'moderation' },
    { id: 'settings', path: '/admin/moderation/settings/', permission: 'admin' },
  ];

/** The sections this user may open, in nav order (none for members and visitors). */
export function adminSectionsFor(user: SessionUser | null | undefined) {
  return adminSections.filter((section) => can(user, section.permission));
}

/** A section's link from the current admin page: the filters dropped, the language kept. */
export function adminSectionHref(url: URL, section: (typeof adminSections)[number], locale: Locale): string {
  return section.localeInPath ? `${section.path}${locale}/` : hrefWith(url, {}, section.path, ['lang']);
}
