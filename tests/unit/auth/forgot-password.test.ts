// Forgot password answers the same, with the same work, for known and unknown addresses; the
// reset mail leaves afterwards from the delivery worker (issue 21, point 8).
import { afterEach, describe, expect, it } from 'vitest';
import { sendAccountMails } from '../../../src/lib/auth/account-mail.ts';
import { signUp, verifyEmail } from '../../../src/lib/auth/accounts.ts';
import { runForgotPasswordForm } from '../../../src/lib/auth/forgot-form.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import type { Mailer } from '../../../src/lib/mail/index.ts';
import { memoryMailer, testDb } from '../helpers.ts';

const ORIGIN = 'https://help.example.com';
let db: Db;
afterEach(async () => db?.destroy());

async function withMember(): Promise<Db> {
  db = await testDb();
  const mailer = memoryMailer();
  await signUp(
    { db, mailer, origin: ORIGIN },
    {
      email: 'known@example.com',
      username: 'known',
      name: 'Known Member',
      password: 'correct horse battery',
      locale: 'en',
    },
  );
  await verifyEmail(db, new URL(mailer.lastLink()).searchParams.get('token')!);
  return db;
}

/** Row counts of every table the form could touch. */
async function footprint(db: Db) {
  const count = async (table: 'account_mail_jobs' | 'email_tokens' | 'rate_limits') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    jobs: await count('account_mail_jobs'),
    tokens: await count('email_tokens'),
    limits: await count('rate_limits'),
  };
}

describe('forgot password', () => {
  it('does the same work for a known and an unknown address, and sends nothing before answering', async () => {
    db = await withMember();
    const before = await footprint(db);
    expect(await runForgotPasswordForm(db, { email: 'Known@Example.com', locale: 'fa', addressKey: 'a1' })).toBe(
      'sent',
    );
    const afterKnown = await footprint(db);
    expect(await runForgotPasswordForm(db, { email: 'nobody@example.com', locale: 'fa', addressKey: 'a2' })).toBe(
      'sent',
    );
    const afterUnknown = await footprint(db);
    // One queued job and two limit rows each; no token is made while the visitor waits.
    expect({
      jobs: afterKnown.jobs - before.jobs,
      tokens: afterKnown.tokens - before.tokens,
      limits: afterKnown.limits - before.limits,
    }).toEqual({ jobs: 1, tokens: 0, limits: 2 });
    expect({
      jobs: afterUnknown.jobs - afterKnown.jobs,
      tokens: afterUnknown.tokens - afterKnown.tokens,
      limits: afterUnknown.limits - afterKnown.limits,
    }).toEqual({ jobs: 1, tokens: 0, limits: 2 });
  });

  it('the worker mails the link to a known address in the language of the form, and nothing for an unknown one', async () => {
    db = await withMember();
    await runForgotPasswordForm(db, { email: 'known@example.com', locale: 'ru', addressKey: 'a1' });
    await runForgotPasswordForm(db, { email: 'nobody@example.com', locale: 'ru', addressKey: 'a1' });
    const mailer = memoryMailer();
    expect(await sendAccountMails({ db, mailer, origin: ORIGIN })).toBe(2);
    expect(mailer.sent.map((m) => m.to)).toEqual(['known@example.com']);
    expect(mailer.lastLink()).toMatch(/^https:\/\/help\.example\.com\/ru\/account\/reset\/\?token=/);
    // Done jobs leave the table: no typed address is kept.
    expect((await footprint(db)).jobs).toBe(0);
    expect(await sendAccountMails({ db, mailer, origin: ORIGIN })).toBe(0);
  });

  it('queues a failed send again with a pause, and gives up after five attempts', async () => {
    db = await withMember();
    await runForgotPasswordForm(db, { email: 'known@example.com', locale: 'en', addressKey: 'a1' });
    const lines: string[] = [];
    const failing: Mailer = { send: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:25')) };
    let now = Date.now();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await sendAccountMails({ db, mailer: failing, origin: ORIGIN }, { now, log: (l) => lines.push(l) })).toBe(
        1,
      );
      // Not due again at once.
      expect(await sendAccountMails({ db, mailer: failing, origin: ORIGIN }, { now, log: (l) => lines.push(l) })).toBe(
        0,
      );
      now += 60 * 60_000;
    }
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toMatch(/attempt 5 failed: .*ECONNREFUSED.* gave up$/);
    expect((await footprint(db)).jobs).toBe(0);
  });

  it('limits per client address with a refusal, and per typed address silently', async () => {
    db = await withMember();
    for (let i = 0; i < 3; i++)
      await runForgotPasswordForm(db, { email: 'known@example.com', locale: 'en', addressKey: `x${i}` });
    // The fourth request for the same address answers the same but queues nothing.
    expect(await runForgotPasswordForm(db, { email: 'known@example.com', locale: 'en', addressKey: 'x9' })).toBe(
      'sent',
    );
    expect((await footprint(db)).jobs).toBe(3);
    for (let i = 0; i < 10; i++)
      await runForgotPasswordForm(db, { email: `n${i}@example.com`, locale: 'en', addressKey: 'same' });
    expect(await runForgotPasswordForm(db, { email: 'n@example.com', locale: 'en', addressKey: 'same' })).toBe(
      'rateLimited',
    );
  });
});
