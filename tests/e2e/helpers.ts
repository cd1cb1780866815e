import { expect, type Locator, type Page, type PageScreenshotOptions } from '@playwright/test';
import type { ParsedMail } from 'mailparser';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { seedDemo } from '../../db/seed/demo.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import { openDatabase, type Db } from '../../src/lib/db/index.ts';

/**
 * Screenshots are for people to open and look at (`npm run test:screenshots` takes them, into
 * tests/e2e/screenshots/); they check nothing, so `npm test` skips them: ~200 full pages a run.
 */
export async function screenshot(target: Page | Locator, options: PageScreenshotOptions): Promise<void> {
  if (!process.env.E2E_SCREENSHOTS) return;
  await ('goto' in target ? target.screenshot(options) : target.screenshot({ path: options.path }));
}

/** Console errors and uncaught exceptions of a page, collected from now on. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * axe-core over WCAG 2.1 A/AA and best-practice rules, on the whole page or on `include` (a CSS
 * selector); returns only serious and critical violations.
 *
 * axe runs in the page itself, injected once per document, and reports violations only.
 * @axe-core/playwright's AxeBuilder re-injects its 550 KB on every call and opens a second page
 * to finish the run: 1.2–4.7 s a check where this takes 0.1–0.6 s, and the suite checks ~250 times.
 * The pages have no frames to cross (the video kit makes its iframe only when clicked).
 */
export async function seriousViolations(page: Page, include?: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(
    async ({ include, tags }) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const results = await axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations;
    },
    { include, tags: axeTags },
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

export async function expectLangAndDir(page: Page, lang: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'fa' ? 'rtl' : 'ltr');
}

/**
 * The newest mail in the test server's outbox sent to `to`, read by a MIME parser (mailparser,
 * so multipart text + HTML mail works): subject, the text part, and the first link of the text part.
 */
export async function readMail(to: string, since = 0): Promise<{ subject: string; text: string; link: string }> {
  const { simpleParser } = await import('mailparser');
  const dir = 'data/e2e-outbox';
  const recipients = (mail: ParsedMail) =>
    (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
      a.value.map((v) => v.address?.toLowerCase()),
    );
  for (let attempt = 0; attempt < 50; attempt++) {
    const files = (() => {
      try {
        return readdirSync(dir)
          .map((f) => `${dir}/${f}`)
          .filter((f) => statSync(f).mtimeMs >= since)
          .sort()
          .reverse();
      } catch {
        return [];
      }
    })();
    for (const file of files) {
      const raw = readFileSync(file);
      // Cheap test first: the address is plain ASCII in the To header of a mail to it.
      if (!raw.toString('latin1').toLowerCase().includes(to.toLowerCase())) continue;
      const mail = await simpleParser(raw);
      if (!recipients(mail).includes(to.toLowerCase())) continue;
      // Notification mail (List-Unsubscribe) to a demo account is not the account mail looked for here.
      if (mail.headerLines.some((h) => h.key === 'list-unsubscribe')) continue;
      const text = mail.text ?? '';
      return { subject: mail.subject ?? '', text, link: text.match(/https?:\/\/\S+/)?.[0] ?? '' };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No mail to ${to} in ${dir}`);
}

export const demoPasswords = {
  member: 'demo-member-pass',
  writer: 'demo-writer-pass',
  moderator: 'demo-moderator-pass',
  admin: 'demo-admin-pass',
} as const;

/** Signs the page's browser context in as a demo account (the session cookie lands in the context). */
export async function signInAs(page: Page, baseURL: string, who: keyof typeof demoPasswords): Promise<void> {
  const response = await page.request.post('/en/account/signin/', {
    form: { email: `${who}@pasokh.example`, password: demoPasswords[who] },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${who}`).toBe(303);
}

/** Runs `run` on the e2e server's database (data/e2e.db), closing it after. */
export async function withDb<T>(run: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const db = openDatabase('data/e2e.db');
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}

/** Every spec signs up from the same address, and sign-up allows 10 an hour per address: the
 * tests that sign up start this address's hour over. */
export async function forgetSignUpLimits(): Promise<void> {
  await withDb((db) => db.deleteFrom('rate_limits').where('key', 'like', 'signup:%').execute());
}

/** Search events are limited per address (60 a minute) and the golden set alone sends 78: the
 * tests that check an event is recorded start this address's minute over. */
export async function forgetSearchEventLimits(): Promise<void> {
  await withDb((db) => db.deleteFrom('rate_limits').where('key', 'like', 'search-events:%').execute());
}

/** The user with this address as a session would give them to lib/ (for a spec acting through lib/ directly). */
export async function sessionUserByEmail(db: Db, email: string): Promise<SessionUser> {
  const u = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return {
    id: u.id,
    email: u.email,
    emailVerified: true,
    displayName: u.display_name,
    role: u.role,
    trustLevel: u.trust_level,
    locale: u.locale,
    suspendedUntil: u.suspended_until,
    silencedUntil: u.silenced_until,
  };
}

/** An open thread (English unless asked) that no test hides, locks or slows. */
export async function openThread(locale: 'fa' | 'ru' | 'en' = 'en'): Promise<string> {
  const row = await withDb((db) =>
    db
      .selectFrom('threads')
      .select(['id', 'slug'])
      .where('locale', '=', locale)
      .where('hidden_at', 'is', null)
      .where('deleted_at', 'is', null)
      .where('held_at', 'is', null)
      .where('state', '!=', 'locked')
      .where('slow_mode_minutes', '=', 0)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow(),
  );
  return `/${locale}/community/t/${row.id}/${encodeURIComponent(row.slug)}/`;
}

/**
 * A production server's database for the specs that start their own (production never seeds): the
 * tables and the suite's spam settings (prepare-db.ts), the demo, and the path of an open English
 * thread that takes replies.
 */
export async function prepareDemoSite(settings: NodeJS.ProcessEnv, location: string): Promise<string> {
  const prepared = spawnSync(process.execPath, ['tests/e2e/prepare-db.ts'], { env: settings, encoding: 'utf8' });
  expect(prepared.status, prepared.stderr).toBe(0);
  const db = openDatabase(location);
  try {
    await seedDemo(db);
    const row = await db
      .selectFrom('threads')
      .select(['id', 'slug'])
      .where('locale', '=', 'en')
      .where('hidden_at', 'is', null)
      .where('state', '!=', 'locked')
      .where('slow_mode_minutes', '=', 0)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    return `/en/community/t/${row.id}/${encodeURIComponent(row.slug)}/`;
  } finally {
    await db.destroy();
  }
}
