// Contact support: input cleaning (blns: no input breaks anything), references and receipts,
// the outbox (back-off schedule, retries, idempotency, signatures, leases and restarts, no
// double delivery, failure states, operator retry) and the funnel figures, checked against a
// plain recount of randomly generated raw events.
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/db/index.ts';
import {
  closeIdleFlows,
  deflectFlow,
  FLOW_IDLE_MS,
  knownSuggestions,
  ownFlow,
  parseSuggestionKey,
  recordSuggestions,
  startOrResumeFlow,
} from '../../../src/lib/contact/flows.ts';
import { contactDashboard } from '../../../src/lib/contact/metrics.ts';
import {
  backoffDelay,
  claimDue,
  completeDelivery,
  deliverDue,
  handOffReceivers,
  outboxConfig,
  retryDelivery,
  signWebhook,
  startDeliveryWorker,
  supportMail,
} from '../../../src/lib/contact/outbox.ts';
import { wakeDeliveryWorker } from '../../../src/lib/mail/wake.ts';
import { newReference, REFERENCE_PATTERN, requestByReceipt, submitRequest } from '../../../src/lib/contact/requests.ts';
import { matchArticles } from '../../../src/lib/contact/suggest.ts';
import { cleanContact, oneLine } from '../../../src/lib/contact/text.ts';
import { readEnv } from '../../../src/lib/env.ts';
import { memoryMailer, testDb, testOutboxConfig } from '../helpers.ts';

const naughty: string[] = JSON.parse(readFileSync(new URL('../../fixtures/blns.json', import.meta.url), 'utf8'));
const T0 = Date.parse('2026-11-20T08:00:00Z');

const config = testOutboxConfig;

async function request(
  db: Db,
  over: {
    receivers?: ('webhook' | 'support_mail')[];
    subject?: string;
    flowId?: string | null;
    visitor?: string;
    locale?: string;
    email?: string;
  } = {},
  now = T0,
) {
  return submitRequest(
    db,
    {
      subject: over.subject ?? 'Invoice is missing',
      description: 'I paid yesterday and no invoice came.',
      email: over.email ?? 'customer@example.com',
      locale: over.locale ?? 'en',
      visitor: over.visitor ?? 'visitor-1',
      userId: null,
      flowId: over.flowId ?? null,
      receivers: over.receivers ?? ['webhook'],
    },
    now,
  );
}

/** A fake receiver: answers from a script of statuses, records what it got. */
function receiver(statuses: number[]) {
  const calls: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetchFn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(url),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: String(init?.body),
    });
    const status = statuses.length ? statuses.shift()! : 200;
    return new Response(status === 204 ? null : 'ok', { status });
  }) as typeof fetch;
  return { calls, fetch: fetchFn };
}

const deliveries = (db: Db) => db.selectFrom('contact_deliveries').selectAll().orderBy('id').execute();

