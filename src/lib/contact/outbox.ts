// The hand-off to the support team: an outbox in the database, delivered by a worker.
//
// - Each request gets one row per receiver (webhook, support mail, the customer's confirmation)
//   in the same transaction that stores it (requests.ts), so nothing is lost between the two.
// - The worker claims due rows with a lease (state 'delivering', a random lease token, lease
//   until now + lease). A worker that dies mid-delivery leaves the lease to run out; the row is
//   then claimed again. The lease is longer than the delivery timeout, so a live worker's row is
//   never claimed twice.
// - The result is written in the same step as the receiver's answer, guarded by the lease token:
//   success marks the row delivered and it is never sent again; a failure backs off
//   exponentially with jitter and, after `maxFailures`, the row is 'failed' until an operator
//   retries it. A crash between the receiver's success and that write makes the next attempt a
//   duplicate: every delivery carries an idempotency key that stays the same on every attempt,
//   so the receiver can drop it (at-least-once, deduplicated by the receiver).
// - Webhook bodies are JSON, signed with HMAC-SHA256 over `<timestamp>.<body>`.
// - State lives only in the database, so a restart loses nothing. The claim is one UPDATE …
//   RETURNING; on Postgres its rows come from a FOR UPDATE SKIP LOCKED select, so workers of
//   several processes claiming at once each take different rows instead of queueing on the same.
import { createHmac } from 'node:crypto';
import type { ExpressionBuilder } from 'kysely';
import { idClaimable, type Database, type Db } from '../db/index.ts';
import { env, type Env } from '../env.ts';
import type { DeliveryReceiver, DeliveryState } from '../db/schema.ts';
import { localizedMail, mailHtml, type Block } from '../mail/compose.ts';
import type { Mailer } from '../mail/index.ts';
import { randomToken } from '../auth/crypto.ts';
import { isLocale } from '../../i18n/index.ts';
import { oneLine } from './text.ts';
import { setDeliveryWake } from '../mail/wake.ts';

export interface OutboxConfig {
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /** Where support mail goes; undefined when no mail receiver is configured. */
  supportEmail: string | undefined;
  /** First retry after about this long; doubles per failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures in a row before the row is 'failed' and waits for an operator. */
  maxFailures: number;
  /** How long a claim holds; must exceed the delivery timeout. */
  leaseMs: number;
  timeoutMs: number;
  /** Public origin, for links in mail. */
  origin: string;
}

/**
 * The outbox's settings (README, "Contact support"); `defaultSupportEmail` is the site setting
 * `support.email`, used when neither a webhook nor SUPPORT_EMAIL is configured.
 */
export function outboxConfig(defaultSupportEmail = 'support@example.com', settings: Env = env()): OutboxConfig {
  const timeoutMs = settings.SUPPORT_TIMEOUT_MS;
  const webhookUrl = settings.SUPPORT_WEBHOOK_URL;
  return {
    webhookUrl,
    webhookSecret: settings.SUPPORT_WEBHOOK_SECRET,
    // No receiver configured at all: mail the site's support address, so a request always goes somewhere.
    supportEmail: settings.SUPPORT_EMAIL || (webhookUrl ? undefined : defaultSupportEmail),
    baseDelayMs: settings.SUPPORT_RETRY_BASE_MS,
    maxDelayMs: settings.SUPPORT_RETRY_MAX_MS,
    maxFailures: settings.SUPPORT_MAX_ATTEMPTS,
    leaseMs: Math.max(settings.SUPPORT_LEASE_MS, timeoutMs * 2),
    timeoutMs,
    origin: settings.siteOrigin,
  };
}

/** Receivers of the hand-off under this configuration. */
export function handOffReceivers(
  config: Pick<OutboxConfig, 'webhookUrl' | 'supportEmail'>,
): Exclude<DeliveryReceiver, 'confirmation'>[] {
  const receivers: Exclude<DeliveryReceiver, 'confirmation'>[] = [];
  if (config.webhookUrl) receivers.push('webhook');
  if (config.supportEmail) receivers.push('support_mail');
  return receivers;
}

/**
 * Wait before the next attempt after `failures` failures in a row: base·2^(failures−1), capped,
 * with "equal jitter" (half fixed, half random) so retries of many rows spread out but never
 * come sooner than half the schedule.
 */
