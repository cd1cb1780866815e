// Demo community for `npm start`: four categories and twelve threads (four each in fa, ru, en)
// on everyday support questions, with replies, accepted answers, a mention and one question
// still waiting for a reply. Written through the same lib functions the site uses, so counters,
// search entries and notifications are what real use would produce.
// Idempotent: categories are upserted by slug, and a thread whose locale and slug exist already
// is skipped with its replies. The demo members' passwords are random: nobody signs in as them.
import type { Db } from '../../src/lib/db/index.ts';
import type { Role } from '../../src/lib/db/schema.ts';
import type { SessionUser } from '../../src/lib/auth/session.ts';
import { createOrPromoteUser } from '../../src/lib/auth/accounts.ts';
import { randomToken } from '../../src/lib/auth/crypto.ts';
import { acceptAnswer } from '../../src/lib/forum/answers.ts';
import { saveCategory } from '../../src/lib/forum/categories.ts';
import { reply } from '../../src/lib/forum/posts.ts';
import { createThread } from '../../src/lib/forum/threads.ts';
import { threadSlug } from '../../src/lib/forum/urls.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const categories = [
  {
    slug: 'account',
    position: 1,
    titles: { fa: 'حساب کاربری و ورود', ru: 'Аккаунт и вход', en: 'Account and sign-in' },
    descriptions: {
      fa: 'ثبت‌نام، رمز عبور، کد تأیید و کاربران تیم',
      ru: 'Регистрация, пароль, коды подтверждения, пользователи команды',
      en: 'Signing up, passwords, verification codes, team members',
    },
  },
  {
    slug: 'billing',
    position: 2,
    titles: { fa: 'پرداخت و صورتحساب', ru: 'Оплата и счета', en: 'Billing and payments' },
    descriptions: {
      fa: 'فاکتور، روش‌های پرداخت، بازپرداخت',
      ru: 'Счета, способы оплаты, возвраты денег',
      en: 'Invoices, payment methods, refunds',
    },
  },
  {
    slug: 'orders',
    position: 3,
    titles: { fa: 'سفارش و ارسال', ru: 'Заказы и доставка', en: 'Orders and delivery' },
    descriptions: {
      fa: 'پیگیری سفارش، تغییر نشانی، مرجوعی کالا',
      ru: 'Статус заказа, адрес доставки, возврат товара',
      en: 'Order status, delivery address, returns',
    },
  },
  {
    slug: 'technical',
    position: 4,
    titles: { fa: 'مشکلات فنی', ru: 'Технические вопросы', en: 'Technical issues' },
    descriptions: {
      fa: 'خطاها، برنامه موبایل، خروجی گرفتن',
      ru: 'Ошибки, мобильное приложение, выгрузки',
      en: 'Errors, the mobile app, exports',
    },
  },
] as const;

type Handle = 'negar' | 'kamran' | 'olga' | 'igor' | 'emma' | 'tom' | 'team';

// Usernames in the member's own alphabet where they write in it: usernames may be Persian or Cyrillic.
const members: Record<Handle, { username: string; name: string; locale: 'fa' | 'ru' | 'en'; role: Role }> = {
  negar: { username: 'نگار', name: 'نگار', locale: 'fa', role: 'member' },
  kamran: { username: 'کامران', name: 'کامران', locale: 'fa', role: 'member' },
  olga: { username: 'Ольга', name: 'Ольга', locale: 'ru', role: 'member' },
  igor: { username: 'Игорь', name: 'Игорь', locale: 'ru', role: 'member' },
  emma: { username: 'emma', name: 'Emma Clarke', locale: 'en', role: 'member' },
  tom: { username: 'tom', name: 'Tom Becker', locale: 'en', role: 'member' },
  // Support staff answering in every language; a moderator, so also a demo of staff posts.
  team: { username: 'team', name: 'Pasokh Team', locale: 'en', role: 'moderator' },
};

interface SeedThread {
  locale: 'fa' | 'ru' | 'en';
  category: (typeof categories)[number]['slug'];
  author: Handle;
  title: string;
  body: string;
  replies: { author: Handle; body: string }[];
  /** Index into `replies` of the accepted answer, accepted by the asker. */
  accepted?: number;
}

