// Demo analytics for `npm start`: a month of views, votes (some with comments, in fa/ru/en) and
// searches over the real articles, so the writers' dashboard has something to show. Generated
// from a fixed seed through the same lib functions the site uses, so the daily rollups agree.
// Idempotent: a settings row remembers that it ran.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Db } from '../../src/lib/db/index.ts';
import type { CommentStatus, VoteReason } from '../../src/lib/db/schema.ts';
import { recordView, recordVote, setCommentStatus } from '../../src/lib/analytics/feedback.ts';
import { recordSearchEvent } from '../../src/lib/analytics/search-events.ts';

const MARKER = 'demo.analytics';
const DAY = 86_400_000;
const DAYS = 30;

/** mulberry32: a tiny deterministic generator, so every demo database looks the same. */
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

/** Article ids (`fa/agent-skills/patience-and-empathy`) from content/articles. */
export function demoArticleIds(root = process.cwd()): string[] {
  const base = join(root, 'content/articles');
  const ids: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.mdx?$/.test(entry.name))
        ids.push(
          relative(base, path)
            .replace(/\\/g, '/')
            .replace(/\.mdx?$/, ''),
        );
    }
  };
  walk(base);
  return ids.filter((id) => /^(fa|ru|en)\/[a-z0-9-]+\/[a-z0-9-]+$/.test(id)).sort();
}

// Helpful share per article (default 74–86 %); a few differ so the translations table has a story.
const helpfulness: Record<string, number> = {
  'fa/agent-skills/patience-and-empathy': 0.86,
  'ru/agent-skills/patience-and-empathy': 0.48,
  'en/agent-skills/patience-and-empathy': 0.82,
  'fa/communication-kpis/support-kpis-explained': 0.62,
  'ru/communication-kpis/support-kpis-explained': 0.7,
  'en/communication-kpis/support-kpis-explained': 0.74,
  'fa/difficult-customers/calm-angry-customer': 0.9,
  'ru/team-building/hiring-support-agents': 0.55,
};

const reasonWeights: [VoteReason, number][] = [
  ['missing', 0.34],
  ['unclear', 0.26],
  ['inaccurate', 0.16],
  ['irrelevant', 0.14],
  ['other', 0.1],
];

// Written for this demo: what readers might say, in their own language.
const comments: Record<'fa' | 'ru' | 'en', { yes: string[]; no: string[] }> = {
  fa: {
    yes: [
      'مثال‌های گفت‌وگو خیلی به کارم آمد، همین امروز امتحانش کردم.',
      'کوتاه و کاربردی بود، ممنون.',
      'بخش جمع‌بندی را برای تیممان چاپ کردم.',
    ],
    no: [
      'کاش یک نمونهٔ واقعی از پاسخ ایمیلی هم می‌گذاشتید.',
      'نوشته‌اید «بعداً توضیح می‌دهیم» ولی توضیحی پیدا نکردم.',
      'برای تماس تلفنی چیزی نگفته، فقط چت را پوشش می‌دهد.',
      'پیوند انتهای صفحه به مقالهٔ دیگری می‌رود که ربطی ندارد.',
      'عددهای جدول با متن جور نیست.',
    ],
  },
  ru: {
    yes: [
      'Хорошие примеры фраз, забрала себе в шаблоны.',
      'Коротко и по делу, спасибо.',
      'Отправил ссылку новым сотрудникам.',
    ],
    no: [
      'Перевод местами дословный, читается тяжело.',
      'Не хватает примера для телефонного разговора.',
      'Термин «эскалация» так и не объяснили.',
      'Часть про метрики устарела: у нас другой расчёт CSAT.',
      'Слишком общие советы, хотелось бы пошагово.',
    ],
  },
  en: {
    yes: [
      'The sample replies were exactly what I needed.',
      'Clear and short. Thanks!',
      'Shared this with my whole team.',
    ],
    no: [
      'Would love an example for phone support, not only chat.',
      'The checklist at the end is missing a step about follow-up.',
      'Too generic; I was hoping for numbers.',
    ],
  },
};

const searches: Record<'fa' | 'ru' | 'en', { query: string; results: number; weight: number }[]> = {
  fa: [
    { query: 'مشتری عصبانی', results: 4, weight: 9 },
    { query: 'مشتري عصباني', results: 4, weight: 3 },
    { query: 'همدلی', results: 3, weight: 6 },
    { query: 'شاخص رضایت مشتری', results: 2, weight: 5 },
    { query: 'استخدام کارشناس', results: 3, weight: 4 },
    { query: 'بازپرداخت وجه', results: 0, weight: 4 },
    { query: 'تیکت تکراری', results: 0, weight: 3 },
    { query: 'میشود پاسخ آماده نوشت', results: 1, weight: 2 },
  ],
  ru: [
    { query: 'злой клиент', results: 3, weight: 7 },
    { query: 'эмпатия', results: 2, weight: 5 },
    { query: 'метрики поддержки', results: 3, weight: 5 },
    { query: 'найм', results: 1, weight: 3 },
    { query: 'возврат денег', results: 0, weight: 4 },
    { query: 'шаблоны ответов', results: 0, weight: 3 },
    { query: 'ntvgkfns', results: 0, weight: 1 },
  ],
  en: [
    { query: 'angry customer', results: 3, weight: 6 },
    { query: 'kpi', results: 2, weight: 4 },
    { query: 'hiring', results: 2, weight: 3 },
    { query: 'refund policy', results: 0, weight: 3 },
    { query: '@admin =1+1', results: 0, weight: 1 },
  ],
};

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function weighted<T>(rand: () => number, list: readonly (readonly [T, number])[]): T {
  const total = list.reduce((n, [, w]) => n + w, 0);
  let r = rand() * total;
  for (const [value, w] of list) if ((r -= w) < 0) return value;
  return list.at(-1)![0];
}

