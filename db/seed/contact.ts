// Demo contact support for `npm start`: a month of contact flows in fa/ru/en through the same
// lib functions the site uses (some deflected by an article or a solved thread, some sent as
// requests, some left), so the funnel dashboard and the deliveries page have something to show.
// The demo requests' deliveries are stored as already handled (two of them failed, for the
// operator's page), so the worker sends nothing for them. Idempotent: a settings row remembers
// that it ran. Visitor ids start with `demo-contact-`.
import type { Db } from '../../src/lib/db/index.ts';
import { deflectFlow, recordSuggestions, startOrResumeFlow, type FlowSuggestion } from '../../src/lib/contact/flows.ts';
import { submitRequest } from '../../src/lib/contact/requests.ts';
import { demoArticleIds } from './analytics.ts';

const MARKER = 'demo.contact';
const DAY = 86_400_000;
const DAYS = 30;

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Written for this demo: what customers might ask, in their own language.
const subjects: Record<'fa' | 'ru' | 'en', string[]> = {
  fa: [
    'بازپرداخت وجه سفارش لغوشده هنوز نیامده',
    'نمی‌توانم شمارهٔ موبایلم را عوض کنم',
    'فاکتور رسمی با کد اقتصادی لازم دارم',
    'پاسخ تیکت قبلی‌ام نیامده',
  ],
  ru: [
    'Не вернули деньги за отменённый заказ',
    'Как сменить номер телефона в аккаунте',
    'Нужен закрывающий документ для бухгалтерии',
    'Не пришёл ответ на прошлое обращение',
  ],
  en: [
    'Refund for a cancelled order has not arrived',
    'I cannot change my phone number',
    'Need an invoice with our VAT number',
    'No answer to my earlier ticket',
  ],
};

export async function seedDemoContact(db: Db, now = Date.now()): Promise<boolean> {
  const done = await db.selectFrom('settings').select('key').where('key', '=', MARKER).executeTakeFirst();
  if (done) return false;
  const articles = demoArticleIds();
  const threads = await db.selectFrom('threads').select(['id', 'locale']).where('state', '=', 'solved').execute();
  if (!articles.length) return false;
  const rand = random(2026);
  const today = Math.floor(now / DAY) * DAY;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const failed: number[] = [];
  const seeded: number[] = [];
  let n = 0;
  for (let d = DAYS - 1; d >= 0; d--) {
    const perDay = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < perDay; i++) {
      const start = today - d * DAY;
      const at = start + Math.floor(rand() * Math.max(1, Math.min(DAY, now - start) - 60_000));
      const locale = pick(['fa', 'fa', 'ru', 'en'] as const);
      const visitor = `demo-contact-${n++}`;
      const flow = await startOrResumeFlow(db, { locale, visitor, userId: null }, at);
      const ownArticles = articles.filter((a) => a.startsWith(`${locale}/`));
      const ownThreads = threads.filter((t) => t.locale === locale);
      const shown: FlowSuggestion[] = [...new Set([pick(ownArticles), pick(ownArticles)])].map((ref) => ({
        kind: 'article',
        ref,
      }));
      const thread = ownThreads.length && rand() < 0.6 ? pick(ownThreads) : undefined;
      if (thread) shown.push({ kind: 'thread', ref: String(thread.id) });
      await recordSuggestions(db, flow.id, shown, at + 5_000);
      const r = rand();
      if (r < 0.45) {
        const by = thread && rand() < 0.4 ? { kind: 'thread' as const, ref: String(thread.id) } : shown[0]!;
        await deflectFlow(db, flow.id, by, at + 40_000);
      } else if (r < 0.8) {
        const request = await submitRequest(
          db,
          {
            subject: pick(subjects[locale]),
            description: 'Demo request: nothing to answer.',
            email: `customer${n}@example.com`,
            locale,
            visitor,
            userId: null,
            flowId: flow.id,
            receivers: ['webhook', 'support_mail'],
          },
          at + 60_000,
        );
        seeded.push(request.id);
        if (d < 3 && failed.length < 2) failed.push(request.id);
      }
      // else: left without either; the idle sweep closes it as abandoned.
    }
  }
  // Demo requests were "handed over" long ago, except two webhook deliveries that failed.
  // Only the demo's own rows: a real request stored before the demo ran is never touched.
  for (let i = 0; i < seeded.length; i += 500) {
    await db
      .updateTable('contact_deliveries')
      .set((eb) => ({
        state: 'delivered',
        attempts: 1,
        last_attempt_at: eb.ref('created_at'),
        delivered_at: eb.ref('created_at'),
        last_status: 200,
      }))
      .where('request_id', 'in', seeded.slice(i, i + 500))
      .execute();
  }
  if (failed.length) {
    await db
      .updateTable('contact_deliveries')
      .set((eb) => ({
        state: 'failed',
        attempts: 10,
        failures: 10,
        delivered_at: null,
        last_status: 502,
        last_error: 'HTTP 502 Bad Gateway',
        next_attempt_at: eb('created_at', '+', 7 * 3600_000),
      }))
      .where('request_id', 'in', failed)
      .where('receiver', '=', 'webhook')
      .execute();
  }
  await db
    .insertInto('settings')
    .values({ key: MARKER, value: JSON.stringify(new Date(now).toISOString()) })
    .execute();
  return true;
}
