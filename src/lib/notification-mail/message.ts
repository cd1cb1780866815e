// The notification mail itself, in the member's language: what happened (one part per
// notification, each with the post's text as a plain-text excerpt and a link to the post), why
// the member gets it, and where to change that. Built as blocks (../mail/compose.ts), so the
// text and HTML parts say the same and every user-written value (names, titles, excerpts, a
// moderator's reason) is escaped and isolated for bidi in the HTML; right to left for fa.
import { useTranslations, type Locale, type PluralKey } from '../../i18n/index.ts';
import type { MailKind, NotificationKind } from '../db/schema.ts';
import type { MailMessage } from '../mail/index.ts';
import { blocksText, mailHtml, type Block, type Inline } from '../mail/compose.ts';
import { moderationNoticeText } from '../forum/notification-text.ts';
import { isModerationKind } from '../forum/notifications.ts';
import { postPath, threadPath } from '../forum/urls.ts';

/** Characters of a post shown in the mail; the rest is on the site. */
export const EXCERPT_LENGTH = 280;

export interface MailItem {
  kind: MailKind;
  notificationKind: NotificationKind;
  thread: { id: number; locale: string; slug: string; title: string } | null;
  postNumber: number | null;
  actorName: string | null;
  /** The post's text as plain text (never its HTML). */
  text: string | null;
  reason: string | null;
}

export interface NotificationMailInput {
  locale: Locale;
  to: string;
  name: string;
  items: MailItem[];
  daily: boolean;
  origin: string;
  /** The signed token of ./unsubscribe.ts for the kinds in `items`. */
  token: string;
  /** An address that takes unsubscribe requests by mail, when the site has one. */
  unsubscribeMailto?: string | undefined;
}

/** The first EXCERPT_LENGTH characters, cut at a space when there is one near the end. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const chars = [...text.replace(/\s+/gu, ' ').trim()];
  if (chars.length <= length) return chars.join('');
  const cut = chars.slice(0, length).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > length * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** One line from a message template: `{name}` becomes its value (escaped and isolated in the HTML part). */
export const line = (template: string, values: Record<string, Inline>): Inline[] =>
  template
    .split(/(\{\w+\})/)
    .filter(Boolean)
    .map((part) => values[/^\{(\w+)\}$/.exec(part)?.[1] ?? ''] ?? part);

export function notificationMessage(input: NotificationMailInput): MailMessage {
  const { t, tp } = useTranslations(input.locale);
  const link = (path: string) => ({ link: new URL(path, input.origin).href });
  const someone = t('forum.notifications.someone');
  const blocks: Block[] = [{ lines: [line(t('mail.notify.greeting'), { name: { value: input.name } })] }];

  for (const item of input.items) {
    const title = { value: item.thread?.title ?? '' };
    const actor = { value: item.actorName ?? someone };
    const headline = isModerationKind(item.notificationKind)
      ? [moderationNoticeText(t, item.notificationKind, item.reason)]
      : line(t(`mail.notify.item.${item.notificationKind as 'reply' | 'mention' | 'accepted'}`), { actor, title });
    blocks.push({ lines: [headline] });
    // A moderator's own words (a flag reason is already in the sentence), as the notifications page shows them.
    if (item.reason && isModerationKind(item.notificationKind) && item.notificationKind !== 'mod.flaggedHidden')
      blocks.push({
        lines: [line(t('forum.notifications.mod.reason'), { reason: { value: item.reason } })],
        dir: 'auto',
      });
    if (item.text) blocks.push({ lines: [[{ value: excerpt(item.text) }]], dir: 'auto' });
    if (item.thread)
      blocks.push({
        lines: [[link(item.postNumber ? postPath(item.thread, item.postNumber) : threadPath(item.thread))]],
      });
  }

  const kinds = [...new Set(input.items.map((i) => i.kind))];
  const prefsLink = link(`/${input.locale}/account/email/`);
  const unsubscribeLink = link(`/${input.locale}/account/unsubscribe/?token=${input.token}`);
  blocks.push({
    lines: [
      ['—'],
      ...(input.daily ? [[t('mail.notify.why.daily')]] : kinds.map((k) => [t(`mail.notify.why.${k}`)])),
      line(t('mail.notify.prefs'), { link: prefsLink }),
      line(t('mail.notify.unsubscribe'), { link: unsubscribeLink }),
    ],
  });

  const subject = subjectOf(input, t, tp, someone);
  return {
    to: input.to,
    subject,
    text: blocksText(blocks),
    html: mailHtml(input.locale, subject, blocks),
    headers: unsubscribeHeaders(input.origin, input.token, input.unsubscribeMailto),
  };
}

/** The headers of a mail a member can leave with one click (RFC 8058), with the token of ./unsubscribe.ts. */
export function unsubscribeHeaders(
  origin: string,
  token: string,
  unsubscribeMailto?: string | undefined,
): Record<string, string> {
  const oneClick = new URL(`/api/unsubscribe/?token=${token}`, origin).href;
  const mailto = unsubscribeMailto
    ? `, <mailto:${unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${token}`)}>`
    : '';
  return {
    'List-Unsubscribe': `<${oneClick}>${mailto}`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // RFC 3834: sent by a program, so auto-responders do not answer it.
    'Auto-Submitted': 'auto-generated',
  };
}

function subjectOf(
  input: NotificationMailInput,
  t: ReturnType<typeof useTranslations>['t'],
  tp: ReturnType<typeof useTranslations>['tp'],
  someone: string,
): string {
  const [first] = input.items;
  const count = input.items.length;
  const plural = (key: PluralKey, vars: Record<string, string> = {}) => tp(key, count, vars);
  if (input.daily) return plural('mail.notify.subject.daily');
  if (!first!.thread) return count > 1 ? plural('mail.notify.subject.notices') : t('mail.notify.subject.moderation');
  const title = first!.thread.title;
  if (count > 1) return plural('mail.notify.subject.thread', { title });
  const actor = first!.actorName ?? someone;
  if (first!.kind === 'moderation') return t('mail.notify.subject.moderation');
  return t(`mail.notify.subject.${first!.kind}`, { actor, title });
}
