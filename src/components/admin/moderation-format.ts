// Words for the moderation screens that are codes in the data: an audit row's reason is the
// moderator's own text, except for the system's rows (a flag reason code when flags hid a post,
// a hold reason when a post was held), which read in the viewer's language.
import { useTranslations, type Locale } from '../../i18n/index.ts';
import { isFlagReason } from '../../lib/moderation/flags.ts';

export function auditReason(locale: Locale, action: string, reason: string | null): string | null {
  if (reason === null) return null;
  const { t } = useTranslations(locale);
  if (action === 'system.flagHide' && isFlagReason(reason)) return t(`forum.flag.reason.${reason}`);
  if (action === 'system.hold' && (reason === 'newUser' || reason === 'watchedWord')) return t(`mod.queue.heldReason.${reason}`);
  return reason;
}
