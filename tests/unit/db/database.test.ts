import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, databaseLocation, type Db } from '../../../src/lib/db/index.ts';
import { getSettings, setSetting, defaultSettings } from '../../../src/lib/settings.ts';
import { seedDemo } from '../../../db/seed/demo.ts';
import { migrations } from '../../../db/migrations/index.ts';
import { scheduleNotificationMail } from '../../../src/lib/notification-mail/schedule.ts';

let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe('database', () => {
  it('chooses the file from DATABASE_PATH, with a default under data/', () => {
    expect(databaseLocation({})).toBe('data/pasokh.db');
    expect(databaseLocation({ DATABASE_PATH: '/tmp/x.db' })).toBe('/tmp/x.db');
  });

  it('migrates an empty database and is idempotent', async () => {
    db = openDatabase(':memory:');
    const first = await migrateToLatest(db);
    expect(first.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
    const second = await migrateToLatest(db);
    expect(second.results).toEqual([]);
  });

  it('runs a migration that landed after newer ones had run (branches merged in another order)', async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    // As a database that ran the migrations of a branch before this one was merged sees it.
    const middle = '2026_12_05_0010_review_reminders';
    await migrations[middle]!.down!(db);
    await db
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', middle as never)
      .execute();
    const later = await migrateToLatest(db);
    expect(later.results?.map((r) => [r.migrationName, r.status])).toEqual([[middle, 'Success']]);
    expect(await db.selectFrom('review_reminders').select('id').execute()).toEqual([]);
  });

  it('stores settings as JSON over typed defaults', async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    expect(await getSettings(db)).toEqual(defaultSettings);
    await setSetting(db, 'support.email', 'help@example.org');
    await setSetting(db, 'support.email', 'desk@example.org');
    expect((await getSettings(db))['support.email']).toBe('desk@example.org');
  });

  it('falls back to the default when a stored value is not JSON', async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    await db.insertInto('settings').values({ key: 'support.email', value: '{not json' }).execute();
    expect((await getSettings(db))['support.email']).toBe(defaultSettings['support.email']);
  });

  it('seeds the demo once and keeps an operator’s change', async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    await seedDemo(db);
    await setSetting(db, 'support.email', 'ops@example.org');
    await seedDemo(db);
    expect((await getSettings(db))['support.email']).toBe('ops@example.org');
  });

  it('gives the demo its notifications at once, and mails none of that made-up history', async () => {
    db = openDatabase(':memory:');
    await migrateToLatest(db);
    await seedDemo(db);
    const notifications = await db.selectFrom('notifications').select(['kind', 'mail_batch_id']).execute();
    expect(notifications.filter((n) => n.kind === 'reply').length).toBeGreaterThan(5);
    expect(notifications.every((n) => n.mail_batch_id === 0)).toBe(true);
    expect(await db.selectFrom('notification_fanouts').select('id').execute()).toEqual([]);
    expect(await scheduleNotificationMail(db)).toBe(0);
  });
});
