// Several app processes on one database (issue 16): two separate handles (two pools on one
// Postgres database; two connections on one SQLite file) race each other, and every counter,
// claim, limit and unique refusal comes out as if the writes had come one after the other.
// On SQLite a write transaction that waits on another handle of the same process blocks the
// event loop the other one needs (busy_timeout), so races of whole transactions run on Postgres
// only; tests/unit/db/locking.test.ts shows SQLite's write lock with a second thread instead.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { recordVote, recordView } from '../../../src/lib/analytics/feedback.ts';
import { queuePasswordReset, sendAccountMails } from '../../../src/lib/auth/account-mail.ts';
import { signUp } from '../../../src/lib/auth/accounts.ts';
import { claimAttempt, THROTTLE_RULES } from '../../../src/lib/auth/throttle.ts';
import { claimDue, deliverDue } from '../../../src/lib/contact/outbox.ts';
import { submitRequest } from '../../../src/lib/contact/requests.ts';
import { isUniqueViolation, openDatabase, type Db } from '../../../src/lib/db/index.ts';
import { seedDemo } from '../../../db/seed/demo.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import type { MailMessage } from '../../../src/lib/mail/index.ts';
import { flagPost } from '../../../src/lib/moderation/flags.ts';
import { addWatchedWord } from '../../../src/lib/moderation/words.ts';
import { hitRateLimit } from '../../../src/lib/rate-limit.ts';
import { ask, forum, T0 } from '../forum/fixture.ts';
import { freshPostgresUrl, memoryMailer, onPostgres, tempSite, testOutboxConfig, testUser } from '../helpers.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Two handles on one migrated database, as two app processes would have. */
async function twoHandles(): Promise<[Db, Db]> {
  if (onPostgres) {
    const url = await freshPostgresUrl();
    const handles: [Db, Db] = [openDatabase(url, { poolSize: 4 }), openDatabase(url, { poolSize: 4 })];
    closers.push(async () => void (await Promise.all(handles.map((db) => db.destroy()))));
    // Every connection of both pools open before the race: opening one takes longer than most transactions.
    await Promise.all(handles.flatMap((db) => Array.from({ length: 4 }, () => sql`SELECT pg_sleep(0.05)`.execute(db))));
    return handles;
  }
  const site = await tempSite();
  const other = openDatabase(site.database);
  closers.push(async () => {
    await other.destroy();
    await site.remove();
  });
  return [site.db, other];
}

/** `count` calls of `task`, alternating between the two handles, all at once. */
const race = <T>(handles: [Db, Db], count: number, task: (db: Db, i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, i) => task(handles[i % 2]!, i)));

const onlyPostgres = it.skipIf(!onPostgres);

