// Times in forum pages: "3 days ago" in the reader's language (Persian digits for fa), with the
// full date and time (Solar Hijri for fa) for a title and the ISO form for <time datetime>.
import { threadListKinds, type ThreadListKind } from '@/lib/forum/threads.ts';
import {
  dateTimeFormat,
  intlTag,
  messages,
  relativeTimeFormat,
  useTranslations,
  type Locale,
  type PluralKey,
} from '@/i18n/index.ts';
import type { MentionStrings } from './mention-autocomplete.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(locale: Locale, at: number, now = Date.now()): string {
  const rtf = relativeTimeFormat(intlTag(locale), { numeric: 'auto' });
  const diff = at - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return rtf.format(0, 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  if (abs < 30 * DAY) return rtf.format(Math.round(diff / DAY), 'day');
  return dateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

export function fullDateTime(locale: Locale, at: number): string {
  return dateTimeFormat(intlTag(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at);
}

export const isoTime = (at: number) => new Date(at).toISOString();

/** A plural message's forms as JSON, for the page script to count in the reader's language. */
export function pluralForms(locale: Locale, key: PluralKey): string {
  return JSON.stringify(messages[locale][key] ?? messages.en[key]);
}

/** `?list=` as a list kind; anything else is the default list. */
export function listKind(value: string | null): ThreadListKind {
  return (threadListKinds as readonly string[]).includes(value ?? '') ? (value as ThreadListKind) : 'latest';
}

/** Threads per page of a list. */
export const LIST_SIZE = 20;

/** The @-autocomplete's words (src/components/forum/mention-autocomplete.ts), for a textarea's data-mentions. */
export function mentionStrings(locale: Locale): string {
  const { t } = useTranslations(locale);
  return JSON.stringify({
    label: t('forum.mention.listLabel'),
    count: t('forum.mention.count'),
    none: t('forum.mention.none'),
  } satisfies MentionStrings);
}
