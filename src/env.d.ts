/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('./lib/auth/session.ts').SessionUser | null;
    session: import('./lib/auth/session.ts').Session | null;
    /** This page is the members' shared one (src/server/shared-page.ts): nothing on it may be one reader's. */
    sharedPage: boolean;
    /** The UI language of this request: the route's locale, or on /admin/ pages `?lang=`, the user's, Accept-Language. */
    locale: import('./i18n/index.ts').Locale;
    /** Messages in `locale` (src/i18n), set once by the middleware. */
    t: ReturnType<typeof import('./i18n/index.ts').useTranslations>['t'];
    tp: ReturnType<typeof import('./i18n/index.ts').useTranslations>['tp'];
  }
}