export function backoffDelay(
  failures: number,
  config: Pick<OutboxConfig, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 40)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** HMAC-SHA256 of `<timestamp>.<body>`, hex: the `X-Pasokh-Signature: sha256=<hex>` header. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface ClaimedDelivery {
  id: number;
  request_id: number;
  receiver: DeliveryReceiver;
  idempotency_key: string;
  attempts: number;
  failures: number;
  lease_token: string;
}

/** Pending and due, or delivering with a lease that ran out. */
const isDue = (now: number) => (eb: ExpressionBuilder<Database, 'contact_deliveries'>) =>
  eb.or([
    eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('state', '=', 'delivering'), eb('lease_until', '<=', now)]),
  ]);

const dueIds = (db: Db, now: number, limit: number) =>
  db
    .selectFrom('contact_deliveries')
    .select('id')
    .where(isDue(now))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);

/** Claims up to `limit` due rows (pending and due, or delivering with an expired lease). One statement. */
export async function claimDue(
  db: Db,
  options: { now: number; leaseMs: number; limit?: number },
): Promise<ClaimedDelivery[]> {
  const limit = options.limit ?? 10;
  // A read first (no write lock while nothing is due, which is most of the time)…
  const due = await dueIds(db, options.now, limit).execute();
  if (!due.length) return [];
  // …then one UPDATE … RETURNING that chooses the due rows again and checks them, so of two
  // workers only one gets each row (on Postgres, each takes rows the other has not locked).
  const token = randomToken();
  const rows = await db
    .updateTable('contact_deliveries')
    .set((eb) => ({
      state: 'delivering',
      lease_token: token,
      lease_until: options.now + options.leaseMs,
      attempts: eb('attempts', '+', 1),
      last_attempt_at: options.now,
    }))
    .where(idClaimable(db, dueIds(db, options.now, limit)))
    .where(isDue(options.now))
    .returning(['id', 'request_id', 'receiver', 'idempotency_key', 'attempts', 'failures', 'lease_token'])
    .execute();
  return rows.map((r) => ({ ...r, lease_token: r.lease_token! }));
}

export type AttemptResult =
  { ok: true; status?: number | undefined } | { ok: false; status?: number | undefined; error: string };

/**
 * Writes an attempt's result, only while the claim is still ours (the lease token). Success:
 * delivered, never attempted again. Failure: pending with a back-off, or failed at the limit.
 * Returns the new state, or undefined when the claim was lost.
 */
export async function completeDelivery(
  db: Db,
  claim: Pick<ClaimedDelivery, 'id' | 'lease_token' | 'failures'>,
  result: AttemptResult,
  config: Pick<OutboxConfig, 'baseDelayMs' | 'maxDelayMs' | 'maxFailures'>,
  now = Date.now(),
  random: () => number = Math.random,
): Promise<DeliveryState | undefined> {
  if (result.ok) {
    const done = await db
      .updateTable('contact_deliveries')
      .set({
        state: 'delivered',
        delivered_at: now,
        lease_token: null,
        lease_until: null,
        failures: 0,
        last_status: result.status ?? null,
        last_error: null,
      })
      .where('id', '=', claim.id)
      .where('lease_token', '=', claim.lease_token)
      .executeTakeFirst();
    return Number(done.numUpdatedRows) ? 'delivered' : undefined;
  }
  const failures = claim.failures + 1;
  const state: DeliveryState = failures >= config.maxFailures ? 'failed' : 'pending';
  const done = await db
    .updateTable('contact_deliveries')
    .set({
      state,
      failures,
      next_attempt_at: state === 'failed' ? now : now + backoffDelay(failures, config, random),
      lease_token: null,
      lease_until: null,
      last_status: result.status ?? null,
      last_error: oneLine(result.error).slice(0, 300),
    })
    .where('id', '=', claim.id)
    .where('lease_token', '=', claim.lease_token)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) ? state : undefined;
}

