// The support deliveries page's form runner (lib/contact/delivery-form.ts): a failed delivery is
// retried, a delivered one or a malformed form is refused, and how the page answers.
import { describe, expect, it } from 'vitest';
import { deliveryAnswer, runDeliveryForm } from '../../../src/lib/contact/delivery-form.ts';
import { submitRequest } from '../../../src/lib/contact/requests.ts';
import { testDb, testUser } from '../helpers.ts';

async function setup() {
  const db = await testDb();
  const admin = await testUser(db, 'Root', { role: 'admin' });
  await submitRequest(db, {
    subject: 'Invoice is missing',
    description: 'I paid yesterday and no invoice came.',
    email: 'customer@example.com',
    locale: 'en',
    visitor: 'v1',
    userId: null,
    flowId: null,
    receivers: ['webhook'],
  });
  const delivery = await db
    .selectFrom('contact_deliveries')
    .select('id')
    .where('receiver', '=', 'webhook')
    .executeTakeFirstOrThrow();
  return { db, admin, id: delivery.id };
}

describe('delivery retry form', () => {
  it('retries a failed delivery now', async () => {
    const { db, admin, id } = await setup();
    await db.updateTable('contact_deliveries').set({ state: 'failed', failures: 5 }).where('id', '=', id).execute();
    const retried = await runDeliveryForm(db, admin.id, { action: 'retry', id: String(id) });
    expect(retried).toEqual({ ok: true });
    expect(deliveryAnswer(retried)).toEqual({ redirect: { done: 'retried', before: null } });
    expect(
      await db
        .selectFrom('contact_deliveries')
        .select(['state', 'failures', 'retried_by'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ state: 'pending', failures: 0, retried_by: admin.id });
  });

  it('refuses a delivered row (409) and a form without an id (400)', async () => {
    const { db, admin, id } = await setup();
    await db.updateTable('contact_deliveries').set({ state: 'delivered' }).where('id', '=', id).execute();
    expect(deliveryAnswer(await runDeliveryForm(db, admin.id, { action: 'retry', id: String(id) }))).toEqual({
      status: 409,
      error: 'admin.deliveries.notRetryable',
    });
    expect(
      (await db.selectFrom('contact_deliveries').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state,
    ).toBe('delivered');
    expect(deliveryAnswer(await runDeliveryForm(db, admin.id, { action: 'retry' }))).toEqual({
      status: 400,
      error: 'admin.deliveries.notRetryable',
    });
  });
});
