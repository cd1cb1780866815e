// Concurrent writers on one SQLite file: every write transaction waits its turn for the write
// lock instead of failing with "database is locked" (issue 21, point 1).
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startVoteIntakeThread } from '../../../src/lib/analytics/vote-intake-thread.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { editPost, reply } from '../../../src/lib/forum/posts.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import { watchThread } from '../../../src/lib/forum/watches.ts';
import {
  addWatchedWord,
  claimReviewItem,
  flagPost,
  hideItemPost,
  listReviewItems,
  lockThread,
  pinThread,
  restoreItemPost,
  setTrustLevel,
  unclaimReviewItem,
  unlockThread,
  unpinThread,
  updateModerationSettings,
  warnUser,
} from '../../../src/lib/moderation/index.ts';
import { ok } from '../factories.ts';
import { onPostgres, tempSite, testUser } from '../helpers.ts';

const ARTICLE = 'fa/agent-skills/patience-and-empathy';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A migrated SQLite file (and a built site publishing ARTICLE), removed after the test. */
async function fileDb(): Promise<{ db: Db; path: string; clientDir: string }> {
  const site = await tempSite([ARTICLE]);
  cleanups.push(() => site.remove());
  return { db: site.db, path: site.database, clientDir: site.clientDir };
}

// SQLite's BEGIN IMMEDIATE; on Postgres, tests/unit/db/concurrency.test.ts shows the same guarantees.
describe.skipIf(onPostgres)('write transactions on a shared SQLite file', () => {
  it('hold the write lock from BEGIN, so a write by another connection cannot slip in between a read and a write', async () => {
    const { db, path } = await fileDb();
    const other = new SQLite(path);
    other.pragma('busy_timeout = 0');
    cleanups.push(() => {
      other.close();
    });
    let otherWrite = 'written';
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('settings').selectAll().execute();
      try {
        other.prepare(`insert into settings (key, value) values ('other', '1')`).run();
      } catch (error) {
        otherWrite = (error as { code?: string }).code ?? String(error);
      }
      // With a deferred BEGIN, this write failed: SQLITE_BUSY_SNAPSHOT ("database is locked").
      await trx.insertInto('settings').values({ key: 'ours', value: '2' }).execute();
    });
    expect(otherWrite).toBe('SQLITE_BUSY');
    expect((await db.selectFrom('settings').select('key').where('key', '=', 'ours').execute()).length).toBe(1);
  });

  it('read-only transactions still start deferred and leave the write lock free', async () => {
    const { db, path } = await fileDb();
    const other = new SQLite(path);
    other.pragma('busy_timeout = 0');
    cleanups.push(() => {
      other.close();
    });
    await db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        await trx.selectFrom('settings').selectAll().execute();
        other.prepare(`insert into settings (key, value) values ('other', '1')`).run();
      });
  });

  it('every kind of moderator and member write beside a flow of article votes: no "database is locked"', async () => {
    const { db, path, clientDir } = await fileDb();
    const { id: categoryId } = await saveCategory(db, 'system', {
      slug: 'billing',
      titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
    });
    const moderator = await testUser(db, 'Moderator', { role: 'moderator' });
    const members = await Promise.all(['Ann', 'Ben', 'Cai', 'Dan'].map((name) => testUser(db, name)));
    const thread = ok(
      await createThread(db, members[0]!, {
        locale: 'en',
        categoryId,
        title: 'Refund for a cancelled order',
        body: 'Where is my refund for order 42?',
      }),
    );

    // Votes from many visitors and addresses, 20 in flight at a time, on the intake's own thread.
    const intake = startVoteIntakeThread({ database: path, clientDir });
    cleanups.push(() => intake.stop());
    // The thread's first answer: it has started and opened its database.
    expect(
      (
        await intake.submit({
          fields: { article: ARTICLE, helpful: 'yes' },
          userAgent: BROWSER,
          clientAddress: '198.51.100.99',
          visitor: 'warm-up',
        })
      ).ok,
    ).toBe(true);
    let stop = false;
    let votes = 0;
    const voteErrors: string[] = [];
    const voters = Array.from({ length: 20 }, async (_, lane) => {
      while (!stop) {
        const n = votes++;
        const outcome = await intake
          .submit({
            fields: { article: ARTICLE, helpful: n % 2 ? 'yes' : 'no' },
            userAgent: BROWSER,
            clientAddress: `198.51.100.${lane}`,
            visitor: `v${n}`,
          })
          .catch((error: unknown) => ({ ok: false, error: String(error) }));
        if (!outcome.ok && 'error' in outcome && outcome.error !== 'rateLimited')
          voteErrors.push(String(outcome.error));
      }
    });

    const errors: string[] = [];
    let writes = 0;
    const refusals: string[] = [];
    const attempt = async (what: string, write: () => Promise<unknown>) => {
      // Each write is its own request: let the votes' messages through between them, as the
      // server's event loop does (SQLite calls here are synchronous, so nothing else would run).
      await new Promise((resolve) => setTimeout(resolve, 2));
      writes++;
      try {
        const outcome = await write();
        if (outcome && typeof outcome === 'object' && 'ok' in outcome && !outcome.ok)
          refusals.push(`${what}: ${JSON.stringify(outcome)}`);
      } catch (error) {
        errors.push(`${what}: ${String(error)}`);
      }
    };
    const admin = await testUser(db, 'Admin', { role: 'admin' });
    const target = await testUser(db, 'Target');
    for (let round = 0; round < 40; round++) {
      const member = members[round % members.length]!;
      await attempt('ask', () =>
        createThread(db, member, {
          locale: 'en',
          categoryId,
          title: `Question number ${round} about refunds`,
          body: `Round ${round}: how long does a refund to a card take?`,
        }),
      );
      await attempt('edit', () =>
        editPost(db, members[0]!, thread.postId, { body: `Where is my refund for order 42? (edit ${round})` }),
      );
      await attempt('watch', () => watchThread(db, member, thread.threadId));
      await attempt('trust level', () => setTrustLevel(db, moderator, target.id, 1 + (round % 2), 'load test'));
      await attempt('warn', () => warnUser(db, moderator, target.id, { reason: 'load test' }));
      await attempt('settings', () =>
        updateModerationSettings(db, admin, { 'moderation.claimMinutes': 15 + (round % 2) }, 'load test'),
      );
      await attempt('lock', () => lockThread(db, moderator, thread.threadId, 'load test'));
      await attempt('unlock', () => unlockThread(db, moderator, thread.threadId, 'load test'));
      await attempt('watched word', () =>
        addWatchedWord(db, moderator, { locale: 'en', word: `spamword${round}`, action: round % 2 ? 'block' : 'hold' }),
      );
      await attempt('pin', () => pinThread(db, moderator, thread.threadId, 'load test'));
      await attempt('unpin', () => unpinThread(db, moderator, thread.threadId, 'load test'));
      await attempt('reply', async () => {
        const posted = ok(
          await reply(
            db,
            member,
            thread.threadId,
            `Reply number ${round}: the refund arrived after ${round + 3} days.`,
          ),
        );
        await attempt('vote', () => votePost(db, members[(round + 1) % members.length]!, posted.postId));
        await attempt('flag', () =>
          flagPost(db, members[(round + 2) % members.length]!, posted.postId, { reason: 'offTopic' }),
        );
      });
      const item = (await listReviewItems(db, moderator)).items[0];
      if (item) {
        await attempt('claim', () => claimReviewItem(db, moderator, item.id));
        await attempt('unclaim', () => unclaimReviewItem(db, moderator, item.id));
        await attempt('hide', () => hideItemPost(db, moderator, { itemId: item.id }, 'load test'));
        await attempt('restore', () => restoreItemPost(db, moderator, { itemId: item.id }, 'load test'));
      }
    }
    stop = true;
    await Promise.all(voters);
    console.log(
      `locking under vote load: ${votes} votes beside ${writes} moderator/member writes, ${errors.length} write errors, ${voteErrors.length} vote errors`,
    );
    expect(errors).toEqual([]);
    expect(voteErrors).toEqual([]);
    // Every write was carried out, not refused before it reached the database.
    expect(refusals).toEqual([]);
    expect(votes).toBeGreaterThan(100);
  }, 60_000);
});
