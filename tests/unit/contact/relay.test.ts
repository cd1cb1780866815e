// The contact form is not a mail relay (issue 21, point 10): the confirmation to a typed,
// unverified address carries nothing the visitor wrote, and one address gets a few a day.
import { describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/lib/contact/outbox.ts';
import { CONFIRMATIONS_PER_ADDRESS, submitRequest } from '../../../src/lib/contact/requests.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { memoryMailer, testDb, testOutboxConfig, testUser } from '../helpers.ts';

const T0 = Date.parse('2026-12-04T08:00:00Z');
const SUBJECT = 'Win a prize: visit http://phish.example now';
const DESCRIPTION = 'Dear victim, your account is locked. Log in at http://phish.example to unlock it.';

const config = testOutboxConfig({ webhookUrl: undefined, webhookSecret: undefined });

async function send(db: Db, input: { email: string; userId?: number | null; locale?: string }, now = T0) {
  return submitRequest(
    db,
    {
      subject: SUBJECT,
      description: DESCRIPTION,
      email: input.email,
      locale: input.locale ?? 'en',
      visitor: 'v1',
      userId: input.userId ?? null,
      flowId: null,
      receivers: ['support_mail'],
    },
    now,
  );
}

async function deliverMail(db: Db) {
  const mailer = memoryMailer();
  await deliverDue(db, { config, mailer, now: () => T0, limit: 100 });
  return (to: string) => mailer.sent.filter((m) => m.to === to);
}

describe('contact confirmation', () => {
  it('to a typed address carries the reference and the site, and no word the visitor wrote', async () => {
    const db = await testDb();
    const { reference } = await send(db, { email: 'someone.else@example.com', locale: 'fa' });
    const [mail, ...more] = (await deliverMail(db))('someone.else@example.com');
    expect(more).toEqual([]);
    expect(mail!.subject).toContain(reference);
    expect(mail!.text).toContain(reference);
    expect(mail!.text).toContain('https://help.example/fa/');
    for (const written of ['prize', 'phish', 'victim']) {
      expect(mail!.subject).not.toContain(written);
      expect(mail!.text).not.toContain(written);
    }
  });

  it('to a signed-in member at their own verified address repeats their subject', async () => {
    const db = await testDb();
    const member = await testUser(db, 'Member', { email: 'member@example.com' });
    await send(db, { email: 'member@example.com', userId: member.id });
    await send(db, { email: 'victim@example.com', userId: member.id });
    const mailTo = await deliverMail(db);
    expect(mailTo('member@example.com')[0]!.text).toContain(SUBJECT);
    expect(mailTo('victim@example.com')[0]!.text).not.toContain('phish');
  });

  it('goes to one address at most a few times a day; the requests still reach support', async () => {
    const db = await testDb();
    for (let i = 0; i < CONFIRMATIONS_PER_ADDRESS.max + 2; i++) await send(db, { email: 'victim@example.com' }, T0 + i);
    const rows = await db.selectFrom('contact_deliveries').select(['receiver']).execute();
    expect(rows.filter((r) => r.receiver === 'support_mail')).toHaveLength(CONFIRMATIONS_PER_ADDRESS.max + 2);
    expect(rows.filter((r) => r.receiver === 'confirmation')).toHaveLength(CONFIRMATIONS_PER_ADDRESS.max);
    // A day later the address may get one again.
    await send(db, { email: 'Victim@Example.com' }, T0 + CONFIRMATIONS_PER_ADDRESS.windowMs);
    expect(
      await db.selectFrom('contact_deliveries').select('id').where('receiver', '=', 'confirmation').execute(),
    ).toHaveLength(CONFIRMATIONS_PER_ADDRESS.max + 1);
  });
});
