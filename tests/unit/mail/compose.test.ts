// Every mail the app sends is text plus HTML, in the reader's language and direction, with every
// user-written byte escaped in the HTML. Read back from the .eml the outbox writes, through a
// real MIME parser, as a mail client would.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { requestPasswordReset, signUp } from '../../../src/lib/auth/accounts.ts';
import { confirmationMail, supportMail, type RequestForDelivery } from '../../../src/lib/contact/outbox.ts';
import { outboxMailer } from '../../../src/lib/mail/index.ts';
import { useTranslations } from '../../../src/i18n/index.ts';
import naughty from '../../fixtures/blns.json' with { type: 'json' };
import { testDb } from '../helpers.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function outbox() {
  const dir = mkdtempSync(join(tmpdir(), 'mail-'));
  dirs.push(dir);
  return {
    mailer: outboxMailer(dir, () => {}),
    async only(): Promise<ParsedMail> {
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      return simpleParser(readFileSync(join(dir, files[0]!)));
    },
  };
}

/** What is left of the HTML once the few tags the templates write are taken out: no markup may remain. */
const foreignMarkup = (html: string) =>
  html
    .replace(/<!DOCTYPE html>|<\/?(?:html|head|meta|title|body|div|p|br|bdi|a)(?:\s+[a-z-]+="[^"<>]*")*\s*>/g, '')
    .match(/[<>]/g) ?? [];

const HOSTILE_NAME = '<img src=x onerror=alert(1)> & "Co"';

describe('transactional mail', () => {
  it('fa verification: multipart text + HTML, rtl and lang=fa, localized, the name escaped, the link in both parts', async () => {
    const box = outbox();
    const db = await testDb();
    const result = await signUp(
      { db, mailer: box.mailer, origin: 'https://help.example' },
      {
        email: 'new@example.com',
        username: 'new_member',
        name: HOSTILE_NAME,
        password: 'correct horse battery staple',
        locale: 'fa',
      },
    );
    expect(result.ok).toBe(true);
    const mail = await box.only();
    const { t } = useTranslations('fa');
    expect(mail.subject).toBe(t('mail.verify.subject'));
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    const link = mail.text!.match(/https:\/\/\S+/)?.[0];
    expect(link).toMatch(/^https:\/\/help\.example\/fa\/account\/verify\/\?token=/);
    expect(mail.text).toContain(HOSTILE_NAME);
    const html = mail.html as string;
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('<div lang="fa" dir="rtl"');
    expect(html).toContain(`<a href="${link}" dir="ltr">`);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    expect(html).not.toContain('<img');
    expect(foreignMarkup(html)).toEqual([]);
    // No remote images, no stylesheets: it reads the same in a client that shows no CSS.
    expect(html).not.toMatch(/<(link|style|img|script)\b/i);
  });

  it('ru reset: lang=ru, ltr, Russian text in both parts', async () => {
    const box = outbox();
    const db = await testDb();
    // The sign-up's own verification mail goes to an outbox of its own; only the reset mail is read.
    await signUp(
      { db, mailer: outbox().mailer, origin: 'https://help.example' },
      {
        email: 'ivan@example.com',
        username: 'ivan',
        name: 'Иван',
        password: 'correct horse battery staple',
        locale: 'ru',
      },
    );
    await requestPasswordReset(
      { db, mailer: box.mailer, origin: 'https://help.example' },
      { email: 'ivan@example.com', locale: 'ru' },
    );
    const mail = await box.only();
    expect(mail.subject).toBe('Сброс пароля Pasokh');
    expect(mail.text).toMatch(/^Здравствуйте, Иван/);
    expect(mail.html).toContain('<html lang="ru" dir="ltr">');
    expect(mail.html).toContain('<bdi>Иван</bdi>');
    expect(mail.text!.match(/https:\/\/\S+/)?.[0]).toMatch(/\/ru\/account\/reset\/\?token=/);
  });

  const request = (over: Partial<RequestForDelivery> = {}): RequestForDelivery => ({
    id: 1,
    reference: 'PSK-7K3M-Q9XD',
    locale: 'fa',
    email: 'member@example.com',
    subject: 'فاکتور <script>alert("x")</script>',
    description: 'سلام\n\n<a href="https://evil.example">click</a> & <b>bold</b>',
    user_id: 1,
    created_at: Date.UTC(2026, 11, 1),
    flow_id: null,
    ...over,
  });

  it('contact confirmation to a verified member: their subject comes back escaped, rtl', async () => {
    const box = outbox();
    await box.mailer.send(confirmationMail(request(), 'https://help.example', { verifiedEmail: 'member@example.com' }));
    const mail = await box.only();
    expect(mail.subject).toContain('PSK-7K3M-Q9XD');
    expect(mail.text).toContain('فاکتور <script>alert("x")</script>');
    expect(mail.html).toContain('<html lang="fa" dir="rtl">');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(foreignMarkup(mail.html as string)).toEqual([]);
  });

  it('support team copy: the description as written in the text, escaped in the HTML', async () => {
    const box = outbox();
    await box.mailer.send(supportMail(request(), 'support@example.com', 'key-1', []));
    const mail = await box.only();
    expect(mail.text).toContain('<a href="https://evil.example">click</a> & <b>bold</b>');
    expect(mail.html).toContain(
      '&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(mail.html).toContain('<p dir="auto">');
    expect(foreignMarkup(mail.html as string)).toEqual([]);
  });

  it('no naughty string becomes markup in any template', async () => {
    const { localizedMail } = await import('../../../src/lib/mail/compose.ts');
    for (const value of naughty as string[]) {
      for (const locale of ['fa', 'ru', 'en'] as const) {
        const mail = localizedMail(locale, 'mail.contact.subject', 'mail.contact.body', {
          reference: 'PSK-0000-0000',
          subject: value,
          link: 'https://help.example/',
        });
        expect(foreignMarkup(mail.html), value).toEqual([]);
      }
    }
  });
});
