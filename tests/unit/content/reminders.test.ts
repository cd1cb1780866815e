// Weekly review reminders (issue 19): who gets one and with what, at most one per owner and ISO
// week however many processes plan and send at once (SQLite and Postgres), none when nothing is
// due, retries, and the mail itself in the owner's language (rtl Persian with Solar Hijri dates).
import { afterEach, describe, expect, it } from 'vitest';
import { recordVote } from '../../../src/lib/analytics/feedback.ts';
import {
  dueByOwner,
  planReviewReminders,
  reminderMail,
  reviewReminderRound,
  sendReviewReminders,
  type ReminderItem,
} from '../../../src/lib/content/reminders.ts';
import { translationStatus } from '../../../src/lib/content/status.ts';
import type { Db } from '../../../src/lib/db/index.ts';
import type { Mailer } from '../../../src/lib/mail/index.ts';
import { memoryMailer, testDb, testUser } from '../helpers.ts';
import { statusArticle } from './status-fixture.ts';
import { isoWeek } from '../../../src/lib/mail/weekly.ts';

const ORIGIN = 'https://help.example.com';
const NOW = Date.parse('2026-12-05T09:00:00Z'); // a Saturday of 2026-W49
const DAY = 86_400_000;
let db: Db;
afterEach(async () => db?.destroy());

const article = statusArticle;

/** Maria owns a late Persian article, a Russian one readers found unhelpful, and a late draft; Ali a current one. */
const groups = translationStatus([
  article('fa/skills/patience', { title: 'صبر و همدلی', owner: 'maria', reviewBy: '2026-11-30', translationKey: 'p' }),
  article('ru/skills/patience', { title: 'Терпение', owner: 'Maria', reviewBy: '2027-06-01', translationKey: 'p' }),
  article('fa/skills/draft', { owner: 'maria', reviewBy: '2026-01-01', draft: true }),
  article('en/skills/fresh', { owner: 'ali', reviewBy: '2027-01-01' }),
  article('en/skills/nobody', { reviewBy: '2026-01-01' }),
]);

async function votes(articleId: string, yes: number, no: number) {
  for (let i = 0; i < yes + no; i++)
    await recordVote(
      db,
      { article: articleId, helpful: i < yes ? 'yes' : 'no', visitor: `v${articleId}${i}` },
      NOW - DAY,
    );
}

/** A writer (or another role) whose account is in `locale` (the factory leaves the column to its default). */
async function account(
  name: string,
  username: string,
  role: 'writer' | 'admin' | 'member',
  locale = 'en',
  email?: string,
) {
  const user = await testUser(db, name, { role, username, ...(email ? { email } : {}) });
  await db.updateTable('users').set({ locale }).where('id', '=', user.id).execute();
  return user;
}

async function reminderRows() {
  return db.selectFrom('review_reminders').selectAll().orderBy('id').execute();
}

describe('isoWeek', () => {
  it('numbers weeks from Monday, week 1 holding the first Thursday', () => {
    expect(isoWeek(NOW)).toBe('2026-W49');
    expect(isoWeek(Date.parse('2026-11-30T00:00:00Z'))).toBe('2026-W49'); // Monday
    expect(isoWeek(Date.parse('2026-12-06T23:59:59Z'))).toBe('2026-W49'); // Sunday
    expect(isoWeek(Date.parse('2026-12-07T00:00:00Z'))).toBe('2026-W50');
    expect(isoWeek(Date.parse('2021-01-03T12:00:00Z'))).toBe('2020-W53');
    expect(isoWeek(Date.parse('2024-12-30T12:00:00Z'))).toBe('2025-W01');
    expect(isoWeek(Date.parse('2026-01-01T12:00:00Z'))).toBe('2026-W01');
  });
});

describe('dueByOwner', () => {
  it('lists published articles past review or low in helpfulness, per owner as written', () => {
    const help = new Map([
      ['ru/skills/patience', { helpful: 4, unhelpful: 8, votes: 12, percent: 100 / 3 }],
      ['en/skills/fresh', { helpful: 1, unhelpful: 3, votes: 4, percent: 25 }], // too few votes to count
    ]);
    const due = dueByOwner(groups, help, '2026-12-05');
    expect([...due.keys()]).toEqual(['maria', 'Maria']);
    expect(due.get('maria')).toEqual([
      {
        id: 'fa/skills/patience',
        locale: 'fa',
        title: 'صبر و همدلی',
        path: '/fa/skills/patience/',
        reviewBy: '2026-11-30',
        helpful: undefined,
      },
    ]);
    expect(due.get('Maria')![0]).toMatchObject({
      id: 'ru/skills/patience',
      reviewBy: undefined,
      helpful: { votes: 12 },
    });
  });
});

