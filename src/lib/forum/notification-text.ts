// How the notifications page says each notification, in the reader's language: a forum
// notification is a sentence around the actor's name, a moderation notice one sentence per kind.
import type { useTranslations } from '../../i18n/index.ts';
import type { ModerationNotificationKind } from '../db/schema.ts';
import { isFlagReason } from '../moderation/flags.ts';

type Translate = ReturnType<typeof useTranslations>['t'];

/** The sentence of a reply in a watched thread, an accepted answer or a mention; `{name}` is the actor. */
export const sentenceKey = (kind: string) =>
  kind === 'accepted'
    ? 'forum.notifications.accepted'
    : kind === 'mention'
      ? 'forum.notifications.mention'
      : 'forum.notifications.reply';

// Moderation notices: one sentence per kind; a flag reason arrives as a code and is translated.
export const moderationNoticeText = (t: Translate, kind: ModerationNotificationKind, reason: string | null) =>
  t(`forum.notifications.${kind}`, {
    reason: reason && isFlagReason(reason) ? t(`mod.flagReason.${reason}`) : (reason ?? ''),
  });
