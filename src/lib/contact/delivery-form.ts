// The support deliveries page's form: retry a failed or pending delivery now (`action=retry`,
// `id`). Delivered rows never go again (retryDelivery refuses them); a retried row wakes the
// delivery worker at once instead of at its next poll.
import type { Db } from '../db/index.ts';
import type { FormAnswer } from '../http/form-answer.ts';
import { wakeDeliveryWorker } from '../mail/wake.ts';
import { retryDelivery } from './outbox.ts';

export type DeliveryFormOutcome = { ok: true } | { ok: false; problem: 'notRetryable' | 'invalid' };

export async function runDeliveryForm(
  db: Db,
  userId: number,
  fields: Record<string, string | undefined>,
): Promise<DeliveryFormOutcome> {
  const id = /^\d{1,12}$/.test(fields.id ?? '') ? Number(fields.id) : 0;
  if (fields.action === 'retry' && id > 0 && (await retryDelivery(db, id, userId))) {
    wakeDeliveryWorker();
    return { ok: true };
  }
  return { ok: false, problem: id > 0 ? 'notRetryable' : 'invalid' };
}

export function deliveryAnswer(outcome: DeliveryFormOutcome): FormAnswer {
  if (outcome.ok) return { redirect: { done: 'retried', before: null } };
  return { status: outcome.problem === 'notRetryable' ? 409 : 400, error: 'admin.deliveries.notRetryable' };
}
