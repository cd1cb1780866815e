// Weekly review reminders: each owner (frontmatter `owner`, the username of a writer or admin)
// gets one mail per ISO week listing their published articles past their `reviewBy` date or whose
// helpful share fell below the threshold over the last 30 days; nobody gets one when nothing is
// due. The delivery worker of every serving process runs reviewReminderRound in its loop: at most
// once an hour it plans the week's reminders (one INSERT per owner with something due; the UNIQUE
// (user_id, week) row decides, so several processes and hosts plan at once and one row wins),
// and in every round it sends the planned ones through the weekly mail queue the digest also
// uses (src/lib/mail/weekly.ts: claims, a lease, retries with a doubling pause).
import {
  formatDate,
  intlTag,
  isLocale,
  localeNames,
  numberFormat,
  useTranslations,
  type Locale,
} from '../../i18n/index.ts';
import { usernameSkeleton } from '../auth/usernames.ts';
import type { Db } from '../db/index.ts';
import { mailHtml, templateBlocks, type Block, type MailContent } from '../mail/compose.ts';
import type { Mailer } from '../mail/index.ts';
import { isoWeek, sendWeeklyMails, weeklyMailRound } from '../mail/weekly.ts';
import { articleUrl } from './articles.ts';
import { isPastReview, statusRows, type StatusGroup } from './status.ts';
import { isLowHelpful, recentHelpfulness, type HelpfulFigure } from './status-view.ts';

export interface ReminderItem {
  id: string;
  locale: Locale;
  title: string;
  /** The article's path on the site. */
  path: string;
  /** Its review date, when that has passed. */
  reviewBy?: string | undefined;
  /** Its helpful share over the last 30 days, when that is low. */
  helpful?: { percent: number; votes: number } | undefined;
}

/** What each owner (as written in the articles) has due: published articles past review or with a low helpful share. */
export function dueByOwner(
  groups: readonly StatusGroup[],
  helpfulness: ReadonlyMap<string, HelpfulFigure>,
  today: string,
): Map<string, ReminderItem[]> {
  const due = new Map<string, ReminderItem[]>();
  for (const row of statusRows(groups, today)) {
    const article = row.article;
    // A draft has no page to link to and no readers to vote.
    if (!article?.owner || article.draft) continue;
    const figure = helpfulness.get(article.id);
    const late = isPastReview(article, today);
    const low = isLowHelpful(figure);
    if (!late && !low) continue;
    const item: ReminderItem = {
      id: article.id,
      locale: article.locale,
      title: article.title,
      path: articleUrl(article),
      reviewBy: late ? article.reviewBy : undefined,
      helpful: low ? { percent: figure!.percent!, votes: figure!.votes } : undefined,
    };
    due.set(article.owner, [...(due.get(article.owner) ?? []), item]);
  }
  return due;
}

/**
 * Plans this week's reminders: one row per writer or admin with something due who has none this
 * week yet. Returns how many rows this call added (0 when another process planned them first).
 */
