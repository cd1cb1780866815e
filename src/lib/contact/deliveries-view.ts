// The support deliveries page's data: which state's tab and which keyset page the address asks
// for (an unknown state shows the failed ones, a bad cursor the newest), that page of the outbox,
// the count per state for the tabs, and who receives a request under the current settings.
import type { Db } from '../db/index.ts';
import type { DeliveryReceiver } from '../db/schema.ts';
import { getSettings } from '../settings.ts';
import {
  deliveryCounts,
  deliveryListStates,
  handOffReceivers,
  listDeliveries,
  outboxConfig,
  type DeliveryListState,
} from './outbox.ts';

export function readDeliveriesQuery(params: URLSearchParams): { state: DeliveryListState; before: number | undefined } {
  const state = params.get('state') ?? '';
  const before = params.get('before') ?? '';
  return {
    state: (deliveryListStates as readonly string[]).includes(state) ? (state as DeliveryListState) : 'failed',
    before: /^\d{1,12}$/.test(before) ? Number(before) : undefined,
  };
}

export async function deliveriesView(db: Db, params: URLSearchParams) {
  const { state, before } = readDeliveriesQuery(params);
  const [list, counts, settings] = await Promise.all([
    listDeliveries(db, { state, beforeId: before, limit: 50 }),
    deliveryCounts(db),
    getSettings(db),
  ]);
  const config = outboxConfig(settings['support.email']);
  const receivers: DeliveryReceiver[] = [...handOffReceivers(config), 'confirmation'];
  return { states: deliveryListStates, state, before, list, counts, config, receivers };
}