describe('planning and sending', () => {
  it('plans one reminder per writer with something due, once per week, whoever plans it', async () => {
    db = await testDb();
    const maria = await account('Мария', 'maria', 'writer', 'ru');
    await account('Ali', 'ali', 'writer');
    await votes('ru/skills/patience', 3, 9);
    // Two processes (or hosts) plan at the same moment: one row.
    const planned = await Promise.all([planReviewReminders(db, groups, NOW), planReviewReminders(db, groups, NOW)]);
    expect(planned.reduce((a, b) => a + b, 0)).toBe(1);
    const [row] = await reminderRows();
    expect(row).toMatchObject({ user_id: maria.id, week: '2026-W49', state: 'pending' });
    // "maria" and "Maria" are one account: both articles, the late one and the unhelpful one.
    expect((JSON.parse(row!.items) as ReminderItem[]).map((i) => i.id)).toEqual([
      'fa/skills/patience',
      'ru/skills/patience',
    ]);
    // Later the same week (another hourly check): nothing new, even with more due.
    expect(await planReviewReminders(db, groups, NOW + DAY)).toBe(0);
    // The next week: a new one.
    expect(await planReviewReminders(db, groups, NOW + 3 * DAY)).toBe(1);
    expect((await reminderRows()).map((r) => r.week)).toEqual(['2026-W49', '2026-W50']);
  });

  it('plans nothing when nothing is due, and nothing for members or unknown owners', async () => {
    db = await testDb();
    await account('Maria', 'maria', 'member');
    expect(await planReviewReminders(db, groups, NOW)).toBe(0);
    const current = translationStatus([article('en/skills/fresh', { owner: 'ali', reviewBy: '2027-01-01' })]);
    await account('Ali', 'ali', 'admin');
    expect(await planReviewReminders(db, current, NOW)).toBe(0);
    expect(await reminderRows()).toEqual([]);
  });

  it('sends each planned reminder once, even with two workers at once, in the owner’s language', async () => {
    db = await testDb();
    await account('Мария', 'maria', 'writer', 'ru', 'maria@example.com');
    await planReviewReminders(db, groups, NOW);
    const mailer = memoryMailer();
    const sent = await Promise.all([
      sendReviewReminders({ db, mailer, origin: ORIGIN }, { now: NOW }),
      sendReviewReminders({ db, mailer, origin: ORIGIN }, { now: NOW }),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ to: 'maria@example.com', subject: '1 статья ждёт вашей проверки' });
    expect(mailer.sent[0]!.text).toContain(`${ORIGIN}/fa/skills/patience/`);
    expect((await reminderRows())[0]).toMatchObject({ state: 'sent', attempts: 1 });
    // Sent is sent: later rounds of the same week send nothing more.
    expect(await sendReviewReminders({ db, mailer, origin: ORIGIN }, { now: NOW + DAY })).toBe(0);
    expect(await planReviewReminders(db, groups, NOW + DAY)).toBe(0);
    expect(mailer.sent).toHaveLength(1);
  });

  it('retries a failed send later with the same list, and gives up after a few attempts', async () => {
    db = await testDb();
    await account('Maria', 'maria', 'writer');
    await planReviewReminders(db, groups, NOW);
    const failing: Mailer = {
      async send() {
        throw new Error('SMTP down');
      },
    };
    const log: string[] = [];
    expect(
      await sendReviewReminders({ db, mailer: failing, origin: ORIGIN }, { now: NOW, log: (l) => log.push(l) }),
    ).toBe(1);
    const [row] = await reminderRows();
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_error: 'Error: SMTP down' });
    expect(row!.next_attempt_at).toBe(NOW + 60_000);
    expect(log[0]).toContain('attempt 1 failed: Error: SMTP down');
    // Not before the pause is over; then it goes.
    const mailer = memoryMailer();
    expect(await sendReviewReminders({ db, mailer, origin: ORIGIN }, { now: NOW + 59_000 })).toBe(0);
    expect(await sendReviewReminders({ db, mailer, origin: ORIGIN }, { now: NOW + 60_000 })).toBe(1);
    expect(mailer.sent).toHaveLength(1);

    await db.updateTable('review_reminders').set({ state: 'pending', attempts: 5, next_attempt_at: NOW }).execute();
    await sendReviewReminders({ db, mailer: failing, origin: ORIGIN }, { now: NOW });
    expect((await reminderRows())[0]).toMatchObject({ state: 'failed', attempts: 6 });
  });

  it('the worker round plans at most once an hour and sends what it planned', async () => {
    db = await testDb();
    await account('Maria', 'maria', 'writer');
    const mailer = memoryMailer();
    let reads = 0;
    const round = reviewReminderRound({
      db,
      mailer,
      origin: ORIGIN,
      status: async () => {
        reads++;
        return { groups };
      },
    });
    expect(await round()).toBe(1);
    expect(await round()).toBe(0);
    expect(reads).toBe(1);
    expect(mailer.sent).toHaveLength(1);
  });
});

