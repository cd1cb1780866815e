import { describe, expect, it } from 'vitest';
import { acceptAnswer } from '../../../src/lib/forum/answers.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { matchQuery, searchTerms, searchThreads, suggestAnsweredThreads } from '../../../src/lib/forum/search.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { ok } from '../factories.ts';
import { DAY, T0, forum, ask } from './fixture.ts';

describe('search', () => {
  async function corpus() {
    const f = await forum();
    const { db, categoryId, asker, helper } = f;
    const wallet = ok(
      await createThread(
        db,
        asker,
        {
          locale: 'fa',
          categoryId,
          title: 'کیف پول من شارژ نمی‌شود',
          body: 'هر بار که پرداخت می‌کنم خطا می‌دهد. مهارت‌های من کافی نیست!',
        },
        T0,
      ),
    );
    const refund = ok(
      await createThread(
        db,
        helper,
        { locale: 'ru', categoryId, title: 'Ещё не пришёл возврат за заказ', body: 'Прошло две недели, денег нет.' },
        T0,
      ),
    );
    const english = ok(
      await createThread(
        db,
        helper,
        { locale: 'en', categoryId, title: 'Refunds for cancelled orders', body: 'How long do refunds take?' },
        T0,
      ),
    );
    return { ...f, wallet, refund, english };
  }

  it('finds Persian text typed on an Arabic keyboard, with or without ZWNJ, and by word stem', async () => {
    const { db, wallet } = await corpus();
    for (const query of [
      'كيف پول',
      'كيف',
      'نمی شود',
      'نمیشود',
      'نمی‌شود',
      'نميشود',
      'مهارت',
      'مهارتها',
      'مهارت ها',
      'شارژ',
      'پرداخت',
    ]) {
      expect(
        (await searchThreads(db, 'fa', query)).hits.map((h) => h.id),
        query,
      ).toEqual([wallet.threadId]);
    }
    expect((await searchThreads(db, 'fa', 'كيف پول')).hits[0]).toMatchObject({
      postNumber: 1,
      title: 'کیف پول من شارژ نمی‌شود',
    });
    expect((await searchThreads(db, 'fa', 'خطا')).hits[0]!.excerpt).toContain('خطا می‌دهد');
    // Locales do not mix.
    expect((await searchThreads(db, 'en', 'كيف')).hits).toEqual([]);
  });

  it('understands customers’ words as article search does: «кричит» finds «рассерженный», "yelling" finds "angry"', async () => {
    const { db, categoryId, asker, helper, stranger } = await corpus();
    const angryRu = await ask(
      db,
      helper,
      categoryId,
      'Рассерженный клиент требует вернуть деньги',
      'Что ответить, чтобы не сделать хуже?',
      T0,
      'ru',
    );
    const angryEn = await ask(
      db,
      asker,
      categoryId,
      'A customer wants a refund today',
      'He is angry. What do I say first?',
    );
    const angryFa = await ask(db, asker, categoryId, 'مشتری عصبانی پولش را پس می‌خواهد', 'اول چه بگویم؟', T0, 'fa');
    // Threads that share the other words but are not about an angry customer.
    await ask(db, stranger, categoryId, 'Клиент просит копию счёта', 'Куда её отправить?', T0 + DAY, 'ru');
    await ask(db, stranger, categoryId, 'A customer asks for an invoice copy', 'Where do I send it?', T0 + 2 * DAY);
    await ask(db, stranger, categoryId, 'مشتری فاکتور می‌خواهد', 'کجا بفرستم؟', T0 + 3 * DAY, 'fa');
    for (const [locale, query, expected] of [
      ['ru', 'клиент кричит что делать', angryRu],
      ['ru', 'кричит', angryRu],
      ['en', 'customer is yelling at me', angryEn],
      ['en', 'yelling', angryEn],
      ['fa', 'مشتری داد میزنه', angryFa],
      ['fa', 'داد میزنه', angryFa],
    ] as const)
      expect(
        (await searchThreads(db, locale, query)).hits.map((h) => h.id),
        query,
      ).toEqual([expected.threadId]);
    expect((await searchThreads(db, 'en', 'yelling')).hits[0]!.excerpt).toBe('He is angry. What do I say first?');
    // The word as typed still counts: the forms are alternatives, not replacements.
    expect(searchTerms('en', 'customer is yelling')).toEqual(['customer', 'yell']);
  });

  it('reads a Russian query typed in the Latin layout as article search does', async () => {
    const { db, refund } = await corpus();
    expect((await searchThreads(db, 'ru', 'djpdhfn pfrfp')).hits.map((h) => h.id)).toEqual([refund.threadId]);
    expect((await matchQuery(db, 'ru', 'djpdhfn', { mode: 'all', limit: 5 })).correctedQuery).toBe('возврат');
    // Only in Russian, and only when the query as typed finds nothing.
    expect((await searchThreads(db, 'en', 'djpdhfn')).hits).toEqual([]);
  });

  it('folds ё and cuts Russian and English endings on the query side only', async () => {
    const { db, refund, english } = await corpus();
    for (const query of ['еще не пришел возврат', 'ещё', 'возврата', 'ВОЗВРАТ', 'заказы', 'денег']) {
      expect(
        (await searchThreads(db, 'ru', query)).hits.map((h) => h.id),
        query,
      ).toEqual([refund.threadId]);
    }
    for (const query of ['refund', 'refunds', 'cancelled order', 'how long do refunds take']) {
      expect(
        (await searchThreads(db, 'en', query)).hits.map((h) => h.id),
        query,
      ).toEqual([english.threadId]);
    }
    expect(searchTerms('en', 'How do I get my refunds?')).toEqual(['refund']); // «get» is a stop word
    expect(searchTerms('fa', 'چطور كيف پول را شارژ کنم')).toEqual(['کیف', 'پول', 'شارژ']);
    // FTS5 syntax in a query is only ever text.
    for (const query of ['"', 'refund OR', 'title:refund', 'NEAR(a b)', '*', 'refund"*) OR ("x', 'locale:en']) {
      await expect(searchThreads(db, 'en', query)).resolves.toBeDefined();
    }
  });

  it('suggests solved threads first while a question is typed', async () => {
    const { db, categoryId, asker, helper } = await forum();
    const open = await ask(
      db,
      asker,
      categoryId,
      'Export invoices to CSV fails',
      'The export button spins forever.',
      T0 + 10,
    );
    const solved = await ask(db, asker, categoryId, 'Export invoices for the accountant', 'Where is the export?', T0);
    const answer = ok(await reply(db, helper, solved.threadId, 'Invoices → Export.', T0 + 1));
    ok(await acceptAnswer(db, asker, answer.postId, T0 + 2));
    const suggestions = await suggestAnsweredThreads(db, 'en', 'export invo');
    expect(suggestions.map((s) => [s.id, s.solved])).toEqual([
      [solved.threadId, true],
      [open.threadId, false],
    ]);
    expect(await suggestAnsweredThreads(db, 'en', 'ex')).toEqual([]);
  });

  // The same order from FTS5's bm25(4, 1) on SQLite and ts_rank with weights 4:1 on Postgres.
  it('ranks a title match above a body match, and a post about the word above one that mentions it', async () => {
    const { db, categoryId, asker } = await forum();
    const inBody = await ask(
      db,
      asker,
      categoryId,
      'Question about my account settings',
      'Somewhere in a long story about settings, profiles and language choices, the invoice came up once.',
      T0,
    );
    const inTitle = await ask(db, asker, categoryId, 'Invoice totals look wrong', 'The numbers do not add up.', T0 + 1);
    const aboutIt = await ask(
      db,
      asker,
      categoryId,
      'Numbers on a document',
      'Invoice, invoice, invoice: every invoice shows the old tax.',
      T0 + 2,
    );
    const { hits } = await searchThreads(db, 'en', 'invoice');
    expect(hits.map((hit) => hit.id)).toEqual([inTitle.threadId, aboutIt.threadId, inBody.threadId]);
    // Every word must be found before any word is enough.
    const both = await searchThreads(db, 'en', 'invoice tax');
    expect(both.hits.map((hit) => hit.id)).toEqual([aboutIt.threadId]);
  });
});