describe('two processes on one database', () => {
  it('count article votes and views exactly, the same visitor from both included', async () => {
    const handles = await twoHandles();
    const article = 'en/billing/refunds';
    const visitors = 12;
    // Every visitor votes from both handles (yes from one, no from the other) and views from both.
    const votes = race(handles, visitors * 2, (db, i) =>
      recordVote(db, { article, visitor: `v${i >> 1}`, helpful: i % 2 ? 'no' : 'yes' }, T0),
    );
    const views = race(handles, visitors * 2, (db, i) => recordView(db, { article, visitor: `v${i >> 1}` }, T0));
    const [, counted] = await Promise.all([votes, views]);
    expect(counted.filter(Boolean)).toHaveLength(visitors);
    const [db] = handles;
    const daily = await db
      .selectFrom('article_daily')
      .select(['helpful', 'unhelpful', 'views'])
      .where('article', '=', article)
      .executeTakeFirstOrThrow();
    const rows = await db.selectFrom('article_votes').select('helpful').where('article', '=', article).execute();
    expect(rows).toHaveLength(visitors);
    expect(daily).toEqual({
      helpful: rows.filter((r) => r.helpful === 1).length,
      unhelpful: rows.filter((r) => r.helpful === 0).length,
      views: visitors,
    });
  });

  it('let exactly the limit of parallel hits through a rate-limit bucket', async () => {
    const handles = await twoHandles();
    const limit = { max: 20, windowMs: 60_000 };
    const hits = await race(handles, 50, (db) => hitRateLimit(db, 'race:bucket', limit, T0));
    expect(hits.filter((h) => h.allowed)).toHaveLength(limit.max);
  });

  onlyPostgres('count parallel sign-in attempts on one throttle key as if made one by one', async () => {
    const handles = await twoHandles();
    const rule = THROTTLE_RULES.account;
    const waits = await race(handles, 30, (db) => claimAttempt(db, [{ key: 'account:race', rule }], T0));
    // 5 free failures, the 6th sets the first pause, every later one waits.
    expect(waits.filter((w) => w === 0)).toHaveLength(rule.freeFailures + 1);
    const [db] = handles;
    const row = await db.selectFrom('auth_throttle').select('failures').executeTakeFirstOrThrow();
    expect(row.failures).toBe(rule.freeFailures + 1);
  });

  /** `count` contact requests, each with a support mail and a confirmation to deliver. */
  async function requests(db: Db, count: number) {
    for (let i = 0; i < count; i++)
      await submitRequest(
        db,
        {
          subject: `Question ${i}`,
          description: 'Where is my invoice?',
          email: `customer${i}@example.com`,
          locale: 'en',
          visitor: `v${i}`,
          userId: null,
          flowId: null,
          receivers: ['support_mail'],
        },
        T0,
      );
    return count * 2;
  }

  // Two hosts that start at once both seed the demo (a staging site on one Postgres).
  onlyPostgres('seed the demo once when two hosts seed at once', async () => {
    const handles = await twoHandles();
    await race(handles, 2, (db) => seedDemo(db));
    const tables = ['users', 'threads', 'posts', 'contact_requests', 'flags'] as const;
    const counts = (db: Db) =>
      Promise.all(
        tables.map(async (table) =>
          Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
        ),
      );
    // What one seed alone leaves, on a database of its own.
    const alone = openDatabase(await freshPostgresUrl(), { poolSize: 2 });
    closers.push(() => alone.destroy());
    await seedDemo(alone);
    expect(await counts(handles[0])).toEqual(await counts(alone));
  });

  it('give every outbox delivery to exactly one of two workers claiming at once', async () => {
    const handles = await twoHandles();
    const deliveries = await requests(handles[0], 10);
    const claimed: number[] = [];
    for (let round = 0; round < 20; round++) {
      const claims = await race(handles, 4, (db) => claimDue(db, { now: T0 + 1_000, leaseMs: 60_000, limit: 3 }));
      if (!claims.flat().length) break;
      // Postgres skips the rows another claim is taking (SKIP LOCKED), so none comes back empty-handed
      // while enough are due; without it, the later claims wait for those rows and then find them taken.
      if (onPostgres && round === 0) expect(claims.map((c) => c.length)).toEqual([3, 3, 3, 3]);
      claimed.push(...claims.flat().map((c) => c.id));
    }
    expect(claimed).toHaveLength(deliveries);
    expect(new Set(claimed).size).toBe(deliveries);
  });

  it('send every outbox delivery once when two workers deliver at once', async () => {
    const handles = await twoHandles();
    const deliveries = await requests(handles[0], 10);
    const sent: MailMessage[] = [];
    const mailer = {
      async send(message: MailMessage) {
        await new Promise((resolve) => setTimeout(resolve, 2)); // an SMTP round trip, for the other worker to act in
        sent.push(message);
      },
    };
    const deps = { config: testOutboxConfig({ webhookUrl: undefined }), mailer, now: () => T0 + 1_000, limit: 3 };
    for (let round = 0; round < 20; round++) {
      const tallies = await race(handles, 2, (db) => deliverDue(db, deps));
      if (!tallies.some((t) => t.claimed)) break;
    }
    expect(sent).toHaveLength(deliveries);
    const rows = await handles[0].selectFrom('contact_deliveries').select(['state', 'attempts']).execute();
    expect(rows).toHaveLength(deliveries);
    expect(rows.every((r) => r.state === 'delivered' && r.attempts === 1)).toBe(true);
  });

  it('send each queued account mail once when two workers take jobs at once', async () => {
    const handles = await twoHandles();
    const members = await Promise.all(Array.from({ length: 10 }, (_, i) => testUser(handles[0], `Forgetful ${i}`)));
    for (const member of members) await queuePasswordReset(handles[0], { email: member.email, locale: 'en' }, T0);
    const mailer = memoryMailer();
    for (let round = 0; round < 20; round++) {
      const taken = await race(handles, 4, (db) =>
        sendAccountMails({ db, mailer, origin: 'https://help.example.com' }, { now: T0, limit: 2 }),
      );
      if (!taken.some(Boolean)) break;
      // Each worker takes at most its limit; on Postgres none waits for another's jobs and comes back empty.
      expect(Math.max(...taken)).toBeLessThanOrEqual(2);
      if (onPostgres && round === 0) expect(taken).toEqual([2, 2, 2, 2]);
    }
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(members.map((m) => m.email).sort());
  });

  it('refuse the same duplicates on both databases: a post vote, a flag, a username', async () => {
    const handles = await twoHandles();
    const [db] = handles;
    const { categoryId, asker, helper } = await forum(db);
    const { postId } = await ask(db, asker, categoryId, 'Where do refunds go?');
    const item = await db
      .insertInto('review_items')
      .values({
        kind: 'flag',
        post_id: postId,
        thread_id: (await db.selectFrom('posts').select('thread_id').where('id', '=', postId).executeTakeFirstOrThrow())
          .thread_id,
        author_id: asker.id,
        data: null,
        claimed_by: null,
        claimed_until: null,
        created_at: T0,
        updated_at: T0,
        resolved_at: null,
        resolved_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inserts = {
      post_votes: (d: Db) =>
        d.insertInto('post_votes').values({ post_id: postId, user_id: helper.id, created_at: T0 }).execute(),
      flags: (d: Db) =>
        d
          .insertInto('flags')
          .values({
            post_id: postId,
            user_id: helper.id,
            reason: 'spam',
            note: null,
            trusted: 0,
            item_id: item.id,
            created_at: T0,
          })
          .execute(),
      users: (d: Db, i: number) =>
        d
          .insertInto('users')
          .values({
            email: `twin${i}@example.com`,
            password_hash: 'x',
            username: i ? 'Twin' : 'twin',
            username_skeleton: 'twin',
            display_name: 'Twin',
            name_skeleton: 'twin',
            locale: 'en',
            email_verified_at: null,
            suspended_until: null,
            silenced_until: null,
          })
          .execute(),
    };
    const column = { post_votes: 'user_id', flags: 'user_id', users: 'username_skeleton' };
    for (const [table, insert] of Object.entries(inserts) as [
      keyof typeof inserts,
      (d: Db, i: number) => Promise<unknown>,
    ][]) {
      const results = await Promise.allSettled(handles.map((d, i) => insert(d, i)));
      expect(
        results.filter((r) => r.status === 'fulfilled'),
        table,
      ).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected')!;
      expect(isUniqueViolation(refused.reason, { table, column: column[table] }), table).toBe(true);
      expect(isUniqueViolation(refused.reason, { table, column: 'id' }), table).toBe(false);
    }
  });

  it('sign up one of two people taking the same username at once, and tell the other it is taken', async () => {
    const handles = await twoHandles();
    const results = await race(handles, 2, (db, i) =>
      signUp(
        { db, mailer: memoryMailer(), origin: 'https://help.example.com' },
        {
          email: `first${i}@example.com`,
          username: 'same_name',
          name: `Person ${i}`,
          password: 'a long password 1',
          locale: 'en',
        },
      ),
    );
    expect(results).toContainEqual({ ok: true });
    expect(results).toContainEqual({ ok: false, errors: { username: 'taken' } });
  });

  onlyPostgres('count each member’s post vote once, voted from both processes at once', async () => {
    const handles = await twoHandles();
    const { categoryId, asker } = await forum(handles[0]);
    const { postId } = await ask(handles[0], asker, categoryId, 'Which plan has invoices?');
    const voters = await Promise.all(Array.from({ length: 8 }, (_, i) => testUser(handles[0], `Voter ${i}`)));
    const outcomes = await race(handles, voters.length * 2, (db, i) => votePost(db, voters[i >> 1]!, postId, T0));
    expect(outcomes.filter((o) => o.ok && o.changed)).toHaveLength(voters.length);
    const post = await handles[0]
      .selectFrom('posts')
      .select('vote_score')
      .where('id', '=', postId)
      .executeTakeFirstOrThrow();
    expect(post.vote_score).toBe(voters.length);
  });

  onlyPostgres(
    'hide a post when parallel flags from both processes reach the threshold, with one review item',
    async () => {
      const handles = await twoHandles();
      const { categoryId, asker } = await forum(handles[0]);
      const { threadId } = await ask(handles[0], asker, categoryId, 'Refund after a year?');
      const postId = (
        await handles[0].selectFrom('posts').select('id').where('thread_id', '=', threadId).executeTakeFirstOrThrow()
      ).id;
      const flaggers = await Promise.all(Array.from({ length: 6 }, (_, i) => testUser(handles[0], `Flagger ${i}`)));
      const outcomes = await race(handles, flaggers.length, (db, i) =>
        flagPost(db, flaggers[i]!, postId, { reason: 'spam' }, T0),
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(outcomes.filter((o) => o.ok && o.hidden)).toHaveLength(1);
      const items = await handles[0].selectFrom('review_items').select('id').where('post_id', '=', postId).execute();
      expect(items).toHaveLength(1);
    },
  );

  onlyPostgres('add a watched word that moderators add at once one time', async () => {
    const handles = await twoHandles();
    const moderator = await testUser(handles[0], 'Moderator', { role: 'moderator' });
    const added = await race(handles, 8, (db) =>
      addWatchedWord(db, moderator, { locale: 'en', word: 'casino', action: 'hold' }, T0),
    );
    expect(added.every((a) => a.ok)).toBe(true);
    expect(added.filter((a) => a.ok && a.created)).toHaveLength(1);
    expect(await handles[0].selectFrom('watched_words').select('id').execute()).toHaveLength(1);
  });
});
