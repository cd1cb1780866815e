// /{locale}/{category}/feed.xml: one article category's new and updated articles (Atom), written
// at build time. Category ids are kebab-case (lib/content/schema.ts), so no category is named
// "feed.xml", and this static segment wins over the [slug] route beside it.
import type { APIRoute } from 'astro';
import { locales, type Locale } from '@/i18n/index.ts';
import { getCategories } from '@/server/content.ts';
import { articleFeedXml, xmlResponse } from '@/server/feeds.ts';

export async function getStaticPaths() {
  const categories = await getCategories();
  return locales.flatMap((locale) => categories.map((c) => ({ params: { locale, category: c.id } })));
}

export const GET: APIRoute = async ({ params, site, url, locals }) =>
  xmlResponse(await articleFeedXml(site ?? new URL(url.origin), params.locale as Locale, locals.t, params.category));
