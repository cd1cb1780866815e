// Sign-in throttling holds for guesses sent in parallel (issue 21, point 9).
import { afterEach, describe, expect, it } from 'vitest';
import { createOrPromoteUser, signIn } from '../../../src/lib/auth/accounts.ts';
import {
  backoffDelay,
  claimAttempt,
  clearFailures,
  recordFailure,
  THROTTLE_RULES,
  throttleWait,
} from '../../../src/lib/auth/throttle.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import { memoryMailer, testDb } from '../helpers.ts';

let db: Db;
afterEach(async () => db?.destroy());

describe('sign-in throttling under parallel guesses', () => {
  it('checks the password of 30 parallel guesses on one account no more often than of 30 sequential ones', async () => {
    db = await testDb();
    await createOrPromoteUser(db, {
      email: 'target@example.com',
      role: 'member',
      name: 'Target',
      password: 'the right password 1',
    });
    const deps = { db, mailer: memoryMailer(), origin: 'https://help.example.com' };
    const now = 1_000_000;
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        signIn(
          deps,
          { email: 'target@example.com', password: `guess ${i}`, addressKey: `ip${i}`, userAgent: '', locale: 'en' },
          now,
        ),
      ),
    );
    const checked = guesses.filter((g) => !g.ok && g.reason === 'invalid').length;
    // One after the other: 5 free failures, the 6th sets the first pause, the 7th waits.
    expect(checked).toBe(THROTTLE_RULES.account.freeFailures + 1);
    expect(guesses.filter((g) => !g.ok && g.reason === 'throttled')).toHaveLength(30 - checked);
  });

  it('one address guessing at many accounts is limited the same way', async () => {
    db = await testDb();
    const deps = { db, mailer: memoryMailer(), origin: 'https://help.example.com' };
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn(
          deps,
          {
            email: `victim${i}@example.com`,
            password: 'password guess',
            addressKey: 'one-ip',
            userAgent: '',
            locale: 'en',
          },
          5_000,
        ),
      ),
    );
    expect(guesses.filter((g) => !g.ok && g.reason === 'invalid')).toHaveLength(
      THROTTLE_RULES.address.freeFailures + 1,
    );
  });

  it('a success takes back the attempt it counted on the address, and clears the account', async () => {
    db = await testDb();
    await createOrPromoteUser(db, {
      email: 'me@example.com',
      role: 'member',
      name: 'Me',
      password: 'my own password 1',
    });
    const deps = { db, mailer: memoryMailer(), origin: 'https://help.example.com' };
    for (let i = 0; i < 3; i++)
      await signIn(
        deps,
        { email: 'me@example.com', password: 'typo', addressKey: 'home', userAgent: '', locale: 'en' },
        10_000,
      );
    expect(
      (
        await signIn(
          deps,
          { email: 'me@example.com', password: 'my own password 1', addressKey: 'home', userAgent: '', locale: 'en' },
          10_000,
        )
      ).ok,
    ).toBe(true);
    const rows = await db.selectFrom('auth_throttle').select(['key', 'failures']).orderBy('key').execute();
    expect(rows).toEqual([{ key: 'address:home', failures: 3 }]);
  });

  it('counts nothing while a key is locked', async () => {
    db = await testDb();
    const keys = [{ key: 'account:x', rule: THROTTLE_RULES.account }];
    for (let i = 0; i < 6; i++) expect(await claimAttempt(db, keys, 0)).toBe(0);
    expect(await claimAttempt(db, keys, 10)).toBe(990);
    expect((await db.selectFrom('auth_throttle').select('failures').executeTakeFirstOrThrow()).failures).toBe(6);
  });
});

describe('throttling', () => {
  it('backs off exponentially after the free attempts, up to the cap', () => {
    const rule = THROTTLE_RULES.account;
    expect([4, 5, 6, 7, 8].map((n) => backoffDelay(n, rule))).toEqual([0, 0, 1_000, 2_000, 4_000]);
    expect(backoffDelay(100, rule)).toBe(rule.maxDelayMs);
  });
  it('is stored in the database, so another handle (a restart) sees it', async () => {
    db = await testDb();
    for (let i = 0; i < 7; i++) await recordFailure(db, 'account:x', THROTTLE_RULES.account, 1_000);
    expect(await throttleWait(db, ['account:x', 'address:y'], 1_000)).toBe(2_000);
    expect(await throttleWait(db, ['account:x'], 3_000)).toBe(0);
    await clearFailures(db, 'account:x');
    expect(await throttleWait(db, ['account:x'], 1_000)).toBe(0);
  });
  it('forgets failures after a quiet day', async () => {
    db = await testDb();
    for (let i = 0; i < 6; i++) await recordFailure(db, 'k', THROTTLE_RULES.account, 0);
    await recordFailure(db, 'k', THROTTLE_RULES.account, 25 * 60 * 60_000);
    const row = await db.selectFrom('auth_throttle').selectAll().executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
  });
});
