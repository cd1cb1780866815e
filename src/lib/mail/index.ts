// Outgoing mail behind one interface. Without SMTP_URL every message is written as an .eml file
// under data/outbox/ (and its links logged) so the demo works offline; with SMTP_URL it is sent
// by nodemailer. Both paths build the message with nodemailer, so what is filed is what is sent.
// Every message has a plain-text part and an HTML part (compose.ts builds both from one text).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { env, envSchema, type Env } from '../env.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header lines, as nodemailer takes them (List-Unsubscribe of notification mail). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function outboxMailer(
  directory = envSchema.OUTBOX_DIR.default,
  log: (line: string) => void = console.log,
  from = envSchema.MAIL_FROM.default,
): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      mkdirSync(directory, { recursive: true });
      const file = join(directory, `${Date.now()}-${info.messageId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 24)}.eml`);
      writeFileSync(file, info.message as Buffer);
      const links = message.text.match(/https?:\/\/\S+/g) ?? [];
      log(
        `[mail] to ${message.to}: "${message.subject}" → ${file}${links.length ? `\n[mail] link: ${links.join(' ')}` : ''}`,
      );
    },
  };
}

export function smtpMailer(url: string, from = envSchema.MAIL_FROM.default): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

export function mailerFromEnv(settings: Pick<Env, 'SMTP_URL' | 'OUTBOX_DIR' | 'MAIL_FROM'> = env()): Mailer {
  const { SMTP_URL, OUTBOX_DIR, MAIL_FROM } = settings;
  return SMTP_URL ? smtpMailer(SMTP_URL, MAIL_FROM) : outboxMailer(OUTBOX_DIR, console.log, MAIL_FROM);
}