const threads: SeedThread[] = [
  {
    locale: 'fa',
    category: 'account',
    author: 'negar',
    title: 'کد تأیید پیامکی برایم ارسال نمی‌شود',
    body: 'از دیروز هر بار که می‌خواهم وارد حسابم شوم، پیامک کد تأیید نمی‌رسد. شماره‌ام درست است و پیامک‌های دیگر را دریافت می‌کنم. راه دیگری برای ورود هست؟',
    replies: [
      {
        author: 'kamran',
        body: 'شماره را با صفر اول وارد کرده‌اید یا با ۹۸+؟ من یک بار با فاصله وارد کرده بودم و کد نمی‌آمد.',
      },
      {
        author: 'team',
        body: 'سلام نگار، چند مورد را بررسی کنید:\n\n1. در تنظیمات سیم‌کارت، دریافت پیامک از سرشماره‌های خدماتی مسدود نباشد.\n2. بعد از دو دقیقه گزینه **«دریافت کد با تماس صوتی»** را بزنید.\n3. اگر باز هم نرسید، از صفحه تماس با پشتیبانی شماره‌تان را بفرستید تا دستی بررسی کنیم.',
      },
      { author: 'negar', body: 'ممنون! مشکل از مسدود بودن پیامک‌های خدماتی بود. با باز کردنش کد رسید.' },
    ],
    accepted: 1,
  },
  {
    locale: 'fa',
    category: 'billing',
    author: 'kamran',
    title: 'چطور فاکتور رسمی با کد اقتصادی شرکت بگیرم؟',
    body: 'برای حسابداری شرکت به فاکتور رسمی نیاز داریم. موقع خرید جایی برای وارد کردن کد اقتصادی و شناسه ملی ندیدم.',
    replies: [
      {
        author: 'team',
        body: 'از مسیر **حساب من ← اطلاعات حقوقی** نوع حساب را «حقوقی» کنید و کد اقتصادی و شناسه ملی را وارد کنید. از آن به بعد همه فاکتورها رسمی صادر می‌شوند. برای سفارش‌های قبلی، شماره سفارش را در همین گفتگو بنویسید تا فاکتورشان دوباره صادر شود.',
      },
      { author: 'kamran', body: 'عالی بود، انجام دادم. سفارش‌های قبلی هم مهم نیستند.' },
    ],
    accepted: 0,
  },
  {
    locale: 'fa',
    category: 'orders',
    author: 'negar',
    title: 'سفارشم سه روز است در وضعیت «در حال پردازش» مانده',
    body: 'سفارش را شنبه ثبت کردم و پرداخت هم موفق بود، ولی هنوز وضعیتش «در حال پردازش» است. معمولاً چقدر طول می‌کشد؟',
    replies: [
      {
        author: 'kamran',
        body: 'من هم هفته پیش همین‌طور بودم؛ روز چهارم خودش ارسال شد. شاید کالا از انبار دیگری می‌آید.',
      },
    ],
  },
  {
    locale: 'fa',
    category: 'technical',
    author: 'kamran',
    title: 'برنامه روی اندروید ۱۴ بعد از به‌روزرسانی بسته می‌شود',
    body: 'بعد از نصب نسخه جدید، برنامه موقع باز شدن صفحه سفارش‌ها بسته می‌شود. این پیام را در گزارش خطا دیدم:\n\n```\njava.lang.IllegalStateException: Fragment not attached to a context\n```\n\nپاک کردن حافظه برنامه هم کمکی نکرد.',
    replies: [
      {
        author: 'team',
        body: 'ممنون از گزارش دقیق. لطفاً شماره نسخه برنامه (از صفحه «درباره») و مدل گوشی را بنویسید تا به تیم فنی بدهیم.',
      },
    ],
  },
  {
    locale: 'ru',
    category: 'account',
    author: 'olga',
    title: 'Не приходит письмо для сброса пароля',
    body: 'Нажимаю «Забыли пароль?», ввожу почту, но письмо так и не приходит. Ждала больше часа.',
    replies: [
      {
        author: 'team',
        body: 'Проверьте папки «Спам» и «Промоакции». Если письма нет и там, добавьте наш адрес отправителя в контакты и запросите сброс ещё раз: некоторые почтовые сервисы задерживают письма от новых отправителей.',
      },
      { author: 'olga', body: 'Нашлось в «Промоакциях», спасибо!' },
    ],
    accepted: 0,
  },
  {
    locale: 'ru',
    category: 'billing',
    author: 'igor',
    title: 'Можно ли поменять способ оплаты в уже оформленном заказе?',
    body: 'Оформил заказ с оплатой при получении, а теперь хочу оплатить картой онлайн. Где это сделать?',
    replies: [
      {
        author: 'team',
        body: 'Пока заказ не передан в доставку, откройте его в разделе «Мои заказы» и нажмите «Оплатить онлайн». После передачи курьеру способ оплаты поменять уже нельзя.',
      },
      { author: 'igor', body: 'Получилось, кнопка была внизу страницы заказа.' },
    ],
    accepted: 0,
  },
  {
    locale: 'ru',
    category: 'orders',
    author: 'olga',
    title: 'Как вернуть товар, если коробка уже выброшена?',
    body: 'Купила чайник, он оказался с дефектом. Оригинальную коробку я, к сожалению, уже выбросила. Примут ли возврат?',
    replies: [
      { author: 'igor', body: 'У меня принимали без коробки, главное — чек или номер заказа.' },
      {
        author: 'team',
        body: 'Товар с дефектом принимаем и без упаковки. Оформите возврат в карточке заказа и приложите фото дефекта, курьер заберёт товар бесплатно.',
      },
    ],
  },
  {
    locale: 'ru',
    category: 'technical',
    author: 'igor',
    title: 'Ошибка 502 при загрузке вложений больше 10 МБ',
    body: 'При попытке прикрепить к обращению PDF на 12 МБ страница показывает ошибку 502. Файлы поменьше загружаются нормально.',
    replies: [],
  },
  {
    locale: 'en',
    category: 'account',
    author: 'emma',
    title: 'How do I add a second user to our company account?',
    body: 'Our office manager needs to place orders too. Can two people share one company account, each with their own login?',
    replies: [
      {
        author: 'team',
        body: 'Yes. As the account owner:\n\n- [x] Open **Settings → Team**\n- [x] Choose **Invite member** and enter their email\n- [ ] They accept the invitation from their inbox\n\nInvited members can order and see invoices; only owners can change payment methods.',
      },
      { author: 'emma', body: 'Done, the invitation arrived right away. Thank you!' },
    ],
    accepted: 0,
  },
  {
    locale: 'en',
    category: 'billing',
    author: 'tom',
    title: 'Charged twice for the same order',
    body: 'My bank app shows two identical charges for order 58213, but I only see one order in my account.',
    replies: [
      {
        author: 'team',
        body: 'One of the two is usually a **pending authorization** from a first attempt that did not complete. Your bank releases it on its own:\n\n| Card type | Released within |\n|---|---|\n| Debit | 3–5 business days |\n| Credit | up to 7 days |\n\nIf both charges are still there after that, reply here and we will refund one.',
      },
      { author: 'tom', body: 'The second charge disappeared after four days, all good.' },
    ],
    accepted: 0,
  },
  {
    locale: 'en',
    category: 'orders',
    author: 'emma',
    title: 'Can I change the delivery address after the order has shipped?',
    body: 'I moved offices this week and forgot to update the address before ordering. The order is already marked as shipped.',
    replies: [
      {
        author: 'tom',
        body: 'Last time I called the courier directly with the tracking number and they rerouted it for a small fee.',
      },
    ],
  },
  {
    locale: 'en',
    category: 'technical',
    author: 'tom',
    title: 'Export to CSV shows broken characters in Excel',
    body: 'When I open the order export in Excel, customer names in Persian and Russian show up as question marks and odd symbols.',
    replies: [
      {
        author: 'emma',
        body: 'Excel guesses the wrong encoding when you double-click the file. Instead use **Data → From Text/CSV** and pick `65001: Unicode (UTF-8)` as the file origin; the names come out right.',
      },
      { author: 'tom', body: 'That fixed it, thanks @emma!' },
    ],
    accepted: 0,
  },
];

