// The support deliveries page's data (lib/contact/deliveries-view.ts): the state tab and keyset
// page read from the address (anything else falls back), the list of that state, the counts per
// tab, and the receivers the settings name, the customer's confirmation last.
import { describe, expect, it } from 'vitest';
import { deliveriesView, readDeliveriesQuery } from '../../../src/lib/contact/deliveries-view.ts';
import { submitRequest } from '../../../src/lib/contact/requests.ts';
import { testDb } from '../helpers.ts';

describe('deliveries page query', () => {
  it('shows failed deliveries from the newest unless the address asks for another state or an older page', () => {
    expect(readDeliveriesQuery(new URLSearchParams())).toEqual({ state: 'failed', before: undefined });
    expect(readDeliveriesQuery(new URLSearchParams('state=delivering&before=12x'))).toEqual({
      state: 'failed',
      before: undefined,
    });
    expect(readDeliveriesQuery(new URLSearchParams('state=pending&before=42'))).toEqual({
      state: 'pending',
      before: 42,
    });
    expect(readDeliveriesQuery(new URLSearchParams('before=1234567890123')).before).toBeUndefined();
  });
});

describe('deliveries page data', () => {
  it('lists the asked state and counts every tab', async () => {
    const db = await testDb();
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
    await db.updateTable('contact_deliveries').set({ state: 'failed' }).where('receiver', '=', 'webhook').execute();

    const failed = await deliveriesView(db, new URLSearchParams());
    expect(failed.state).toBe('failed');
    expect(failed.list.rows.map((r) => r.receiver)).toEqual(['webhook']);
    expect(failed.counts.failed).toBe(1);
    expect(failed.receivers.at(-1)).toBe('confirmation');
    expect(failed.states).toEqual(['failed', 'pending', 'delivered']);

    const delivered = await deliveriesView(db, new URLSearchParams('state=delivered'));
    expect(delivered.list.rows.filter((r) => r.receiver === 'webhook')).toEqual([]);
  });
});
