// What the specs of mail a member opts into share (notification mail, the weekly digest): a fresh
// member to sign in as, the mail to them in the e2e outbox, a header as written, and the page in
// every size and scheme for the screenshots.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import type { Locale } from '../../src/i18n/index.ts';
import { screenshot, withDb } from './helpers.ts';

const OUTBOX = 'data/e2e-outbox';
const SHOTS = 'tests/e2e/screenshots';
export const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** A new member at trust level 1 (a level-0 member's first posts wait for approval and notify nobody). */
export async function newMember(label: string, locale: Locale) {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const email = `${label}-${tag}@member-mail.example`;
  const password = `member-${tag}-pass`;
  const id = await withDb(async (db) => {
    const { id } = await createOrPromoteUser(db, {
      email,
      role: 'member',
      password,
      name: `${label} ${tag.slice(-5)}`,
      locale,
    });
    await db.updateTable('users').set({ trust_level: 1 }).where('id', '=', id).execute();
    return id;
  });
  return { id, email, password };
}

export async function signInMember(page: Page, baseURL: string, member: { email: string; password: string }) {
  const response = await page.request.post('/en/account/signin/', {
    form: { email: member.email, password: member.password },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}

/** The first mail to `to` written since `since` that `wanted` accepts, as parsed; waits up to `seconds`. */
export async function mailTo(
  to: string,
  since: number,
  wanted: (mail: ParsedMail) => boolean,
  seconds = 15,
): Promise<ParsedMail> {
  for (let attempt = 0; attempt < seconds * 10; attempt++) {
    const files = (() => {
      try {
        return readdirSync(OUTBOX).map((f) => `${OUTBOX}/${f}`);
      } catch {
        return [];
      }
    })().filter((f) => statSync(f).mtimeMs >= since);
    for (const file of files) {
      const raw = readFileSync(file);
      // Cheap test first: the address is plain ASCII in the To header of a mail to it.
      if (!raw.toString('latin1').toLowerCase().includes(to.toLowerCase())) continue;
      const mail = await simpleParser(raw);
      if (wanted(mail)) return mail;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No such mail to ${to} in ${OUTBOX}`);
}

/** A header as written in the message (mailparser rewrites List-* headers into its own shape). */
export function mailHeader(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name)?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** Screenshots of the page on desktop and phone, light and dark (only when screenshots are on). */
export async function screenshotSizes(page: Page, name: string) {
  if (!process.env.E2E_SCREENSHOTS) return;
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await screenshot(page, { path: `${SHOTS}/${name}-${viewport.name}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(viewports[0]);
}
