// Mail bodies: a plain-text part and a small HTML part built from the same words. The HTML is a
// bare document (no remote images, no stylesheet, a few inline styles a client may drop), so it
// reads the same without CSS; `lang`/`dir` are on <html> and again on the wrapper, since many
// clients keep only the body. Our own wording and every value are escaped: a display name or a
// subject written by a user can never become markup.
import { dirOf, useTranslations, type Locale, type MessageKey } from '../../i18n/index.ts';

/** A piece of a line: our text, a value someone typed (isolated for bidi), or a link. */
export type Inline = string | { value: string } | { link: string };

export interface Block {
  lines: Inline[][];
  /** `auto` for paragraphs that are wholly user-written, so each reads in its own direction. */
  dir?: 'auto';
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function inlineHtml(piece: Inline): string {
  if (typeof piece === 'string') return escapeHtml(piece);
  if ('value' in piece) return `<bdi>${escapeHtml(piece.value)}</bdi>`;
  // A URL reads left to right inside a Persian sentence too; only http(s) links are links.
  return /^https?:\/\//.test(piece.link)
    ? `<a href="${escapeHtml(piece.link)}" dir="ltr">${escapeHtml(piece.link)}</a>`
    : escapeHtml(piece.link);
}

/** The plain-text part of the same blocks: values and links as they are, a blank line between blocks. */
export function blocksText(blocks: Block[]): string {
  const piece = (p: Inline) => (typeof p === 'string' ? p : 'value' in p ? p.value : p.link);
  return `${blocks.map((b) => b.lines.map((line) => line.map(piece).join('')).join('\n')).join('\n\n')}\n`;
}

/** The HTML part: one <p> per block, <br> between its lines. */
export function mailHtml(locale: Locale, title: string, blocks: Block[]): string {
  const dir = dirOf(locale);
  const font = locale === 'fa' ? 'Tahoma, Vazirmatn, Arial, sans-serif' : 'Arial, Helvetica, sans-serif';
  const paragraphs = blocks.map(
    (b) =>
      `<p${b.dir ? ` dir="${b.dir}"` : ''}>${b.lines.map((line) => line.map(inlineHtml).join('')).join('<br>\n')}</p>`,
  );
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="${dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body>',
    `<div lang="${locale}" dir="${dir}" style="max-width: 36em; margin: 0 auto; padding: 16px; font-family: ${font}; font-size: 16px; line-height: 1.6;">`,
    ...paragraphs,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Cuts a message template into blocks: blank lines part paragraphs, `{name}` becomes its value. */
export function templateBlocks(
  template: string,
  vars: Record<string, string>,
  linkVars: readonly string[] = ['link'],
): Block[] {
  return template
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => ({
      lines: paragraph.split('\n').map((line) =>
        line
          .split(/(\{\w+\})/)
          .filter(Boolean)
          .map((part): Inline => {
            const name = /^\{(\w+)\}$/.exec(part)?.[1];
            const value = name === undefined ? undefined : vars[name];
            if (value === undefined) return part;
            return linkVars.includes(name!) ? { link: value } : { value };
          }),
      ),
    }));
}

/** A mail in the reader's language from `<key>.subject` and a body key, with the same values in both parts. */
export function localizedMail(
  locale: Locale,
  subjectKey: MessageKey,
  bodyKey: MessageKey,
  vars: Record<string, string>,
  linkVars: readonly string[] = ['link'],
): MailContent {
  const { t } = useTranslations(locale);
  const subject = t(subjectKey, vars);
  // t() with no values gives the template with its placeholders, which the HTML fills escaped.
  return {
    subject,
    text: t(bodyKey, vars),
    html: mailHtml(locale, subject, templateBlocks(t(bodyKey), vars, linkVars)),
  };
}