async function demoMember(db: Db, handle: Handle): Promise<SessionUser> {
  const spec = members[handle];
  const email = `${handle}@forum.pasokh.example`;
  const { id } = await createOrPromoteUser(db, {
    email,
    role: spec.role,
    username: spec.username,
    name: spec.name,
    password: randomToken(),
    locale: spec.locale,
  });
  // Trust level 1: seeding a dozen posts must not trip the new-member rate limits.
  await db.updateTable('users').set({ trust_level: 1 }).where('id', '=', id).execute();
  return {
    id,
    email,
    emailVerified: true,
    displayName: spec.name,
    role: spec.role,
    trustLevel: 1,
    locale: spec.locale,
    suspendedUntil: null,
    silencedUntil: null,
  };
}

function mustSucceed<T extends { ok: boolean }>(outcome: T, what: string): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`Forum seed: ${what} refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

export async function seedForum(db: Db, now = Date.now()): Promise<{ threadsCreated: number }> {
  const categoryIds = new Map<string, number>();
  for (const category of categories) {
    const { id } = await saveCategory(db, 'system', {
      slug: category.slug,
      titles: { ...category.titles },
      descriptions: { ...category.descriptions },
      position: category.position,
    });
    categoryIds.set(category.slug, id);
  }

  const users = new Map<Handle, SessionUser>();
  const user = async (handle: Handle) => {
    if (!users.has(handle)) users.set(handle, await demoMember(db, handle));
    return users.get(handle)!;
  };

  let threadsCreated = 0;
  // Spread over the last three weeks, oldest first, replies a few hours apart.
  const start = now - 21 * DAY;
  for (const [index, seed] of threads.entries()) {
    const exists = await db
      .selectFrom('threads')
      .select('id')
      .where('locale', '=', seed.locale)
      .where('slug', '=', threadSlug(seed.title))
      .executeTakeFirst();
    if (exists) continue;
    let at = start + index * 1.5 * DAY;
    const thread = mustSucceed(
      await createThread(
        db,
        await user(seed.author),
        { locale: seed.locale, categoryId: categoryIds.get(seed.category)!, title: seed.title, body: seed.body },
        at,
      ),
      seed.title,
    );
    const replyIds: number[] = [];
    for (const answer of seed.replies) {
      at += 3 * HOUR;
      replyIds.push(
        mustSucceed(
          await reply(db, await user(answer.author), thread.threadId, answer.body, at),
          `reply in ${seed.title}`,
        ).postId,
      );
    }
    if (seed.accepted !== undefined)
      mustSucceed(
        await acceptAnswer(db, await user(seed.author), replyIds[seed.accepted]!, at + HOUR),
        `accept in ${seed.title}`,
      );
    threadsCreated++;
  }
  return { threadsCreated };
}