/** An operator's retry: a failed (or waiting) row is due now with a fresh failure count. Delivered rows never go again. */
export async function retryDelivery(db: Db, id: number, userId: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('contact_deliveries')
    .set({ state: 'pending', failures: 0, next_attempt_at: now, retried_by: userId, retried_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'pending'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface RequestForDelivery {
  id: number;
  reference: string;
  locale: string;
  email: string;
  subject: string;
  description: string;
  user_id: number | null;
  created_at: number;
  flow_id: string | null;
}

/** The JSON the webhook receives. Same idempotency key on every attempt of this delivery. */
export function webhookPayload(
  request: RequestForDelivery,
  idempotencyKey: string,
  suggested: { kind: string; ref: string }[],
) {
  return {
    type: 'contact_request',
    idempotencyKey,
    reference: request.reference,
    locale: request.locale,
    email: request.email,
    subject: request.subject,
    description: request.description,
    userId: request.user_id,
    createdAt: new Date(request.created_at).toISOString(),
    /** What the help center suggested before the customer asked (articles by id, threads by id). */
    suggested,
  };
}

/** The support team's copy (in English, their working language): the request as written, every field escaped in the HTML part. */
export function supportMail(
  request: RequestForDelivery,
  to: string,
  idempotencyKey: string,
  suggested: { kind: string; ref: string }[],
) {
  // The subject was cleaned to one line when stored; cleaned again here, since a header line is at stake.
  const subject = oneLine(`[${request.reference}] ${request.subject}`).slice(0, 200);
  const facts: [string, string][] = [
    ['Reference', request.reference],
    ['From', request.email],
    ['Language', request.locale],
    ['Received', new Date(request.created_at).toISOString()],
    ['Idempotency key', idempotencyKey],
    ['Suggested before asking', suggested.length ? suggested.map((s) => `${s.kind} ${s.ref}`).join(', ') : 'nothing'],
  ];
  const blocks: Block[] = [
    { lines: facts.map(([label, value]) => [`${label}: `, { value }]) },
    { lines: [['Subject: ', { value: request.subject }]] },
    ...request.description
      .split(/\n{2,}/)
      .map((paragraph): Block => ({ dir: 'auto', lines: paragraph.split('\n').map((line) => [{ value: line }]) })),
  ];
  return {
    to,
    subject,
    text: [
      ...facts.map(([label, value]) => `${label}: ${value}`),
      '',
      `Subject: ${request.subject}`,
      '',
      request.description,
      '',
    ].join('\n'),
    html: mailHtml('en', subject, blocks),
  };
}

/**
 * The customer's confirmation. The address was typed by the visitor and is not verified, so the
 * mail carries nothing the visitor wrote (else the form would relay any text to any address);
 * only a signed-in member writing from their own verified address gets their subject back.
 */
export function confirmationMail(
  request: RequestForDelivery,
  origin: string,
  sender: { verifiedEmail: string | null },
) {
  const locale = isLocale(request.locale) ? request.locale : 'en';
  const link = new URL(`/${locale}/`, origin).href;
  const ownAddress = sender.verifiedEmail !== null && sender.verifiedEmail === request.email.toLowerCase();
  return {
    to: request.email,
    ...(ownAddress
      ? localizedMail(locale, 'mail.contact.subject', 'mail.contact.body', {
          reference: request.reference,
          subject: request.subject,
          link,
        })
      : localizedMail(locale, 'mail.contact.subject', 'mail.contact.bodyUnverified', {
          reference: request.reference,
          link,
        })),
  };
}

/** The requester's account address, when they were signed in and it is verified. */
async function verifiedSender(db: Db, userId: number | null): Promise<{ verifiedEmail: string | null }> {
  if (userId === null) return { verifiedEmail: null };
  const user = await db
    .selectFrom('users')
    .select(['email', 'email_verified_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return { verifiedEmail: user?.email_verified_at ? user.email : null };
}

export interface DeliveryDeps {
  config: OutboxConfig;
  mailer: Mailer;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** The worker's stop: an attempt under way is given up and its claim handed back. */
  signal?: AbortSignal;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    const abort = () => (clearTimeout(timer), reject(new Error('stopped')));
    signal?.addEventListener('abort', abort, { once: true });
    const settle = () => (clearTimeout(timer), signal?.removeEventListener('abort', abort));
    promise.then(
      (v) => (settle(), resolve(v)),
      (e) => (settle(), reject(e)),
    );
  });

/** One attempt at one claimed delivery; never throws. */
export async function attemptDelivery(
  db: Db,
  claim: ClaimedDelivery,
  deps: DeliveryDeps,
  now = Date.now(),
): Promise<AttemptResult> {
  try {
    const request = await db
      .selectFrom('contact_requests')
      .select(['id', 'reference', 'locale', 'email', 'subject', 'description', 'user_id', 'created_at', 'flow_id'])
      .where('id', '=', claim.request_id)
      .executeTakeFirst();
    if (!request) return { ok: false, error: 'request not found' };
    const suggested = request.flow_id
      ? await db
          .selectFrom('contact_flow_suggestions')
          .select(['kind', 'ref'])
          .where('flow_id', '=', request.flow_id)
          .orderBy('kind')
          .orderBy('ref')
          .execute()
      : [];
    const { config } = deps;
    if (claim.receiver === 'webhook') {
      if (!config.webhookUrl) return { ok: false, error: 'SUPPORT_WEBHOOK_URL is not set' };
      if (!config.webhookSecret) return { ok: false, error: 'SUPPORT_WEBHOOK_SECRET is not set' };
      const body = JSON.stringify(webhookPayload(request, claim.idempotency_key, suggested));
      const timestamp = String(Math.floor(now / 1000));
      const response = await (deps.fetch ?? fetch)(config.webhookUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Pasokh-Outbox/1',
          'Idempotency-Key': claim.idempotency_key,
          'X-Pasokh-Timestamp': timestamp,
          'X-Pasokh-Signature': `sha256=${signWebhook(config.webhookSecret, timestamp, body)}`,
        },
        body,
        redirect: 'manual',
        signal: deps.signal
          ? AbortSignal.any([AbortSignal.timeout(config.timeoutMs), deps.signal])
          : AbortSignal.timeout(config.timeoutMs),
      });
      await response.body?.cancel().catch(() => {});
      return response.ok
        ? { ok: true, status: response.status }
        : { ok: false, status: response.status, error: `HTTP ${response.status} ${response.statusText}`.trim() };
    }
    const message =
      claim.receiver === 'support_mail'
        ? config.supportEmail
          ? supportMail(request, config.supportEmail, claim.idempotency_key, suggested)
          : undefined
        : confirmationMail(request, config.origin, await verifiedSender(db, request.user_id));
    if (!message) return { ok: false, error: 'SUPPORT_EMAIL is not set' };
    await withTimeout(deps.mailer.send(message), config.timeoutMs, deps.signal);
    return { ok: true };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      ok: false,
      error: `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ''}`,
    };
  }
}

/** Hands a claim back unfinished: pending and due now; an attempt never started is not counted. */
async function releaseClaim(
  db: Db,
  claim: ClaimedDelivery,
  { attempted }: { attempted: boolean },
  now: number,
): Promise<void> {
  await db
    .updateTable('contact_deliveries')
    .set((eb) => ({
      state: 'pending',
      lease_token: null,
      lease_until: null,
      next_attempt_at: now,
      ...(attempted ? {} : { attempts: eb('attempts', '-', 1) }),
    }))
    .where('id', '=', claim.id)
    .where('lease_token', '=', claim.lease_token)
    .execute();
}

/** Claims what is due and delivers it. Returns how many rows ended in each state. */
export async function deliverDue(
  db: Db,
  deps: DeliveryDeps & { now?: () => number; random?: () => number; limit?: number },
): Promise<{ claimed: number; delivered: number; retrying: number; failed: number; lost: number }> {
  const clock = deps.now ?? Date.now;
  const claims = await claimDue(db, { now: clock(), leaseMs: deps.config.leaseMs, limit: deps.limit ?? 10 });
  const tally = { claimed: claims.length, delivered: 0, retrying: 0, failed: 0, lost: 0 };
  for (const claim of claims) {
    // Stopping: claims not tried yet, and one given up half-way, go back as they were, due now,
    // for the next start; no failure is counted (the receiver's idempotency key covers an
    // interrupted attempt that did arrive).
    if (deps.signal?.aborted) {
      await releaseClaim(db, claim, { attempted: false }, clock());
      continue;
    }
    const result = await attemptDelivery(db, claim, deps, clock());
    if (!result.ok && deps.signal?.aborted) {
      await releaseClaim(db, claim, { attempted: true }, clock());
      continue;
    }
    const state = await completeDelivery(db, claim, result, deps.config, clock(), deps.random);
    if (state === 'delivered') tally.delivered++;
    else if (state === 'pending') tally.retrying++;
    else if (state === 'failed') tally.failed++;
    else tally.lost++;
    if (!result.ok)
      deps.log?.(
        `[contact] delivery ${claim.id} (${claim.receiver}) attempt ${claim.attempts} failed: ${result.error}${state === 'failed' ? ' — gave up; an operator can retry it' : ''}`,
      );
  }
  return tally;
}

/**
 * The delivery loop, started by `npm start`: delivers what is due, sleeps `pollMs` (or until
 * kicked), repeats. `stop()` gives up an attempt under way (a slow receiver could hold a
 * shutdown for the whole timeout, per claim), hands unfinished claims back and waits for that.
 */
export function startDeliveryWorker(
  db: Db,
  deps: DeliveryDeps & {
    pollMs?: number;
    /** Other outboxes this worker empties in each round (account mail); each returns how many items it took. */
    moreRounds?: readonly (() => Promise<number>)[];
  },
): { stop(): Promise<void> } {
  const pollMs = deps.pollMs ?? 1_000;
  const stopping = new AbortController();
  const roundDeps = { ...deps, signal: stopping.signal };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        const tally = await deliverDue(db, roundDeps);
        busy = tally.claimed > 0;
      } catch (error) {
        deps.log?.(`[contact] delivery round failed: ${String(error)}`);
      }
      for (const round of deps.moreRounds ?? []) {
        try {
          busy = (await round()) > 0 || busy;
        } catch (error) {
          deps.log?.(`[outbox] delivery round failed: ${String(error)}`);
        }
      }
      if (stopped) break;
      // better-sqlite3 answers synchronously: give the HTTP server a turn between rounds, so a
      // backlog of mail (written synchronously to the outbox folder) never starves requests.
      if (busy) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pollMs);
      });
      wake = undefined;
    }
  })();
  // Pages wake it after queuing mail (wakeDeliveryWorker).
  setDeliveryWake(() => {
    clearTimeout(timer);
    wake?.();
  });
  return {
    async stop() {
      stopped = true;
      stopping.abort();
      clearTimeout(timer);
      wake?.();
      setDeliveryWake(undefined);
      await loop;
    },
  };
}

