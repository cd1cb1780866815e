// The weekly digest mail, in the member's language: the threads solved and the articles published
// or updated in the categories they follow, each with its link, then why they get it, where to
// change that and a one-click way out. Built from the notification mail's blocks and headers
// (../notification-mail/message.ts, ../mail/compose.ts), so titles are escaped and isolated in the
// HTML, fa reads right to left with Persian digits and Solar Hijri dates.
import { formatDate, useTranslations, type Locale } from '../../i18n/index.ts';
import { blocksText, mailHtml, type Block } from '../mail/compose.ts';
import type { MailMessage } from '../mail/index.ts';
import { line, unsubscribeHeaders } from '../notification-mail/message.ts';
import type { DigestItems } from './plan.ts';

export interface DigestMailInput {
  locale: Locale;
  to: string;
  name: string;
  items: DigestItems;
  origin: string;
  /** The signed token of ../notification-mail/unsubscribe.ts for the kind `digest`. */
  token: string;
  unsubscribeMailto?: string | undefined;
}

export function digestMessage(input: DigestMailInput): MailMessage {
  const { t, tp } = useTranslations(input.locale);
  const link = (path: string) => ({ link: new URL(path, input.origin).href });
  const date = (ms: number) => formatDate(input.locale, new Date(ms));
  const blocks: Block[] = [
    { lines: [line(t('mail.notify.greeting'), { name: { value: input.name } })] },
    { lines: [[t('mail.digest.intro')]] },
  ];
  const { threads, articles } = input.items;
  if (threads.length) {
    blocks.push({ lines: [[t('mail.digest.solved')]] });
    for (const thread of threads)
      blocks.push({
        lines: [
          ['• «', { value: thread.title }, '»'],
          [t('mail.digest.solvedOn', { date: date(thread.solvedAt) })],
          [link(thread.path)],
        ],
      });
  }
  if (articles.length) {
    blocks.push({ lines: [[t('mail.digest.articles')]] });
    for (const article of articles)
      blocks.push({
        lines: [
          ['• «', { value: article.title }, '»'],
          [t('mail.digest.updatedOn', { date: date(Date.parse(article.updated)) })],
          [link(article.path)],
        ],
      });
  }
  blocks.push({
    lines: [
      ['—'],
      [t('mail.digest.why')],
      line(t('mail.notify.prefs'), { link: link(`/${input.locale}/account/email/`) }),
      line(t('mail.digest.unsubscribe'), {
        link: link(`/${input.locale}/account/unsubscribe/?token=${input.token}`),
      }),
    ],
  });
  const subject = tp('mail.digest.subject', threads.length + articles.length);
  return {
    to: input.to,
    subject,
    text: blocksText(blocks),
    html: mailHtml(input.locale, subject, blocks),
    headers: unsubscribeHeaders(input.origin, input.token, input.unsubscribeMailto),
  };
}