export async function planReviewReminders(db: Db, groups: readonly StatusGroup[], now = Date.now()): Promise<number> {
  const today = new Date(now).toISOString().slice(0, 10);
  const owned = groups.some((g) => Object.values(g.cells).some((c) => c.article?.owner && !c.article.draft));
  if (!owned) return 0;
  const due = dueByOwner(groups, await recentHelpfulness(db, now), today);
  if (!due.size) return 0;
  const bySkeleton = new Map<string, ReminderItem[]>();
  for (const [owner, items] of due) {
    const skeleton = usernameSkeleton(owner);
    bySkeleton.set(skeleton, [...(bySkeleton.get(skeleton) ?? []), ...items]);
  }
  const users = await db
    .selectFrom('users')
    .select(['id', 'username_skeleton'])
    .where('username_skeleton', 'in', [...bySkeleton.keys()])
    .where('role', 'in', ['writer', 'admin'])
    .execute();
  const week = isoWeek(now);
  let planned = 0;
  for (const user of users) {
    const result = await db
      .insertInto('review_reminders')
      .values({
        user_id: user.id,
        week,
        items: JSON.stringify(bySkeleton.get(user.username_skeleton)),
        next_attempt_at: now,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['user_id', 'week']).doNothing())
      .executeTakeFirst();
    planned += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return planned;
}

/** The reminder in the owner's language: a plain-text part and an HTML part (rtl for Persian). */
export function reminderMail(
  locale: Locale,
  input: { name: string; username: string; items: readonly ReminderItem[]; origin: string },
): MailContent {
  const { t, tp } = useTranslations(locale);
  const percent = (value: number) =>
    numberFormat(intlTag(locale), { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
  const reasons = (item: ReminderItem) =>
    [
      item.reviewBy &&
        t('mail.review.pastReview', { date: formatDate(locale, new Date(`${item.reviewBy}T00:00:00Z`)) }),
      item.helpful &&
        t('mail.review.lowHelpful', {
          percent: percent(item.helpful.percent),
          votes: tp('admin.votesCount', item.helpful.votes),
        }),
    ]
      .filter(Boolean)
      .join(t('mail.review.and'));
  const subject = tp('mail.review.subject', input.items.length);
  const statusLink = `${input.origin}/admin/content/?owner=${encodeURIComponent(input.username)}&lang=${locale}`;
  const greeting = t('mail.review.greeting', { name: input.name });
  const items = input.items.map((item) => ({
    title: item.title,
    language: localeNames[item.locale],
    reasons: reasons(item),
    link: `${input.origin}${item.path}`,
  }));
  const text = [
    greeting,
    t('mail.review.intro'),
    ...items.map((i) => `• «${i.title}» (${i.language})\n  ${i.reasons}\n  ${i.link}`),
    `${t('mail.review.all')}\n${statusLink}`,
    t('mail.review.footer'),
  ].join('\n\n');
  const blocks: Block[] = [
    // The name is the owner's own writing: isolated, and escaped like every value.
    ...templateBlocks(t('mail.review.greeting'), { name: input.name }),
    { lines: [[t('mail.review.intro')]] },
    ...items.map((i): Block => ({
      lines: [['• «', { value: i.title }, `» (${i.language})`], [i.reasons], [{ link: i.link }]],
    })),
    { lines: [[t('mail.review.all')], [{ link: statusLink }]] },
    { lines: [[t('mail.review.footer')]] },
  ];
  return { subject, text: `${text}\n`, html: mailHtml(locale, subject, blocks) };
}

/** Sends the planned reminders that are due (src/lib/mail/weekly.ts); returns how many it claimed. */
export function sendReviewReminders(
  deps: { db: Db; mailer: Mailer; origin: string },
  options: { now?: number; limit?: number; log?: (line: string) => void } = {},
): Promise<number> {
  return sendWeeklyMails(
    deps.db,
    'review_reminders',
    async (reminder) => {
      const user = await deps.db
        .selectFrom('users')
        .select(['email', 'display_name', 'username', 'locale'])
        .where('id', '=', reminder.user_id)
        .executeTakeFirstOrThrow();
      const locale = isLocale(user.locale) ? user.locale : 'fa';
      const mail = reminderMail(locale, {
        name: user.display_name,
        username: user.username,
        items: JSON.parse(reminder.items) as ReminderItem[],
        origin: deps.origin,
      });
      await deps.mailer.send({ to: user.email, ...mail });
      return 'sent';
    },
    { limit: 10, ...options, label: 'review reminders' },
  );
}

/** The reminders' round of the delivery worker's loop (src/cli/serve-site.ts). */
export function reviewReminderRound(deps: {
  db: Db;
  mailer: Mailer;
  origin: string;
  /** The build's translation status (src/lib/content/built-articles.ts). */
  status: () => Promise<{ groups: StatusGroup[] }>;
  log?: (line: string) => void;
  everyMs?: number;
}): () => Promise<number> {
  return weeklyMailRound({
    label: 'review reminders',
    plan: async (now) => planReviewReminders(deps.db, (await deps.status()).groups, now),
    send: () => sendReviewReminders(deps, { log: deps.log }),
    log: deps.log,
    everyMs: deps.everyMs,
  });
}
