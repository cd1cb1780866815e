// Search analytics: validating and storing what the browser reports, and the counts writers
// need (zero-result queries per locale per day). The report UI arrives with the dashboard.
import { z } from 'astro/zod';
import type { Db } from '../db/index.ts';
import { locales } from '../../i18n/locales.ts';
import { normalize } from '../search/normalize.ts';
import { cleanUserText } from '../text.ts';

export const searchEventSchema = z.strictObject({
  locale: z.enum(locales),
  // Shown again in the writers' search report: no bidi overrides, no control characters.
  query: z.string().overwrite(cleanUserText).trim().min(1).max(200),
  normalized: z.string().max(400).optional(),
  results: z.number().int().min(0).max(100_000),
  clickedUrl: z
    .string()
    .max(500)
    .regex(/^\/(fa|ru|en)\/[^\s]*$/)
    .optional(),
  clickedRank: z.number().int().min(1).max(1000).optional(),
});
export type SearchEvent = z.infer<typeof searchEventSchema>;

export async function recordSearchEvent(db: Db, event: SearchEvent, now = Date.now()): Promise<void> {
  await db
    .insertInto('search_events')
    .values({
      locale: event.locale,
      query: event.query,
      // Recomputed here: the browser's copy is a hint, the server's rules are the record.
      normalized: normalize(event.locale, event.query),
      result_count: event.results,
      clicked_url: event.clickedUrl ?? null,
      clicked_rank: event.clickedUrl ? (event.clickedRank ?? null) : null,
      day: new Date(now).toISOString().slice(0, 10),
      created_at: now,
    })
    .execute();
}

/** Zero-result searches per locale and UTC day, within [fromDay, toDay]. */
export async function zeroResultCounts(db: Db, fromDay: string, toDay: string) {
  return db
    .selectFrom('search_events')
    .select(['locale', 'day', (eb) => eb.fn.countAll<number>().as('count')])
    .where('result_count', '=', 0)
    .where('clicked_url', 'is', null)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy(['locale', 'day'])
    .orderBy('day')
    .orderBy('locale')
    .execute();
}
