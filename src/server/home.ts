// The help center's home, what it shows (src/pages/[locale]/index.astro): the article topics and
// the locale's articles, the five updated last with their dates, and the community's recently
// solved threads with their categories.
import { formatDate, type Locale, type useTranslations } from '@/i18n/index.ts';
import { recentlyUpdated } from '@/lib/content/articles.ts';
import { categoryLinks, listCategories } from '@/lib/forum/categories.ts';
import { recentSolvedThreads } from '@/lib/forum/threads.ts';
import { getArticles, getCategories } from './content.ts';
import { getDb } from './context.ts';

export async function homePage(locale: Locale, t: ReturnType<typeof useTranslations>['t']) {
  const db = getDb();
  const [articles, categories, solved, forumCategories] = await Promise.all([
    getArticles(),
    getCategories(),
    recentSolvedThreads(db, locale),
    listCategories(db, locale),
  ]);
  const inLocale = articles.filter((a) => a.locale === locale);
  const recent = recentlyUpdated(inLocale, 5);
  return {
    categories,
    inLocale,
    recent,
    recentMeta: Object.fromEntries(
      recent.map((a) => [a.id, t('article.updated', { date: formatDate(locale, a.updated) })]),
    ),
    solved,
    forumCategoryMap: categoryLinks(forumCategories),
  };
}
