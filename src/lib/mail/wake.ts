// Waking this process's delivery worker after something was queued for it. One worker
// (startDeliveryWorker in ../contact/outbox.ts) empties every outbox: contact requests, account
// mail, notification mail. The pages run in the same process as the worker but in another copy
// of the modules (the server bundle), so they reach it through a process-wide symbol.
const WAKE = Symbol.for('pasokh.contact.outbox.kick');
type WakeHolder = { [WAKE]?: () => void };

/** Wakes the delivery worker of this process, if one runs (a page calls it after queuing mail). */
export function wakeDeliveryWorker(): void {
  (globalThis as WakeHolder)[WAKE]?.();
}

/** What `wakeDeliveryWorker` calls from now on: the running worker's wake-up, or nothing once it stopped. */
export function setDeliveryWake(wake: (() => void) | undefined): void {
  if (wake) (globalThis as WakeHolder)[WAKE] = wake;
  else delete (globalThis as WakeHolder)[WAKE];
}