export async function seedDemoAnalytics(db: Db, writerId: number | undefined, now = Date.now()): Promise<boolean> {
  const done = await db.selectFrom('settings').select('key').where('key', '=', MARKER).executeTakeFirst();
  if (done) return false;
  const ids = demoArticleIds();
  if (!ids.length) return false;
  const rand = random(1405);
  const today = Math.floor(now / DAY) * DAY;
  /** A moment on day `d` days ago (0 = today, never in the future). */
  const momentOn = (d: number) => {
    const start = today - d * DAY;
    const span = Math.min(DAY, now - start);
    return start + Math.floor(rand() * Math.max(1, span - 1000));
  };

  let visitor = 0;
  const commented: number[] = [];
  for (const [index, article] of ids.entries()) {
    const locale = article.slice(0, 2) as 'fa' | 'ru' | 'en';
    const popularity = 1 + ((index * 7) % 5) + (locale === 'fa' ? 2 : 0);
    // Views: more in the last two weeks for some articles, so the trends differ.
    const rising = index % 3 === 0;
    for (let d = DAYS - 1; d >= 0; d--) {
      const lift = rising ? 1 + (DAYS - d) / DAYS : 1 + d / (DAYS * 2);
      const count = Math.floor(rand() * popularity * lift + (rand() < 0.5 ? 1 : 0));
      for (let i = 0; i < count; i++)
        await recordView(db, { article, visitor: `demo-view-${index}-${d}-${i}` }, momentOn(d));
    }
    // Votes: 12–23 per article, yes with the article's helpful share.
    const votes = 12 + Math.floor(rand() * 12);
    const share = helpfulness[article] ?? 0.74 + ((index * 5) % 13) / 100;
    // Exactly the article's share of yes votes (no sampling noise), in a shuffled order.
    const answers = Array.from({ length: votes }, (_, i) => i < Math.round(share * votes));
    for (let i = answers.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [answers[i], answers[j]] = [answers[j]!, answers[i]!];
    }
    for (const helpful of answers) {
      const reason = helpful ? undefined : weighted(rand, reasonWeights);
      const withComment = rand() < (helpful ? 0.12 : 0.35);
      const comment = withComment ? pick(rand, helpful ? comments[locale].yes : comments[locale].no) : undefined;
      const at = momentOn(Math.floor(rand() * DAYS));
      const { id } = await recordVote(
        db,
        { article, helpful: helpful ? 'yes' : 'no', reason, comment, visitor: `demo-${++visitor}` },
        at,
      );
      if (comment) commented.push(id);
    }
  }
  // A few comments every demo has: mixed-direction text, a line break, and one that a
  // spreadsheet would run as a formula (the CSV export must defuse it).
  const fixed: { article: string; comment: string; reason: VoteReason; daysAgo: number }[] = [
    {
      article: 'fa/agent-skills/clear-writing',
      comment: 'پیوند «Reset password» در ایمیل کار نمی‌کند؛ لطفاً بررسی کنید.',
      reason: 'inaccurate',
      daysAgo: 1,
    },
    {
      article: 'ru/agent-skills/clear-writing',
      comment: 'Пример письма хороший.\nНо где шаблон для ответа в чате?',
      reason: 'missing',
      daysAgo: 2,
    },
    {
      article: 'en/agent-skills/patience-and-empathy',
      comment: '=HYPERLINK("http://example.com","click") this is how a spreadsheet formula looks',
      reason: 'other',
      daysAgo: 3,
    },
  ];
  for (const f of fixed) {
    if (!ids.includes(f.article)) continue;
    const { id } = await recordVote(
      db,
      { article: f.article, helpful: 'no', reason: f.reason, comment: f.comment, visitor: `demo-${++visitor}` },
      momentOn(f.daysAgo),
    );
    commented.push(id);
  }
  // Some comments already triaged by the demo writer.
  if (writerId !== undefined) {
    for (const [i, id] of commented.entries()) {
      const status: CommentStatus | undefined = i % 4 === 1 ? 'acknowledged' : i % 7 === 3 ? 'fixed' : undefined;
      if (status) await setCommentStatus(db, id, status, writerId, now - (i % 5) * 3_600_000);
    }
  }
  // Searches: settled queries, some followed by a click on a result.
  for (const locale of ['fa', 'ru', 'en'] as const) {
    const pool = searches[locale].map((s) => [s, s.weight] as const);
    const count = locale === 'fa' ? 140 : locale === 'ru' ? 100 : 60;
    const targets = ids.filter((id) => id.startsWith(`${locale}/`));
    for (let i = 0; i < count; i++) {
      const s = weighted(rand, pool);
      const at = momentOn(Math.floor(rand() * DAYS));
      await recordSearchEvent(db, { locale, query: s.query, results: s.results }, at);
      if (s.results > 0 && targets.length && rand() < 0.6) {
        const rank = 1 + Math.floor(rand() * Math.min(3, s.results));
        await recordSearchEvent(
          db,
          { locale, query: s.query, results: s.results, clickedUrl: `/${pick(rand, targets)}/`, clickedRank: rank },
          at + 5000,
        );
      }
    }
  }
  await db
    .insertInto('settings')
    .values({ key: MARKER, value: JSON.stringify(new Date(now).toISOString()) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return true;
}