export const deliveryListStates = ['failed', 'pending', 'delivered'] as const;
export type DeliveryListState = (typeof deliveryListStates)[number];

export interface DeliveryRow {
  id: number;
  reference: string;
  subject: string;
  locale: string;
  receiver: DeliveryReceiver;
  state: DeliveryState;
  attempts: number;
  failures: number;
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
  retried_at: number | null;
  retried_by_name: string | null;
}

/** Deliveries for the operators' page, newest first; 'pending' includes rows being delivered now. Keyset on id. */
export async function listDeliveries(
  db: Db,
  options: { state: DeliveryListState; beforeId?: number | undefined; limit?: number },
): Promise<{ rows: DeliveryRow[]; next: number | undefined }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  let query = db
    .selectFrom('contact_deliveries as d')
    .innerJoin('contact_requests as r', 'r.id', 'd.request_id')
    .leftJoin('users as u', 'u.id', 'd.retried_by')
    .select([
      'd.id',
      'r.reference',
      'r.subject',
      'r.locale',
      'd.receiver',
      'd.state',
      'd.attempts',
      'd.failures',
      'd.next_attempt_at',
      'd.last_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
      'd.retried_at',
      'u.display_name as retried_by_name',
    ])
    .where('d.state', 'in', options.state === 'pending' ? ['pending', 'delivering'] : [options.state]);
  if (options.beforeId) query = query.where('d.id', '<', options.beforeId);
  const rows = await query
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1]!.id : undefined };
}

export async function deliveryCounts(db: Db): Promise<Record<DeliveryListState, number>> {
  const rows = await db
    .selectFrom('contact_deliveries')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const counts: Record<DeliveryListState, number> = { failed: 0, pending: 0, delivered: 0 };
  for (const row of rows) counts[row.state === 'delivering' ? 'pending' : row.state] += Number(row.n);
  return counts;
}