describe('what customers type', () => {
  it('keeps the subject on one line and the description readable', () => {
    const result = cleanContact({
      subject: ' Refund\r\nBcc: evil@example.com\u2028now \u202Eexe.pdf ',
      description: 'Line 1\r\nLine 2\u0007\n\n\n\n\nEnd',
      email: ' Customer@Example.COM ',
    });
    expect(result.ok).toBe(true);
    expect(result.value.subject).toBe('Refund Bcc: evil@example.com now exe.pdf');
    expect(result.value.description).toBe('Line 1\nLine 2\n\n\nEnd');
    expect(result.value.email).toBe('customer@example.com');
  });

  it('names each field to fix', () => {
    const result = cleanContact({ subject: 'Hi', description: 'short', email: 'a@b.c, d@e.f' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual({ subject: 'subjectLength', description: 'descriptionLength', email: 'email' });
    // The email step is separate: without it, the email is not checked.
    expect(cleanContact({ subject: 'Hello there', description: 'A long enough text' }, { email: false }).ok).toBe(true);
  });

  it('blns: no string breaks cleaning, storing, mailing or suggesting, and no subject breaks a header', async () => {
    const db = await testDb();
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const articles = [
      { id: 'en/a/b', locale: 'en', title: 'Refund an order', description: 'Money back', tags: ['billing'] },
    ];
    let stored = 0;
    for (const [i, text] of naughty.entries()) {
      for (const field of ['subject', 'description', 'email'] as const)
        cleanContact({ subject: 'Subject', description: 'Description!', email: 'a@b.co', [field]: text });
      const cleaned = cleanContact({
        subject: `Help ${text}`,
        description: `Details follow: ${text}`,
        email: 'a@b.co',
      });
      expect(cleaned.value.subject).not.toMatch(/[\r\n\u2028\u2029]/);
      matchArticles(articles, 'en', text);
      parseSuggestionKey(text);
      if (!cleaned.ok) continue;
      const sent = await submitRequest(
        db,
        { ...cleaned.value, locale: 'en', visitor: `v${i}`, userId: null, flowId: null, receivers: ['support_mail'] },
        T0 + i,
      );
      stored++;
      const row = await db
        .selectFrom('contact_requests')
        .selectAll()
        .where('id', '=', sent.id)
        .executeTakeFirstOrThrow();
      const message = supportMail(row, 'support@pasokh.example', 'key', []);
      const raw = String((await transport.sendMail({ from: 'a@b.co', ...message })).message);
      const head = raw.split('\n\n')[0]!;
      // Only our own headers: the subject cannot add one.
      expect(
        head
          .match(/^(?:Bcc|Cc|To|From|Subject|Reply-To):/gim)
          ?.map((h) => h.toLowerCase())
          .sort(),
      ).toEqual(['from:', 'subject:', 'to:']);
    }
    expect(stored).toBeGreaterThan(naughty.length * 0.9);
  });
});

describe('references and receipts', () => {
  it('are human-friendly, random, and a reference alone shows nothing', async () => {
    const refs = new Set(Array.from({ length: 2000 }, () => newReference()));
    expect(refs.size).toBe(2000);
    for (const ref of [...refs].slice(0, 50)) expect(ref).toMatch(REFERENCE_PATTERN);
    expect(newReference(Buffer.from([0, 0, 0, 0, 0]))).toBe('PSK-0000-0000');
    expect(newReference(Buffer.from([255, 255, 255, 255, 255]))).toBe('PSK-ZZZZ-ZZZZ');

    const db = await testDb();
    const sent = await request(db);
    expect(sent.receipt.startsWith(`${sent.reference}.`)).toBe(true);
    expect(await requestByReceipt(db, sent.receipt)).toMatchObject({
      reference: sent.reference,
      email: 'customer@example.com',
    });
    expect(await requestByReceipt(db, sent.reference)).toBeUndefined();
    expect(await requestByReceipt(db, `${sent.reference}.${'a'.repeat(24)}`)).toBeUndefined();
    expect(await requestByReceipt(db, undefined)).toBeUndefined();
  });
});

describe('outbox', () => {
  it('backs off exponentially with jitter, capped', () => {
    const c = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((f) => backoffDelay(f, c, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect([1, 2, 3].map((f) => backoffDelay(f, c, () => 0))).toEqual([500, 1_000, 2_000]);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, c);
      expect(d).toBeGreaterThanOrEqual(2_000);
      expect(d).toBeLessThanOrEqual(4_000);
    }
  });

  it('chooses receivers from the settings; with none configured, mail goes to the site address', () => {
    expect(
      handOffReceivers(outboxConfig(undefined, readEnv({ SUPPORT_WEBHOOK_URL: 'http://x', SUPPORT_EMAIL: 's@x.io' }))),
    ).toEqual(['webhook', 'support_mail']);
    expect(handOffReceivers(outboxConfig(undefined, readEnv({ SUPPORT_WEBHOOK_URL: 'http://x' })))).toEqual([
      'webhook',
    ]);
    expect(outboxConfig('help@site.io', readEnv({})).supportEmail).toBe('help@site.io');
    const fast = outboxConfig(
      undefined,
      readEnv({ SUPPORT_RETRY_BASE_MS: '50', SUPPORT_TIMEOUT_MS: '1000', SUPPORT_LEASE_MS: '10' }),
    );
    expect(fast.baseDelayMs).toBe(50);
    expect(fast.leaseMs).toBe(2_000); // never shorter than twice the timeout
  });

  it('stores one delivery per receiver plus the confirmation, with stable idempotency keys', async () => {
    const db = await testDb();
    const sent = await request(db, { receivers: ['webhook', 'support_mail', 'webhook'] });
    const rows = await deliveries(db);
    expect(rows.map((r) => r.receiver)).toEqual(['webhook', 'support_mail', 'confirmation']);
    expect(
      rows.every(
        (r) => r.state === 'pending' && r.next_attempt_at === T0 && r.idempotency_key.startsWith(`${sent.reference}:`),
      ),
    ).toBe(true);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(3);
  });

  it('retries a failing webhook on schedule and delivers exactly once, signed, with the same key every time', async () => {
    const db = await testDb();
    const sent = await request(db);
    await db.deleteFrom('contact_deliveries').where('receiver', '=', 'confirmation').execute();
    const hook = receiver([503, 500, 200]);
    let now = T0;
    const deps = { config: config(), mailer: memoryMailer(), fetch: hook.fetch, now: () => now, random: () => 1 };

    expect(await deliverDue(db, deps)).toMatchObject({ claimed: 1, retrying: 1 });
    let [row] = await deliveries(db);
    expect(row).toMatchObject({
      state: 'pending',
      attempts: 1,
      failures: 1,
      next_attempt_at: T0 + 1_000,
      last_status: 503,
      last_error: 'HTTP 503',
    });
    // Not due yet: nothing happens.
    now = T0 + 999;
    expect(await deliverDue(db, deps)).toMatchObject({ claimed: 0 });
    now = T0 + 1_000;
    expect(await deliverDue(db, deps)).toMatchObject({ claimed: 1, retrying: 1 });
    [row] = await deliveries(db);
    expect(row).toMatchObject({ failures: 2, next_attempt_at: now + 2_000 });
    now += 2_000;
    expect(await deliverDue(db, deps)).toMatchObject({ claimed: 1, delivered: 1 });
    [row] = await deliveries(db);
    expect(row).toMatchObject({
      state: 'delivered',
      attempts: 3,
      failures: 0,
      delivered_at: now,
      last_error: null,
      last_status: 200,
    });

    // Delivered is final: later rounds, even far later, send nothing.
    now += 24 * 3600_000;
    expect(await deliverDue(db, deps)).toMatchObject({ claimed: 0 });
    expect(hook.calls).toHaveLength(3);
    const keys = new Set(hook.calls.map((c) => c.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    for (const call of hook.calls) {
      const body = JSON.parse(call.body);
      expect(body).toMatchObject({
        type: 'contact_request',
        reference: sent.reference,
        idempotencyKey: row!.idempotency_key,
        email: 'customer@example.com',
      });
      expect(call.headers['x-pasokh-signature']).toBe(
        `sha256=${signWebhook('test-secret', call.headers['x-pasokh-timestamp']!, call.body)}`,
      );
      expect(call.headers['x-pasokh-signature']).not.toBe(
        `sha256=${signWebhook('other', call.headers['x-pasokh-timestamp']!, call.body)}`,
      );
    }
  });

  it('gives up after maxFailures; an operator retry starts a new round; delivered rows cannot be retried', async () => {
    const db = await testDb();
    const operator = await db
      .insertInto('users')
      .values({
        email: 'ops@example.com',
        email_verified_at: null,
        password_hash: 'x',
        display_name: 'Ops',
        name_skeleton: 'ops',
        username: 'ops',
        username_skeleton: 'ops',
        role: 'admin',
        suspended_until: null,
        silenced_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await request(db);
    const hook = receiver(Array(10).fill(500));
    let now = T0;
    const mailer = memoryMailer();
    const deps = { config: config({ maxFailures: 3 }), mailer, fetch: hook.fetch, now: () => now, random: () => 0 };
    for (let i = 0; i < 6; i++) {
      await deliverDue(db, deps);
      now += 60_000;
    }
    const [webhook, confirmation] = await deliveries(db);
    expect(webhook).toMatchObject({ state: 'failed', attempts: 3, failures: 3 });
    expect(confirmation).toMatchObject({ receiver: 'confirmation', state: 'delivered', attempts: 1 });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.subject).toMatch(/^We received your request PSK-/);
    expect(hook.calls).toHaveLength(3);

    expect(await retryDelivery(db, confirmation!.id, operator.id, now)).toBe(false);
    expect(await retryDelivery(db, webhook!.id, operator.id, now)).toBe(true);
    expect((await deliveries(db))[0]).toMatchObject({
      state: 'pending',
      failures: 0,
      attempts: 3,
      next_attempt_at: now,
      retried_at: now,
    });
    hook.calls.length = 0;
    const ok = receiver([200]);
    await deliverDue(db, { ...deps, fetch: ok.fetch });
    expect((await deliveries(db))[0]).toMatchObject({ state: 'delivered', attempts: 4 });
    expect(ok.calls).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('a worker that died mid-delivery: the row is claimed again once its lease ran out, and the dead claim cannot write', async () => {
    const db = await testDb();
    await request(db, { receivers: ['webhook'] });
    await db.deleteFrom('contact_deliveries').where('receiver', '=', 'confirmation').execute();
    const [crashed] = await claimDue(db, { now: T0, leaseMs: 30_000 });
    expect(crashed).toMatchObject({ attempts: 1 });
    // The process is gone. Another worker (or the restarted one) finds nothing while the lease holds…
    expect(await claimDue(db, { now: T0 + 29_999, leaseMs: 30_000 })).toEqual([]);
    // …and takes it over afterwards.
    const [again] = await claimDue(db, { now: T0 + 30_000, leaseMs: 30_000 });
    expect(again).toMatchObject({ id: crashed!.id, attempts: 2 });
    expect(again!.lease_token).not.toBe(crashed!.lease_token);
    // The first claim's late answer changes nothing; the current one settles the row.
    expect(await completeDelivery(db, crashed!, { ok: true }, config(), T0 + 31_000)).toBeUndefined();
    expect((await deliveries(db))[0]!.state).toBe('delivering');
    expect(await completeDelivery(db, again!, { ok: true, status: 200 }, config(), T0 + 31_000)).toBe('delivered');
    expect(await completeDelivery(db, again!, { ok: false, error: 'late' }, config(), T0 + 32_000)).toBeUndefined();
    expect((await deliveries(db))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('survives a restart: state is only in the database', async () => {
    const path = `/tmp/pasokh-outbox-${process.pid}-${Date.now()}.db`;
    const { openDatabase, migrateToLatest } = await import('../../../src/lib/db/index.ts');
    let db = openDatabase(path);
    await migrateToLatest(db);
    await request(db, { receivers: ['webhook'] });
    const first = receiver([502]);
    await deliverDue(db, {
      config: config(),
      mailer: memoryMailer(),
      fetch: first.fetch,
      now: () => T0,
      random: () => 1,
    });
    await db.destroy();
    db = openDatabase(path);
    const second = receiver([200]);
    const mailer = memoryMailer();
    expect(
      await deliverDue(db, { config: config(), mailer, fetch: second.fetch, now: () => T0 + 1_000, random: () => 1 }),
    ).toMatchObject({ delivered: 1 });
    expect((await deliveries(db)).map((r) => r.state)).toEqual(['delivered', 'delivered']);
    expect(second.calls).toHaveLength(1);
    expect(JSON.parse(second.calls[0]!.body).idempotencyKey).toBe(JSON.parse(first.calls[0]!.body).idempotencyKey);
    await db.destroy();
  });

  it('two workers at once never deliver a row twice', async () => {
    const path = `/tmp/pasokh-outbox-two-${process.pid}-${Date.now()}.db`;
    const { openDatabase, migrateToLatest } = await import('../../../src/lib/db/index.ts');
    const a = openDatabase(path);
    await migrateToLatest(a);
    const b = openDatabase(path);
    // Each from its own address: one address gets only a few confirmations a day.
    for (let i = 0; i < 30; i++) await request(a, { receivers: ['webhook'], email: `customer${i}@example.com` });
    const hook = receiver([]);
    const deps = { config: config(), mailer: memoryMailer(), fetch: hook.fetch, limit: 4 };
    // Eight workers on two connections race for the same rows, round after round, until none is left.
    for (let round = 0; round < 40 && (await deliveries(a)).some((r) => r.state !== 'delivered'); round++) {
      await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => deliverDue(i % 2 ? a : b, deps)));
    }
    const rows = await deliveries(a);
    expect(rows.filter((r) => r.state === 'delivered')).toHaveLength(60);
    expect(hook.calls).toHaveLength(30);
    expect(new Set(hook.calls.map((c) => c.headers['idempotency-key'])).size).toBe(30);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    await a.destroy();
    await b.destroy();
  });

  it('records why a delivery cannot be made: no secret, a network error', async () => {
    const db = await testDb();
    await request(db);
    const failing = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    await deliverDue(db, { config: config({ webhookSecret: undefined }), mailer: memoryMailer(), now: () => T0 });
    expect((await deliveries(db))[0]).toMatchObject({
      state: 'pending',
      last_error: 'SUPPORT_WEBHOOK_SECRET is not set',
    });
    await deliverDue(db, { config: config(), mailer: memoryMailer(), fetch: failing, now: () => T0 + 3_600_000 });
    expect((await deliveries(db))[0]).toMatchObject({
      state: 'pending',
      failures: 2,
      last_error: 'fetch failed (ECONNREFUSED)',
    });
  });

  it('the worker delivers on a kick and stops cleanly', async () => {
    const db = await testDb();
    const mailer = memoryMailer();
    const hook = receiver([]);
    const worker = startDeliveryWorker(db, { config: config(), mailer, fetch: hook.fetch, pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 20));
    await request(db, { receivers: ['webhook', 'support_mail'] }, Date.now());
    wakeDeliveryWorker();
    for (let i = 0; i < 100 && mailer.sent.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    expect(hook.calls).toHaveLength(1);
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['customer@example.com', 'support@pasokh.example']);
    expect(mailer.sent.find((m) => m.to === 'support@pasokh.example')!.subject).toMatch(
      /^\[PSK-[0-9A-Z]{4}-[0-9A-Z]{4}\] Invoice is missing$/,
    );
    expect(oneLine(mailer.sent[0]!.subject)).toBe(mailer.sent[0]!.subject);
  });

  it('stops at once during a slow delivery and hands its claims back for the next start', async () => {
    const db = await testDb();
    let called!: () => void;
    const attempted = new Promise<void>((resolve) => (called = resolve));
    // A receiver that answers only when the attempt is given up (the test config waits 5 s).
    const slow = ((_url: string | URL | Request, init?: RequestInit) => {
      called();
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
      );
    }) as typeof fetch;
    const mailer = memoryMailer();
    const worker = startDeliveryWorker(db, { config: config(), mailer, fetch: slow, pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 20));
    await request(db, { receivers: ['webhook', 'support_mail'] }, Date.now());
    wakeDeliveryWorker();
    await attempted;
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(mailer.sent).toEqual([]);
    // Both pending and due, no failure counted; only the webhook's attempt was made.
    const rows = await deliveries(db);
    expect(rows.map((r) => [r.receiver, r.state, r.failures, r.attempts, r.lease_token])).toEqual([
      ['webhook', 'pending', 0, 1, null],
      ['support_mail', 'pending', 0, 0, null],
      ['confirmation', 'pending', 0, 0, null],
    ]);
    expect(rows.every((r) => r.next_attempt_at <= Date.now())).toBe(true);
  });
});

describe('contact flows', () => {
  it('continue for the same visitor, end once, and only trust their own id', async () => {
    const db = await testDb();
    const a = await startOrResumeFlow(db, { locale: 'fa', visitor: 'v1', userId: null }, T0);
    expect(a.resumed).toBe(false);
    expect(await startOrResumeFlow(db, { locale: 'fa', visitor: 'v1', userId: null }, T0 + 60_000)).toEqual({
      id: a.id,
      resumed: true,
    });
    expect((await startOrResumeFlow(db, { locale: 'ru', visitor: 'v1', userId: null }, T0)).id).not.toBe(a.id);
    expect(await ownFlow(db, a.id, 'v2')).toBeUndefined();
    expect(await ownFlow(db, a.id, 'v1')).toMatchObject({ id: a.id, outcome: 'open' });
    expect(await deflectFlow(db, a.id, { kind: 'article', ref: 'fa/x/y' }, T0 + 2)).toBe(true);
    expect(await deflectFlow(db, a.id, { kind: 'thread', ref: '3' }, T0 + 3)).toBe(false);
    const idle = await startOrResumeFlow(db, { locale: 'en', visitor: 'v3', userId: null }, T0);
    expect(await closeIdleFlows(db, T0 + FLOW_IDLE_MS + 1)).toBe(2);
    expect(
      await startOrResumeFlow(db, { locale: 'en', visitor: 'v3', userId: null }, T0 + FLOW_IDLE_MS + 2),
    ).not.toEqual({ id: idle.id, resumed: true });
  });

  it('accept only suggestions that exist', async () => {
    const db = await testDb();
    const keys = ['a:fa/x/y', 'a:fa/nope/nope', 't:1', 't:abc', 'x:1', 'a:../../etc'];
    expect(await knownSuggestions(db, keys, new Set(['fa/x/y']))).toEqual([{ kind: 'article', ref: 'fa/x/y' }]);
  });
});

describe('contact funnel figures', () => {
  it('equal a plain recount of random raw events, per locale and period', async () => {
    const db = await testDb();
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    const locales = ['fa', 'ru', 'en'] as const;
    const articles = ['fa/a/one', 'fa/a/two', 'ru/a/one', 'en/a/one', 'en/b/two'];
    const DAY = 86_400_000;
    const start = Date.parse('2026-11-01T00:00:00Z');
    // Independent ledger of what happened.
    const flows: {
      visitor: string;
      locale: string;
      at: number;
      outcome: string;
      kind?: string;
      ref?: string;
      shown: string[];
      subject?: string;
      reference?: string;
      requestAt?: number;
    }[] = [];
    const views: { visitor: string; article: string; at: number }[] = [];
    const extraRequests: { visitor: string; locale: string; at: number }[] = [];
    for (let v = 0; v < 120; v++) {
      const visitor = `visitor-${v}`;
      for (let k = Math.floor(rand() * 4); k > 0; k--) {
        const at = start + Math.floor(rand() * 40 * DAY);
        const article = pick(articles);
        const day = new Date(at).toISOString().slice(0, 10);
        if (
          views.some(
            (x) => x.visitor === visitor && x.article === article && new Date(x.at).toISOString().slice(0, 10) === day,
          )
        )
          continue;
        views.push({ visitor, article, at });
        await db.insertInto('article_views').values({ article, visitor, day, at }).execute();
      }
      if (rand() < 0.6) {
        const locale = pick(locales);
        const at = start + Math.floor(rand() * 40 * DAY);
        const { id } = await startOrResumeFlow(db, { locale, visitor, userId: null }, at);
        const shown = articles.filter((a) => a.startsWith(`${locale}/`) && rand() < 0.5);
        await recordSuggestions(
          db,
          id,
          shown.map((ref) => ({ kind: 'article' as const, ref })),
          at + 1000,
        );
        const flow: (typeof flows)[number] = { visitor, locale, at, outcome: 'open', shown };
        const r = rand();
        if (r < 0.35) {
          const thread = rand() < 0.4;
          const ref = thread ? String(1 + Math.floor(rand() * 3)) : (shown[0] ?? `${locale}/a/one`);
          await deflectFlow(db, id, { kind: thread ? 'thread' : 'article', ref }, at + 2000);
          Object.assign(flow, { outcome: 'deflected', kind: thread ? 'thread' : 'article', ref });
          if (!thread && !shown.includes(ref)) shown.push(ref);
        } else if (r < 0.7) {
          const subject = `Subject ${v}`;
          const sent = await request(db, { flowId: id, visitor, locale, subject }, at + 3000);
          Object.assign(flow, { outcome: 'submitted', subject, reference: sent.reference, requestAt: at + 3000 });
        }
        flows.push(flow);
      } else if (rand() < 0.1) {
        const at = start + Math.floor(rand() * 40 * DAY);
        const locale = pick(locales);
        await request(db, { visitor, locale }, at);
        extraRequests.push({ visitor, locale, at });
      }
    }
    // Flows nobody finished are abandoned once idle.
    await closeIdleFlows(db, start + 60 * DAY);
    for (const f of flows) if (f.outcome === 'open') f.outcome = 'abandoned';

    const TZ_OFFSET = 3.5 * 3600_000; // Asia/Tehran, no daylight saving since 2022
    const localDayOf = (ms: number) => new Date(ms + TZ_OFFSET).toISOString().slice(0, 10);
    for (const locale of [undefined, 'fa', 'ru']) {
      const fromDay = '2026-11-05';
      const toDay = '2026-11-25';
      const fromMs = Date.parse(`${fromDay}T00:00:00Z`) - TZ_OFFSET;
      const toMs = Date.parse('2026-11-26T00:00:00Z') - TZ_OFFSET;
      const inScope = (at: number, l: string) => at >= fromMs && at < toMs && (!locale || l === locale);
      const got = await contactDashboard(db, { fromMs, toMs, fromDay, toDay, timeZone: 'Asia/Tehran', locale });
      const ours = flows.filter((f) => inScope(f.at, f.locale));
      const requests = [
        ...flows
          .filter((f) => f.requestAt !== undefined)
          .map((f) => ({ visitor: f.visitor, locale: f.locale, at: f.requestAt! })),
        ...extraRequests,
      ].filter((r) => inScope(r.at, r.locale));
      const visitors = new Set([
        ...views.filter((x) => inScope(x.at, x.article.slice(0, 2))).map((x) => x.visitor),
        ...ours.map((f) => f.visitor),
      ]);
      const askers = new Set(requests.map((r) => r.visitor));
      const count = (outcome: string, kind?: string) =>
        ours.filter((f) => f.outcome === outcome && (!kind || f.kind === kind)).length;
      expect(got.funnel).toEqual({
        started: ours.length,
        deflected: count('deflected'),
        deflectedByArticle: count('deflected', 'article'),
        deflectedByThread: count('deflected', 'thread'),
        submitted: count('submitted'),
        abandoned: count('abandoned'),
        open: 0,
        requests: requests.length,
        deflectionRate: ours.length ? (count('deflected') / ours.length) * 100 : null,
        helpCenterVisitors: visitors.size,
        requestVisitors: askers.size,
        selfServiceScore: askers.size ? visitors.size / askers.size : null,
      });
      expect(got.funnel.started).toBeGreaterThan(5);
      // Daily series by the viewer's local day.
      for (const d of got.days) {
        const that = ours.filter((f) => localDayOf(f.at) === d.day);
        expect(d, d.day).toEqual({
          day: d.day,
          started: that.length,
          deflected: that.filter((f) => f.outcome === 'deflected').length,
          submitted: that.filter((f) => f.outcome === 'submitted').length,
        });
      }
      expect(got.days).toHaveLength(21);
      expect(got.days.reduce((n, d) => n + d.started, 0)).toBe(ours.length);
      // Deflections per article and per thread.
      const tally = (kind: string) => {
        const m = new Map<string, number>();
        for (const f of ours) if (f.outcome === 'deflected' && f.kind === kind) m.set(f.ref!, (m.get(f.ref!) ?? 0) + 1);
        return m;
      };
      expect(new Map(got.byArticle.map((r) => [r.article, r.count]))).toEqual(tally('article'));
      expect(new Map(got.byThread.map((r) => [String(r.threadId), r.count]))).toEqual(tally('thread'));
      // Subjects of submitted requests, grouped by the articles suggested to them.
      const groups = new Map<string, Set<string>>();
      for (const f of flows) {
        if (f.outcome !== 'submitted' || !inScope(f.requestAt!, f.locale)) continue;
        for (const a of f.shown) groups.set(a, (groups.get(a) ?? new Set()).add(f.reference!));
      }
      expect(new Map(got.failedToDeflect.map((g) => [g.article, g.requests]))).toEqual(
        new Map([...groups].map(([a, s]) => [a, s.size])),
      );
      for (const g of got.failedToDeflect)
        for (const s of g.subjects) expect(groups.get(g.article)!.has(s.reference)).toBe(true);
    }
  });
});
