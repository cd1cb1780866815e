// Demo data for `npm start` outside production. Idempotent: running it twice changes nothing.
import { whileHolding, type Db } from '../../src/lib/db/index.ts';
import type { Role } from '../../src/lib/db/schema.ts';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { expandNotificationFanouts } from '../../src/lib/forum/fanout.ts';
import { setSetting } from '../../src/lib/settings.ts';
import { seedDemoAnalytics } from './analytics.ts';
import { seedForum } from './forum.ts';
import { seedModeration } from './moderation.ts';
import { seedDemoContact } from './contact.ts';

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
}

export interface SeedSummary {
  accounts: DemoAccount[];
}

/** One account per role. The passwords are public: this data never goes to production. */
export const demoAccounts: (DemoAccount & { username: string; name: string; locale: 'fa' | 'ru' | 'en' })[] = [
  {
    role: 'member',
    email: 'member@pasokh.example',
    password: 'demo-member-pass',
    username: 'sara',
    name: 'سارا مشتری',
    locale: 'fa',
  },
  {
    role: 'writer',
    email: 'writer@pasokh.example',
    password: 'demo-writer-pass',
    username: 'maria',
    name: 'Мария Автор',
    locale: 'ru',
  },
  {
    role: 'moderator',
    email: 'moderator@pasokh.example',
    password: 'demo-moderator-pass',
    username: 'reza',
    name: 'رضا ناظر',
    locale: 'fa',
  },
  {
    role: 'admin',
    email: 'admin@pasokh.example',
    password: 'demo-admin-pass',
    username: 'admin',
    name: 'Admin',
    locale: 'en',
  },
];

/** Seeds the demo; two hosts starting at once on one Postgres take turns (the second finds it done). */
export async function seedDemo(db: Db): Promise<SeedSummary> {
  return whileHolding(db, 'seed:demo', seedDemoAlone);
}

/** The newest notification before seeding, once any replies still queued from before are told (as usual). */
async function newestNotificationId(db: Db): Promise<number> {
  while ((await expandNotificationFanouts(db)) > 0);
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * The notifications this seed wrote are written now (the replies' fan-out, as the worker would),
 * so the demo's bells show them at the first start, and count as already looked at for mail: the
 * first `npm start` does not mail the demo accounts weeks of made-up history.
 */
async function settleSeededNotifications(db: Db, after: number): Promise<void> {
  while ((await expandNotificationFanouts(db)) > 0);
  await db
    .updateTable('notifications')
    .set({ mail_batch_id: 0 })
    .where('id', '>', after)
    .where('mail_batch_id', 'is', null)
    .execute();
}

async function seedDemoAlone(db: Db): Promise<SeedSummary> {
  const existing = await db.selectFrom('settings').select('key').where('key', '=', 'support.email').executeTakeFirst();
  if (!existing) await setSetting(db, 'support.email', 'support@pasokh.example');
  for (const account of demoAccounts) {
    const found = await db.selectFrom('users').select('id').where('email', '=', account.email).executeTakeFirst();
    if (!found) await createOrPromoteUser(db, account);
  }
  // The demo accounts are established members (trust level 1): their posts appear at once. A new
  // sign-up starts at level 0, and its first posts wait in the moderation queue.
  await db
    .updateTable('users')
    .set({ trust_level: 1 })
    .where(
      'email',
      'in',
      demoAccounts.map((a) => a.email),
    )
    .where('trust_level', '=', 0)
    .execute();
  const writer = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'writer@pasokh.example')
    .executeTakeFirst();
  await seedDemoAnalytics(db, writer?.id);
  const lastNotification = await newestNotificationId(db);
  await seedForum(db);
  await seedModeration(db);
  await settleSeededNotifications(db, lastNotification);
  await seedDemoContact(db);
  return { accounts: demoAccounts.map(({ role, email, password }) => ({ role, email, password })) };
}
