// The moderators' admin screens against the demo data that `npm start` seeds: watched words (add,
// localized problems, "test this text" seeing through evasions, CSV export and import with a bad
// line), the moderation settings (admins only; an out-of-range value refused with the input
// kept), a user's moderation record (trust level by hand, lifting a silence), who sees which nav
// links, axe in fa/ru/en, keyboard-only use, and screenshots (RTL included).
import { mkdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, expectLangAndDir, screenshot, seriousViolations } from './helpers.ts';

const passwords = {
  member: 'demo-member-pass',
  writer: 'demo-writer-pass',
  moderator: 'demo-moderator-pass',
  admin: 'demo-admin-pass',
} as const;
type Who = keyof typeof passwords;
const BOM = [0xef, 0xbb, 0xbf];
const WORDS = '/admin/moderation/words/';
const SETTINGS = '/admin/moderation/settings/';

async function signIn(page: Page, baseURL: string, who: Who) {
  const response = await page.request.post('/en/account/signin/', {
    form: { email: `${who}@pasokh.example`, password: passwords[who] },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(response.status(), `sign in as ${who}`).toBe(303);
}

/** A fresh member straight in the test database (level 0, silenced for a day by the demo moderator). */
function makeMember(label: string): number {
  const db = new Database('data/e2e.db');
  try {
    const unique = `${label} ${Date.now()} ${Math.random().toString(36).slice(2, 8)}`;
    const id = Number(
      db
        .prepare(
          `INSERT INTO users (email, email_verified_at, password_hash, display_name, name_skeleton, username, username_skeleton, role, trust_level, locale, created_at) VALUES (?, '2026-11-01T00:00:00Z', 'x', ?, ?, ?, ?, 'member', 0, 'fa', '2026-11-01 00:00:00') RETURNING id`,
        )
        .pluck()
        .get(
          `${unique.replace(/\W+/g, '-')}@example.com`,
          unique,
          unique.toLowerCase(),
          unique.replace(/\W+/g, '_'),
          unique.replace(/\W+/g, '_').toLowerCase(),
        ),
    );
    const moderator = db
      .prepare(`SELECT id FROM users WHERE email = 'moderator@pasokh.example'`)
      .pluck()
      .get() as number;
    const until = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
    db.prepare('UPDATE users SET silenced_until = ? WHERE id = ?').run(until, id);
    db.prepare(
      `INSERT INTO user_sanctions (user_id, kind, reason, until, item_id, created_by, created_at) VALUES (?, 'silence', 'Cool down for a day', ?, NULL, ?, ?)`,
    ).run(id, until, moderator, Date.now());
    return id;
  } finally {
    db.close();
  }
}

test('a moderator adds a watched word in fa, sees localized problems, and the test box sees through evasions', async ({
  page,
  baseURL,
}) => {
  const errors = collectErrors(page);
  await signIn(page, baseURL!, 'moderator');
  await page.goto(`${WORDS}?lang=fa`);
  await expectLangAndDir(page, 'fa');
  await expect(page.locator('h1')).toHaveText('واژه‌های زیر نظر');

  // A misplaced wildcard: refused in Persian, the input kept.
  await page.locator('#add-word').fill('پول*شویی');
  await page.locator('#add-locale').selectOption('fa');
  await page.locator('#add-action').selectOption('hold');
  await page.locator('#add-form button[type="submit"]').click();
  await expect(page.locator('#add-word-error')).toHaveText('نشانهٔ * فقط در پایان واژه می‌آید.');
  await expect(page.locator('#add-word')).toHaveValue('پول*شویی');
  await expect(page.locator('#add-word')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#add-action')).toHaveValue('hold');
  // Nothing but invisible characters and a star: no word at all.
  await page.locator('#add-word').fill('\u200c\u0640*');
  await page.locator('#add-form button[type="submit"]').click();
  await expect(page.locator('#add-word-error')).toHaveText('واژه‌ای بنویسید که دست‌کم یک حرف یا رقم داشته باشد.');

  await page.locator('#add-word').fill('پولشویی');
  await page.locator('#add-form button[type="submit"]').click();
  await expect(page.locator('.notice[role="status"]')).toContainText('«\u2068پولشویی\u2069» اکنون زیر نظر است.');
  await page.locator('#f-locale').selectOption('fa');
  await page.locator('#f-action').selectOption('hold');
  await page.locator('.filters button[type="submit"]').click();
  await expect(page).toHaveURL(/locale=fa/);
  await expect(page.locator('#words-table tbody tr', { hasText: 'پولشویی' })).toHaveCount(1);
  await expect(page.locator('#words-table tbody tr', { hasText: 'قمار*' })).toHaveCount(0); // a blocked word, filtered out

  // The word written with ZWNJ, tatweel and an Arabic yeh, next to English and an Arabic-keyboard kaf.
  const evasive = 'پول\u200cشـــويي';
  await page.locator('#test-locale').selectOption('fa');
  await page.locator('#test-text').fill(`این آگهی ${evasive} است و account 42 را كلاهبردار خالی کرد؛ قماربازی هم.`);
  await page.locator('#test-form button[type="submit"]').click();
  const result = page.locator('#test-result');
  await expect(result.locator('.verdict')).toHaveText('این متن پذیرفته نمی‌شود.'); // قمار* blocks
  const rows = result.locator('#test-matches tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).locator('td').nth(0)).toHaveText(evasive);
  await expect(rows.nth(0).locator('td').nth(1)).toHaveText('پولشویی');
  await expect(rows.nth(0).locator('td[data-how]')).toHaveAttribute('data-how', 'exact');
  await expect(rows.nth(1).locator('td').nth(0)).toHaveText('كلاهبردار');
  await expect(rows.nth(2).locator('td[data-how]')).toHaveAttribute('data-how', 'prefix');
  await expect(rows.nth(2).locator('td[data-how]')).toHaveText('با واژهٔ زیر نظری که به * ختم می‌شود شروع می‌شود');
  // The matched spans are marked in the text as written; user text takes its own direction.
  await expect(result.locator('.tested-text mark')).toHaveText([evasive, 'كلاهبردار', 'قماربازی']);
  await expect(result.locator('.tested-text')).toHaveAttribute('dir', 'auto');
  await expect(page.locator('#test-text')).toHaveValue(/account 42/);
  expect(await seriousViolations(page)).toEqual([]);
  // The refused additions answered 422 on purpose; nothing else went wrong in the page.
  expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
});

test('the test box: look-alike letters, whole words only, and censoring (ru, en)', async ({ page, baseURL }) => {
  await signIn(page, baseURL!, 'moderator');
  await page.goto(`${WORDS}?lang=en`);
  await page.locator('#test-locale').selectOption('ru');
  await page.locator('#test-text').fill('Он мошeнник, блин! А блинчики вкусные.'); // Latin e inside Cyrillic
  await page.locator('#test-form button[type="submit"]').click();
  const result = page.locator('#test-result');
  await expect(result.locator('.verdict')).toHaveText('This text would wait for a moderator’s approval.');
  await expect(result.locator('#test-matches td[data-how]')).toHaveText([
    'look-alike letters from another script',
    'the same word once normalized (letters, digits, ZWNJ, tatweel)',
  ]);
  await expect(result.locator('.tested-text mark')).toHaveText(['мошeнник', 'блин']);
  await expect(result.locator('#test-censored')).toHaveText('Он мошeнник, ■■■■! А блинчики вкусные.');

  await page.locator('#test-locale').selectOption('en');
  await page.locator('#test-text').fill('Casinos and cryptography are fine; cаsino is not.');
  await page.locator('#test-form button[type="submit"]').click();
  await expect(result.locator('.verdict')).toHaveText('This text would be refused.');
  // "casinos" is another word; "cryptography" does start with crypto* (a prefix word on purpose).
  await expect(result.locator('.tested-text mark')).toHaveText(['cryptography', 'cаsino']);
  await expect(result.locator('#test-matches td[data-how]')).toHaveText([
    'starts with a watched word ending in *',
    'look-alike letters from another script',
  ]);

  await page.locator('#test-text').fill('Nothing to see here.');
  await page.locator('#test-form button[type="submit"]').click();
  await expect(result.locator('.verdict')).toHaveText(
    'Nothing in this text matches a watched word: it would be published as written.',
  );
});

test('CSV: export with BOM, then import with a bad line (localized problem, pasted text kept) and by file', async ({
  page,
  baseURL,
}) => {
  await signIn(page, baseURL!, 'moderator');
  await page.goto(`${WORDS}?lang=fa`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-all').click()]);
  expect(download.suggestedFilename()).toBe('pasokh-watched-words-all.csv');
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual(BOM);
  const text = bytes.toString('utf8').slice(1);
  expect(text.split('\r\n')[0]).toBe('locale,word,action');
  expect(text).toContain('fa,کلاهبردار,hold');
  expect(text).toContain('ru,блин,censor');

  const stamp = Date.now().toString(36).replace(/\d/g, '');
  const pasted = [
    'locale,word,action',
    `fa,شرط‌بندی${stamp},block`,
    'xx,bad,block',
    `ru,лохотрон,hold`,
    'en,two,words,extra',
  ].join('\n');
  await page.locator('#import-csv').fill(pasted);
  await page.locator('#import-form button[type="submit"]').click();
  const outcome = page.locator('#import-result');
  await expect(outcome).toContainText('وارد شد: ۲ افزوده، ۰ به‌روز شد.');
  await expect(outcome.locator('li')).toHaveText([
    'خط ۳: یکی از زبان‌های سایت را انتخاب کنید.',
    'خط ۵: باید سه ستون داشته باشد: locale، word، action.',
  ]);
  await expect(page.locator('#import-csv')).toHaveValue(pasted);

  // The same file again: nothing new, two updated; then an upload with a BOM in Russian UI.
  await page.goto(`${WORDS}?lang=ru`);
  await page.locator('#import-file').setInputFiles({
    name: 'words.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFFlocale,word,action\r\nen,scam${stamp},hold\r\nen,"scam${stamp}x*",censor\r\n`, 'utf8'),
  });
  await page.locator('#import-form button[type="submit"]').click();
  await expect(page.locator('#import-result')).toHaveText('Импортировано: добавлено 2, обновлено 0.');
  await expect(page.locator('#import-csv')).toHaveValue('');
  await page.goto(`${WORDS}?lang=ru&locale=en`);
  await expect(page.locator('#words-table tbody tr', { hasText: `scam${stamp}x*` })).toHaveCount(1);

  // Nothing chosen: a localized error, not a crash.
  await page.locator('#import-form button[type="submit"]').click();
  await expect(page.locator('#import-error')).toHaveText('Выберите файл или вставьте текст CSV.');

  // Remove the word again, through its button in the list.
  await page
    .locator('#words-table tbody tr', { hasText: `scam${stamp}x*` })
    .getByRole('button')
    .click();
  await expect(page.locator('.notice[role="status"]')).toHaveText('Слово удалено.');
  await expect(page.locator('#words-table tbody tr', { hasText: `scam${stamp}x*` })).toHaveCount(0);
});

test('an admin changes a threshold; an out-of-range value is refused with every input kept', async ({
  page,
  baseURL,
}) => {
  await signIn(page, baseURL!, 'admin');
  await page.goto(`${SETTINGS}?lang=ru`);
  await expectLangAndDir(page, 'ru');
  const threshold = page.locator('#s-moderation-flagThreshold');
  const claim = page.locator('#s-moderation-claimMinutes');
  await expect(threshold).toHaveValue('3');
  await threshold.fill('0');
  await claim.fill('20');
  await page.locator('#settings-reason').fill('Проверка диапазона');
  await page.locator('#settings-form button[type="submit"]').click();
  await expect(page.locator('.notice-error')).toHaveText(
    'Некоторые значения не приняты, поэтому ничего не сохранено. Исправьте отмеченные поля.',
  );
  await expect(page.locator('#s-moderation-flagThreshold-error')).toHaveText('Введите число от 1 до 50.');
  await expect(threshold).toHaveAttribute('aria-invalid', 'true');
  await expect(threshold).toHaveValue('0');
  await expect(claim).toHaveValue('20');
  await expect(page.locator('#settings-reason')).toHaveValue('Проверка диапазона');
  expect(await seriousViolations(page)).toEqual([]);

  await threshold.fill('4');
  await page.locator('#settings-form button[type="submit"]').click();
  await expect(page.locator('.notice[role="status"]')).toHaveText('Настройки сохранены.');
  await expect(threshold).toHaveValue('4');
  await expect(claim).toHaveValue('20');
  const db = new Database('data/e2e.db', { readonly: true });
  const row = db
    .prepare(`SELECT reason, data FROM moderation_audit WHERE action = 'settings.update' ORDER BY id DESC LIMIT 1`)
    .get() as { reason: string; data: string };
  db.close();
  expect(row.reason).toBe('Проверка диапазона');
  expect(JSON.parse(row.data)).toEqual({
    'moderation.flagThreshold': { from: 3, to: 4 },
    'moderation.claimMinutes': { from: 15, to: 20 },
  });

  // Back to the defaults, which other tests rely on.
  await threshold.fill('3');
  await claim.fill('15');
  await page.locator('#settings-form button[type="submit"]').click();
  await expect(page.locator('.notice[role="status"]')).toHaveText('Настройки сохранены.');
  await expect(threshold).toHaveValue('3');
});

test('moderators get 403 on settings and see only the links they can open; admins see all', async ({
  page,
  baseURL,
  browser,
}) => {
  await signIn(page, baseURL!, 'moderator');
  const refused = await page.goto(`${SETTINGS}?lang=en`);
  expect(refused?.status()).toBe(403);
  await page.goto(`${WORDS}?lang=en`);
  await expect(page.locator('.admin-nav a')).toHaveText(['Moderation', 'Watched words', 'Audit log']);
  await expect(page.locator('.admin-nav a[aria-current="page"]')).toHaveText('Watched words');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, baseURL!, 'admin');
  await admin.goto(`${baseURL}${SETTINGS}?lang=en`);
  await expect(admin.locator('.admin-nav a')).toHaveText([
    'Articles',
    'Comments',
    'Search',
    'Contact',
    'Content status',
    "Writers' guide",
    'Deliveries',
    'Moderation',
    'Watched words',
    'Audit log',
    'Settings',
  ]);
  await adminContext.close();

  const writerContext = await browser.newContext();
  const writer = await writerContext.newPage();
  await signIn(writer, baseURL!, 'writer');
  await writer.goto(`${baseURL}/admin/analytics/?lang=en`);
  await expect(writer.locator('.admin-nav a')).toHaveText([
    'Articles',
    'Comments',
    'Search',
    'Contact',
    'Content status',
    "Writers' guide",
  ]);
  await writerContext.close();
});

test('a moderator sets a member’s trust level by hand and lifts a silence; the profile links moderators only', async ({
  page,
  baseURL,
  browser,
}) => {
  const id = makeMember('Trust Test');
  await signIn(page, baseURL!, 'moderator');
  await page.goto(`/en/community/u/${id}/`);
  await page.locator('#moderation-record').click();
  await expect(page).toHaveURL(new RegExp(`/admin/moderation/users/${id}/\\?lang=en$`));
  await expect(page.locator('#record-trust')).toHaveText('0 · new: first posts wait for approval, few links and posts');
  await expect(page.locator('#record-status')).toContainText('Silenced until');
  await expect(page.locator('#sanctions-table tbody tr')).toHaveCount(1);
  await expect(page.locator('#sanctions-table tbody tr td').nth(2)).toHaveText('Cool down for a day');
  expect(await seriousViolations(page)).toEqual([]);

  await page.locator('#trust-level').selectOption('2');
  await page.locator('#trust-reason').fill('Helpful answers for months');
  await page.locator('#trust-form button[type="submit"]').click();
  await expect(page.locator('.notice[role="status"]')).toHaveText('Trust level set to 2.');
  await expect(page.locator('#record-trust')).toHaveText('2 · regular');

  await page.getByRole('button', { name: 'Lift the silence' }).click();
  await expect(page.locator('.notice[role="status"]')).toHaveText('The silence was lifted.');
  await expect(page.locator('#record-status')).toHaveText('Can post');
  await expect(page.locator('#lift-form')).toHaveCount(0);

  const db = new Database('data/e2e.db', { readonly: true });
  const user = db.prepare('SELECT trust_level, silenced_until FROM users WHERE id = ?').get(id) as {
    trust_level: number;
    silenced_until: string | null;
  };
  const actions = db
    .prepare('SELECT action, reason FROM moderation_audit WHERE target_user_id = ? ORDER BY id')
    .all(id);
  db.close();
  expect(user).toEqual({ trust_level: 2, silenced_until: null });
  expect(actions).toEqual([
    { action: 'user.trustLevel', reason: 'Helpful answers for months' },
    { action: 'user.unsilence', reason: null },
  ]);

  // Staff accounts have no trust form, and a forged one is refused with the reason.
  const staffDb = new Database('data/e2e.db', { readonly: true });
  const adminId = (
    staffDb.prepare("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").get() as { id: number }
  ).id;
  staffDb.close();
  await page.goto(`/admin/moderation/users/${adminId}/?lang=en`);
  await expect(page.locator('#trust-form')).toHaveCount(0);
  await expect(page.locator('section[aria-labelledby="trust-heading"]')).toContainText(
    'staff accounts, your own included, are not changed here',
  );
  const forged = await page.request.post(`/admin/moderation/users/${adminId}/?lang=en`, {
    form: { intent: 'trust', level: '0', reason: 'x' },
    headers: { Origin: baseURL! },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain('staff accounts, your own included');

  // Nobody else sees the link: not an anonymous reader (cached page), not a member.
  const anonymous = await browser.newContext();
  const anonymousPage = await anonymous.newPage();
  await anonymousPage.goto(`${baseURL}/en/community/u/${id}/`);
  await expect(anonymousPage.locator('h1')).toBeVisible();
  await expect(anonymousPage.locator('#moderation-record')).toHaveCount(0);
  await anonymous.close();
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await signIn(memberPage, baseURL!, 'member');
  await memberPage.goto(`${baseURL}/en/community/u/${id}/`);
  await expect(memberPage.locator('#moderation-record')).toHaveCount(0);
  await member.close();
});

test('keyboard only: add a word and test a text without the mouse', async ({ page, baseURL }) => {
  await signIn(page, baseURL!, 'moderator');
  await page.goto(`${WORDS}?lang=en`);
  const tabTo = async (selector: string) => {
    for (let i = 0; i < 150; i++) {
      if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  };
  const word = `kbd${Date.now().toString(36).replace(/\d/g, '')}`;
  await tabTo('#add-word');
  await page.keyboard.type(word);
  await page.keyboard.press('Tab'); // language
  await expect(page.locator('#add-locale')).toBeFocused();
  await page.keyboard.press('Tab'); // action
  await expect(page.locator('#add-action')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#add-form button[type="submit"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.notice[role="status"]')).toContainText(word);

  await tabTo('#test-locale');
  await page.keyboard.press('Tab');
  await expect(page.locator('#test-text')).toBeFocused();
  await page.keyboard.type(`a ${word} here`);
  await page.keyboard.press('Tab');
  await expect(page.locator('#test-form button[type="submit"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#test-result .tested-text mark')).toHaveText(word);
  // A visible focus ring on the remove buttons in the list.
  await tabTo(`#words-table button[aria-label*="${word}"]`);
  const outline = await page
    .locator(`#words-table button[aria-label*="${word}"]`)
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.locator('.notice[role="status"]')).toHaveText('The word was removed.');
});

for (const locale of ['fa', 'ru', 'en'] as const) {
  test(`${locale}: every new page in the right language and direction, no serious axe findings, screenshots`, async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000); // four axe runs; the machine is shared
    const errors = collectErrors(page);
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    await signIn(page, baseURL!, 'admin');
    const samples = {
      fa: ['fa', 'متن آزمایشی با كلاه‌بـــردار و کلمهٔ English'],
      ru: ['ru', 'Он мошeнник, блин!'],
      en: ['en', 'Play at the cаsino, damn it'],
    } as const;
    await page.goto(`${WORDS}?lang=${locale}`);
    await expectLangAndDir(page, locale);
    await page.locator('#test-locale').selectOption(samples[locale][0]);
    await page.locator('#test-text').fill(samples[locale][1]);
    await page.locator('#test-form button[type="submit"]').click();
    await expect(page.locator('#test-result .tested-text mark').first()).toBeVisible();
    expect(await seriousViolations(page), `${locale} words`).toEqual([]);
    await screenshot(page, { path: `tests/e2e/screenshots/moderation-words-${locale}.png`, fullPage: true });
    await screenshot(page.locator('#test-result'), {
      path: `tests/e2e/screenshots/moderation-words-result-${locale}.png`,
    });
    await screenshot(page.locator('#csv'), { path: `tests/e2e/screenshots/moderation-words-csv-${locale}.png` });

    await page.goto(`${SETTINGS}?lang=${locale}`);
    await expectLangAndDir(page, locale);
    await expect(page.locator('#settings-form input[type="number"]')).toHaveCount(12);
    expect(await seriousViolations(page), `${locale} settings`).toEqual([]);
    await screenshot(page, { path: `tests/e2e/screenshots/moderation-settings-${locale}.png`, fullPage: true });
    // A refused value: the error sits under its field and is read with it.
    await page.locator('#s-trust-promoteDays').fill('400');
    await page.locator('#settings-form button[type="submit"]').click();
    await expect(page.locator('#s-trust-promoteDays')).toHaveAttribute(
      'aria-describedby',
      's-trust-promoteDays-help s-trust-promoteDays-error',
    );
    await expect(page.locator('#s-trust-promoteDays')).toHaveValue('400');
    expect(await seriousViolations(page), `${locale} settings error`).toEqual([]);
    await page.locator('#s-trust-promoteDays').scrollIntoViewIfNeeded();
    await screenshot(page, { path: `tests/e2e/screenshots/moderation-settings-error-${locale}.png` });

    const db = new Database('data/e2e.db', { readonly: true });
    const memberId = db.prepare(`SELECT id FROM users WHERE email = 'member@pasokh.example'`).pluck().get() as number;
    db.close();
    await page.goto(`/admin/moderation/users/${memberId}/?lang=${locale}`);
    await expectLangAndDir(page, locale);
    await expect(page.locator('h1')).toHaveCount(1);
    expect(await seriousViolations(page), `${locale} user`).toEqual([]);
    if (locale === 'fa')
      await screenshot(page, { path: 'tests/e2e/screenshots/moderation-user-fa.png', fullPage: true });
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  });
}
