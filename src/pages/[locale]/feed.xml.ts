// /{locale}/feed.xml: the locale's new and updated articles (Atom), written at build time.
import type { APIRoute } from 'astro';
import { locales, type Locale } from '@/i18n/index.ts';
import { articleFeedXml, xmlResponse } from '@/server/feeds.ts';

export const getStaticPaths = () => locales.map((locale) => ({ params: { locale } }));

export const GET: APIRoute = async ({ params, site, url, locals }) =>
  xmlResponse(await articleFeedXml(site ?? new URL(url.origin), params.locale as Locale, locals.t));
