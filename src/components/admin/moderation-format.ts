// Words for the moderation screens that are codes in the data: an audit row's reason is the
// moderator's own text, except for the system's rows (a flag reason code when flags hid a post,
// a hold reason when a post was held), which read in the viewer's language.
import { useTranslations, type Locale } from '@/i18n/index.ts';
import { isFlagReason } from '@/lib/moderation/flags.ts';

export function auditReason(locale: Locale, action: string, reason: string | null): string | null {
  if (reason === null) return null;
  const { t } = useTranslations(locale);
  if (action === 'system.flagHide' && isFlagReason(reason)) return t(`forum.flag.reason.${reason}`);
  if (action === 'system.hold' && (reason === 'newUser' || reason === 'watchedWord'))
    return t(`mod.queue.heldReason.${reason}`);
  return reason;
}

/**
 * The watched words a held post matched, each once, in the order they first matched: a post
 * that repeats a word (or writes it once joined and once apart) still has one reason per word.
 */
export function matchedWords(data: Record<string, unknown> | null | undefined): string[] {
  const matches = data?.matches;
  if (!Array.isArray(matches)) return [];
  const words = matches.map((m) => String((m as { word?: unknown } | null)?.word ?? '')).filter(Boolean);
  return [...new Set(words)];
}
