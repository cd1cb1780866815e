// Weekly review reminders: each owner (frontmatter `owner`, the username of a writer or admin)
// gets one mail per ISO week listing their published articles past their `reviewBy` date or whose
// helpful share fell below the threshold over the last 30 days; nobody gets one when nothing is
// due. The delivery worker of every serving process runs reviewReminderRound in its loop: at most
// once an hour it plans the week's reminders (one INSERT per owner with something due; the UNIQUE
// (user_id, week) row decides, so several processes and hosts plan at once and one row wins),
// and in every round it sends the planned ones like the other outboxes (idClaimable, a lease,
// retries with a doubling pause). A crash between the mail server's acceptance and the row being
// marked sent sends that week's mail again once the lease runs out; nothing else does.
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
import { idClaimable, type Db } from '../db/index.ts';
import { mailHtml, templateBlocks, type Block, type MailContent } from '../mail/compose.ts';
import type { Mailer } from '../mail/index.ts';
import { articleUrl } from './articles.ts';
import { isPastReview, statusRows, type StatusGroup } from './status.ts';
import { isLowHelpful, recentHelpfulness, type HelpfulFigure } from './status-view.ts';

/** How often a process looks for reminders to plan. */
export const PLAN_EVERY_MS = 3_600_000;
/** How long a claimed reminder is held by the worker sending it (a crash frees it after this). */
const LEASE_MS = 600_000;
const RETRY_BASE_MS = 60_000;
const MAX_ATTEMPTS = 6;
const DAY_MS = 86_400_000;

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

/** The ISO 8601 week of an instant, in UTC: 2026-W49. Weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(ms: number): string {
  const date = new Date(ms);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
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

/**
 * Sends the planned reminders that are due; returns how many it claimed. The claim moves the
 * next attempt a lease ahead, so two workers never take the same row; sent rows stay (they are
 * what keeps a second mail from going out the same week).
 */
export async function sendReviewReminders(
  deps: { db: Db; mailer: Mailer; origin: string },
  options: { now?: number; limit?: number; log?: (line: string) => void } = {},
): Promise<number> {
  const { db } = deps;
  const now = options.now ?? Date.now();
  const due = db
    .selectFrom('review_reminders')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(options.limit ?? 10);
  const claimed = await db
    .updateTable('review_reminders')
    .set((eb) => ({ next_attempt_at: now + LEASE_MS, attempts: eb('attempts', '+', 1) }))
    .where(idClaimable(db, due))
    .returning(['id', 'user_id', 'items', 'attempts'])
    .execute();
  for (const reminder of claimed) {
    try {
      const user = await db
        .selectFrom('users')
        .select(['email', 'display_name', 'username', 'locale'])
        .where('id', '=', reminder.user_id)
        .executeTakeFirstOrThrow();
      const locale = isLocale(user.locale) ? user.locale : 'fa';
      const items = JSON.parse(reminder.items) as ReminderItem[];
      const mail = reminderMail(locale, {
        name: user.display_name,
        username: user.username,
        items,
        origin: deps.origin,
      });
      await deps.mailer.send({ to: user.email, ...mail });
      await db
        .updateTable('review_reminders')
        .set({ state: 'sent', sent_at: Date.now(), last_error: null })
        .where('id', '=', reminder.id)
        .execute();
    } catch (error) {
      const giveUp = reminder.attempts >= MAX_ATTEMPTS;
      options.log?.(
        `[review reminders] reminder ${reminder.id} attempt ${reminder.attempts} failed: ${String(error)}${giveUp ? ' — gave up' : ''}`,
      );
      await db
        .updateTable('review_reminders')
        .set({
          state: giveUp ? 'failed' : 'pending',
          next_attempt_at: now + RETRY_BASE_MS * 2 ** (reminder.attempts - 1),
          last_error: String(error).slice(0, 500),
        })
        .where('id', '=', reminder.id)
        .execute();
    }
  }
  return claimed.length;
}

/**
 * One round of the delivery worker's loop (src/cli/serve-site.ts): plans at most once per
 * PLAN_EVERY_MS (a cheap check the rest of the time), then sends what is due.
 */
export function reviewReminderRound(deps: {
  db: Db;
  mailer: Mailer;
  origin: string;
  /** The build's translation status (src/lib/content/built-articles.ts). */
  status: () => Promise<{ groups: StatusGroup[] }>;
  log?: (line: string) => void;
  everyMs?: number;
}): () => Promise<number> {
  let plannedAt = -Infinity;
  return async () => {
    const now = Date.now();
    if (now - plannedAt >= (deps.everyMs ?? PLAN_EVERY_MS)) {
      plannedAt = now;
      const planned = await planReviewReminders(deps.db, (await deps.status()).groups, now);
      if (planned) deps.log?.(`[review reminders] planned ${planned} for ${isoWeek(now)}`);
    }
    return sendReviewReminders(deps, { log: deps.log });
  };
}