describe('reminderMail', () => {
  const items: ReminderItem[] = [
    {
      id: 'fa/skills/patience',
      locale: 'fa',
      title: 'صبر و همدلی',
      path: '/fa/skills/patience/',
      reviewBy: '2026-11-30',
    },
    {
      id: 'ru/skills/patience',
      locale: 'ru',
      title: 'Терпение <и> эмпатия',
      path: '/ru/skills/patience/',
      helpful: { percent: 100 / 3, votes: 12 },
    },
  ];

  it('in Persian: Persian digits, the Solar Hijri date, rtl HTML, every value escaped', () => {
    const mail = reminderMail('fa', { name: 'مریم <b>', username: 'maryam', items, origin: ORIGIN });
    expect(mail.subject).toBe('۲ مقاله منتظر بازبینی شماست');
    expect(mail.text).toBe(
      [
        'سلام مریم <b>،',
        '',
        'این مقاله‌های منتشرشدهٔ شما این هفته به بازبینی نیاز دارند:',
        '',
        '• «صبر و همدلی» (فارسی)',
        '  موعد بازبینی‌اش (۹ آذر ۱۴۰۵) گذشته است',
        `  ${ORIGIN}/fa/skills/patience/`,
        '',
        '• «Терпение <и> эмпатия» (Русский)',
        '  در ۳۰ روز گذشته فقط ۳۳٪ خوانندگان آن را مفید دانسته‌اند (۱۲ رأی)',
        `  ${ORIGIN}/ru/skills/patience/`,
        '',
        'همهٔ مقاله‌های شما و وضعیتشان:',
        `${ORIGIN}/admin/content/?owner=maryam&lang=fa`,
        '',
        'این یادآوری حداکثر هفته‌ای یک بار و فقط وقتی کاری مانده باشد فرستاده می‌شود. پس از بازبینی هر مقاله، تاریخ reviewBy آن را جلو ببرید.',
        '',
      ].join('\n'),
    );
    expect(mail.html).toContain('<html lang="fa" dir="rtl">');
    expect(mail.html).toContain('<bdi>مریم &lt;b&gt;</bdi>');
    expect(mail.html).toContain('<bdi>Терпение &lt;и&gt; эмпатия</bdi>');
    expect(mail.html).toContain(`<a href="${ORIGIN}/fa/skills/patience/" dir="ltr">`);
    expect(mail.html).not.toContain('<b>');
  });

  it('in Russian and English, with their plural forms', () => {
    expect(reminderMail('ru', { name: 'Мария', username: 'maria', items, origin: ORIGIN }).subject).toBe(
      '2 статьи ждут вашей проверки',
    );
    const en = reminderMail('en', { name: 'Maria', username: 'maria', items: items.slice(1), origin: ORIGIN });
    expect(en.subject).toBe('One of your articles needs a look');
    expect(en.text).toContain('only 33% of readers found it helpful in the last 30 days (12 votes)');
    expect(en.html).toContain('<html lang="en" dir="ltr">');
  });
});
