// The contact page's step machine (lib/contact/contact-form.ts) without a browser: what each
// post answers (status, redirect, receipt) and what it stores.
import { afterEach, describe, expect, it } from 'vitest';
import { runContactForm, type ContactArticle, type ContactRequest } from '../../../src/lib/contact/contact-form.ts';
import { issueFormStamp } from '../../../src/lib/moderation/spam.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { testDb } from '../helpers.ts';

const T0 = Date.parse('2026-11-20T08:00:00Z');
const article: ContactArticle = {
  id: 'en/account/reset-password',
  locale: 'en',
  category: 'account',
  slug: 'reset-password',
  title: 'Reset your password',
  description: 'Get back into your account.',
  tags: ['password'],
};
let db: Db;
afterEach(async () => db?.destroy());

function request(form: ContactRequest['form'], over: Partial<ContactRequest> = {}): ContactRequest {
  return {
    locale: 'en',
    form,
    done: false,
    visitor: 'visitor-1',
    user: null,
    bot: false,
    address: 'addr-1',
    content: { articles: async () => [article], published: async () => new Set([article.id]) },
    ...over,
  };
}

const count = async (table: 'contact_flows' | 'contact_requests') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('contact form', () => {
  it('opens a flow and a stamp on GET; the done page opens none', async () => {
    db = await testDb();
    const open = await runContactForm(db, request(null), T0);
    expect(open.redirect).toBeUndefined();
    if (open.redirect !== undefined) return;
    expect(open).toMatchObject({ status: 200, done: false, submitted: false });
    expect(open.values.flow).toMatch(/^[a-z2-9]{24}$/);
    expect(open.values.stamp).toMatch(/^\d+\./);
    const done = await runContactForm(db, request(null, { done: true, visitor: 'visitor-2' }), T0);
    expect(done).toMatchObject({ status: 200, done: true, values: { flow: '' } });
    expect(await count('contact_flows')).toBe(1);
  });

  it('answers a filled honeypot and a crawler like success and stores nothing', async () => {
    db = await testDb();
    expect(await runContactForm(db, request({ website: 'x', step: 'send' }), T0)).toEqual({
      redirect: '/en/contact/sent/',
    });
    expect(await runContactForm(db, request({ solved: 'a:x' }, { bot: true }), T0)).toEqual({
      redirect: '/en/contact/?done=solved',
    });
    expect({ flows: await count('contact_flows'), requests: await count('contact_requests') }).toEqual({
      flows: 0,
      requests: 0,
    });
  });

  it('sends a request with an old enough stamp and hands back its receipt; too fast is refused as spam', async () => {
    db = await testDb();
    const fields = {
      step: 'send',
      subject: 'Cannot reset my password',
      description: 'The reset link says it expired.',
      email: 'me@example.com',
    };
    const fast = await runContactForm(db, request({ ...fields, form_stamp: await issueFormStamp(db, T0) }), T0 + 500);
    expect(fast).toMatchObject({ status: 422, showEmail: true, error: expect.any(String) });
    const sent = await runContactForm(
      db,
      request({ ...fields, form_stamp: await issueFormStamp(db, T0) }),
      T0 + 60_000,
    );
    expect(sent).toEqual({ redirect: '/en/contact/sent/', receipt: expect.any(String) });
    expect(await count('contact_requests')).toBe(1);
  });

  it('marks the fields to fix on "I still need help" and finds answers without script', async () => {
    db = await testDb();
    const answer = await runContactForm(db, request({ step: 'email', subject: 'password', description: 'short' }), T0);
    if (answer.redirect !== undefined) throw new Error('expected the form again');
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.fieldErrors)).toEqual(['description']);
    expect(answer.showEmail).toBe(false);
    expect(answer.suggestions?.articles.map((a) => a.key)).toEqual(['a:en/account/reset-password']);
    expect(answer.values.shown).toBe('a:en/account/reset-password');
  });

  it('ends the flow deflected by a suggestion it knows, and refuses one it does not', async () => {
    db = await testDb();
    const unknown = await runContactForm(db, request({ solved: 'a:en/nothing/here' }), T0);
    expect(unknown).toMatchObject({ status: 422 });
    expect(await runContactForm(db, request({ solved: 'a:en/account/reset-password' }), T0)).toEqual({
      redirect: '/en/contact/?done=solved',
    });
    const flow = await db
      .selectFrom('contact_flows')
      .select(['outcome', 'deflected_ref'])
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(flow).toEqual({ outcome: 'deflected', deflected_ref: 'en/account/reset-password' });
  });

  it('answers 429 with the wait once an address is over its writes', async () => {
    db = await testDb();
    let last = await runContactForm(db, request({ step: 'suggest' }), T0);
    for (let i = 0; i < 60; i++) last = await runContactForm(db, request({ step: 'send', subject: 'Hello there' }), T0);
    expect(last).toMatchObject({
      status: 429,
      retryAfterMs: 10 * 60_000,
      showEmail: true,
      values: { subject: 'Hello there' },
    });
    expect(last.redirect === undefined && last.suggestions).toBeUndefined();
  });
});
