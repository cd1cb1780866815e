// Community forum under load: a thread page (50 posts) and the thread list over HTTP against the
// built server (autocannon, 25 connections), next to a static file served by the same server in
// the same run — at 10,000 and at 1,000,000 posts, to show the pages stay flat. Anonymous readers
// with the anonymous cache on and off, and a signed-in member: with a browser that runs scripts
// (the members' shared page, cached, plus the viewer JSON its script fetches: one view is both
// requests) and without (the member's own page, rendered on every view), on 1 process and on 2
// (WEB_CONCURRENCY=2, both cores). Each figure is the median of RUNS runs.
// On SQLite, or on Postgres when DATABASE_URL is set (./database.ts).
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { renderMarkdown } from '../../src/lib/markdown/render.ts';
import { threadSlug } from '../../src/lib/forum/urls.ts';
import { createSession, SESSION_COOKIE } from '../../src/lib/auth/session.ts';
import { SCRIPT_COOKIE } from '../../src/lib/http/shared-variant.ts';
import { startServer, stopServer } from './server.ts';
import { createBenchDatabase, pgClient } from './database.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const POSTS_PER_PAGE = 50;
const RUNS = 3;
const RUN_SECONDS = 5;

const bodies = [
  'Our team answers chat and email. **How** do we set a fair first-response target when nights are quiet?',
  'We measure *first response time* per channel:\n\n| channel | target |\n| --- | --- |\n| chat | 2 min |\n| email | 4 h |\n\nStart there and adjust monthly.',
  'مشتری عصبانی را اول کامل بشنوید، بعد خلاصهٔ مشکل را برایش تکرار کنید. این کار `CSAT` را بالا می‌برد.',
  'Попробуйте макрос с вежливым шаблоном и проверьте, что тикет закрывается только после ответа клиента.',
  '- [x] acknowledge the problem\n- [ ] give a time frame\n- [ ] follow up\n\n```\nescalate --priority high\n```',
];

const locales = ['en', 'fa', 'ru'];
const categoryTitles = JSON.stringify({ fa: 'بنچ', ru: 'Бенч', en: 'Bench' });
const threadTitle = (t: number) =>
  `${['How do I', 'Как мне', 'چطور'][t % 3]} handle case ${t} without losing the customer`;
const forumPaths = (bigThreadId: number) => ({
  threadPath: `/en/community/t/${bigThreadId}/${threadSlug(threadTitle(0))}/`,
  listPath: '/en/community/',
});

/** Posts per thread: the first English thread has 120 (the thread page benchmark reads its page 1 of 3), the rest vary. */
function threadSizes(threads: number, posts: number): number[] {
  const sizes: number[] = [];
  let postsLeft = posts;
  for (let t = 0; t < threads; t++) {
    const count =
      t === 0
        ? 120
        : Math.max(
            1,
            Math.min(
              postsLeft - (threads - t - 1),
              Math.round((postsLeft / (threads - t)) * (0.5 + ((t * 7919) % 100) / 100)),
            ),
          );
    postsLeft -= count;
    sizes.push(count);
  }
  return sizes;
}

/** Threads and posts with the counters the lists read; one thread per locale has 120 posts. */
export function generateForum(file: string, threads: number, posts: number): { threadPath: string; listPath: string } {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const now = Date.now();
  const html = bodies.map((b) => renderMarkdown(b));
  const users = sqlite.prepare('SELECT id FROM users').all() as { id: number }[];
  const category = sqlite
    .prepare(
      "INSERT INTO forum_categories (slug, titles, descriptions, position, created_at) VALUES ('bench', ?, '{}', 0, ?) RETURNING id",
    )
    .get(categoryTitles, now) as { id: number };
  const insertThread = sqlite.prepare(
    `INSERT INTO threads (locale, category_id, author_id, title, slug, state, reply_count, last_post_number, vote_score, view_count, last_post_at, last_poster_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const insertPost = sqlite.prepare(
    'INSERT INTO posts (thread_id, author_id, number, source, html, vote_score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let big = 0;
  const sizes = threadSizes(threads, posts);
  sqlite.transaction(() => {
    for (let t = 0; t < threads; t++) {
      const locale = locales[t % 3]!;
      const count = sizes[t]!;
      const title = threadTitle(t);
      const created = now - (threads - t) * 60_000;
      const author = users[t % users.length]!.id;
      const { id } = insertThread.get(
        locale,
        category.id,
        author,
        title,
        threadSlug(title),
        t % 4 === 0 ? 'solved' : 'open',
        count - 1,
        count,
        t % 13,
        t % 97,
        created + count * 1000,
        author,
        created,
      ) as { id: number };
      if (t === 0) big = id;
      for (let n = 1; n <= count; n++) {
        const k = (t + n) % bodies.length;
        insertPost.run(id, users[(t + n) % users.length]!.id, n, bodies[k]!, html[k]!, n % 5, created + n * 1000);
      }
    }
  })();
  sqlite.exec('ANALYZE');
  sqlite.close();
  return forumPaths(big);
}

/** The same forum on Postgres in two set-based statements (threads from arrays, posts from generate_series). */
export async function generateForumPostgres(
  location: string,
  threads: number,
  posts: number,
): Promise<{ threadPath: string; listPath: string }> {
  const client = await pgClient(location);
  try {
    const now = Date.now();
    const users = (await client.query<{ id: number }>('SELECT id FROM users ORDER BY id')).rows.map((r) => r.id);
    const [category] = (
      await client.query<{ id: number }>(
        "INSERT INTO forum_categories (slug, titles, descriptions, position, created_at) VALUES ('bench', $1, '{}', 0, $2) RETURNING id",
        [categoryTitles, now],
      )
    ).rows;
    const titles = Array.from({ length: threads }, (_, t) => threadTitle(t));
    // In t order, so that identities follow it; t = ordinality - 1.
    await client.query(
      `INSERT INTO threads (locale, category_id, author_id, title, slug, state, reply_count, last_post_number, vote_score, view_count, last_post_at, last_poster_id, created_at)
       SELECT ($1::text[])[(t % 3) + 1], $2, author, ($3::text[])[t + 1], ($4::text[])[t + 1],
         CASE WHEN t % 4 = 0 THEN 'solved' ELSE 'open' END, count - 1, count, t % 13, t % 97,
         created + count * 1000, author, created
       FROM unnest($5::int[]) WITH ORDINALITY AS sizes(count, n),
         LATERAL (SELECT n - 1 AS t) AS i,
         LATERAL (SELECT ($6::bigint[])[(t % cardinality($6::bigint[])) + 1] AS author, $7::bigint - ($8 - t) * 60000 AS created) AS c
       ORDER BY t`,
      [locales, category!.id, titles, titles.map(threadSlug), threadSizes(threads, posts), users, now, threads],
    );
    await client.query(
      `INSERT INTO posts (thread_id, author_id, number, source, html, vote_score, created_at)
       SELECT t.id, ($2::bigint[])[((t.id + n) % cardinality($2::bigint[])) + 1], n,
         ($3::text[])[((t.id + n) % $5) + 1], ($4::text[])[((t.id + n) % $5) + 1], n % 5, t.created_at + n * 1000
       FROM threads AS t, generate_series(1, t.last_post_number) AS n
       WHERE t.category_id = $1`,
      [category!.id, users, bodies, bodies.map((b) => renderMarkdown(b)), bodies.length],
    );
    await client.query('VACUUM ANALYZE');
    const [big] = (await client.query<{ id: number }>('SELECT id FROM threads WHERE title = $1', [titles[0]])).rows;
    return forumPaths(big!.id);
  } finally {
    await client.end();
  }
}

/** The viewer JSON the shared thread page's script asks for (src/pages/api/community/viewer.ts). */
const viewerStatePath = (threadPath: string) =>
  `/api/community/viewer/?thread=${/\/t\/(\d+)\//.exec(threadPath)![1]}&page=1`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * A warm-up, then RUNS runs: the median req/s and the median p50 and p99. A view of several
 * requests (the members' shared page and its viewer JSON) is sent in turn on each connection and
 * counted once per round: `perSecond` is views per second, p50 and p99 are per request.
 */
async function load(origin: string, path: string | string[], cookie?: string) {
  const paths = Array.isArray(path) ? path : [path];
  const options = {
    url: origin + paths[0],
    connections: 25,
    headers: { 'user-agent': BROWSER, 'accept-encoding': 'gzip', ...(cookie ? { cookie } : {}) },
    ...(paths.length > 1 ? { requests: paths.map((p) => ({ method: 'GET' as const, path: p })) } : {}),
  };
  await autocannon({ ...options, duration: 2 });
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await autocannon({ ...options, duration: RUN_SECONDS }));
  return {
    perSecond: median(runs.map((r) => r.requests.average / paths.length)),
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
  };
}

/** The posts on the thread page, and which page it was: the member's own, the members' shared one, or the anonymous one. */
async function probe(url: string, cookie?: string) {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  const html = await response.text();
  return {
    status: response.status,
    posts: (html.match(/data-post=/g) ?? []).length,
    page: html.includes('data-viewer="shared"') ? 'shared' : html.includes('data-bell="in"') ? 'own' : 'anonymous',
  };
}

export async function benchForum(): Promise<void> {
  const rows: Record<string, string>[] = [];
  for (const [threads, posts] of [
    [1_000, 10_000],
    [100_000, 1_000_000],
  ] as const) {
    const bench = await createBenchDatabase('forum');
    const db = bench.open();
    for (let i = 0; i < 50; i++) {
      await db
        .insertInto('users')
        .values({
          email: `u${i}@bench.example`,
          password_hash: 'x',
          display_name: `Bench user ${i}`,
          name_skeleton: `bench user ${i}`,
          username: `bench user ${i}`,
          username_skeleton: `bench user ${i}`,
          email_verified_at: null,
          suspended_until: null,
          silenced_until: null,
        })
        .execute();
    }
    const started = performance.now();
    const { threadPath, listPath } =
      bench.dialect === 'postgres'
        ? await generateForumPostgres(bench.location, threads, posts)
        : generateForum(bench.location, threads, posts);
    console.log(
      `${threads.toLocaleString('en')} threads, ${posts.toLocaleString('en')} posts generated in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    // A member who wrote some of the posts (a new account's trust level, as most readers have),
    // reading someone else's thread: vote and flag forms on every post.
    const member = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'u7@bench.example')
      .executeTakeFirstOrThrow();
    const { token } = await createSession(db, member.id, BROWSER);
    // Without SCRIPT_COOKIE the browser does not run scripts: the member gets a page of their own;
    // with it, the members' shared page and its viewer JSON (src/lib/forum/thread-viewer.ts).
    const cookie = `${SESSION_COOKIE}=${token}`;
    const scriptCookie = `${cookie}; ${SCRIPT_COOKIE}=1`;
    await db.destroy();
    // 1 process, then 2 (WEB_CONCURRENCY, node:cluster in src/cli/start.ts); each as served (forum
    // pages replayed to anonymous readers from the cache for up to 10 s), and with the cache off,
    // so every request renders the page from the database. Signed-in pages are never cached: they
    // are measured once per process count.
    for (const processes of [1, 2]) {
      for (const cache of ['on', 'off'] as const) {
        const { origin, child } = await startServer(bench.location, {
          ANONYMOUS_CACHE_SECONDS: cache === 'on' ? '30' : '0',
          WEB_CONCURRENCY: String(processes),
        });
        const anonymous = await probe(origin + threadPath);
        const own = await probe(origin + threadPath, cookie);
        const shared = await probe(origin + threadPath, scriptCookie);
        const viewerPath = viewerStatePath(threadPath);
        const viewer = await fetch(origin + viewerPath, { headers: { cookie: scriptCookie } });
        const state = (await viewer.json()) as { personal?: boolean; voted?: number[] };
        console.log(
          `${processes} process(es), anonymous cache ${cache}: thread page status ${anonymous.status} (anonymous), ${own.status} (signed in, no script: ${own.page} page), ${shared.status} (signed in, script: ${shared.page} page; viewer JSON ${viewer.status}, personal: ${state.personal}, votes: ${state.voted?.length}), posts on page 1: ${anonymous.posts}`,
        );
        const measured: [string, string | string[], string | undefined][] = [
          ['static file (baseline)', '/favicon.svg', undefined],
          ['thread list, anonymous', listPath, undefined],
          [`thread page (${POSTS_PER_PAGE} posts), anonymous`, threadPath, undefined],
          ...(cache === 'on'
            ? ([
                ['thread list, signed in', listPath, cookie],
                [`thread page (${POSTS_PER_PAGE} posts), signed in, own page (no script)`, threadPath, cookie],
                [`viewer JSON of the shared page, signed in`, viewerPath, scriptCookie],
                [
                  `thread page (${POSTS_PER_PAGE} posts), signed in: shared page + viewer JSON, views/s`,
                  [threadPath, viewerPath],
                  scriptCookie,
                ],
              ] as [string, string | string[], string][])
            : []),
        ];
        let baseline = 0;
        for (const [name, path, withCookie] of measured) {
          const r = await load(origin, path, withCookie);
          if (!baseline) baseline = r.perSecond;
          rows.push({
            posts: posts.toLocaleString('en'),
            processes: String(processes),
            'anonymous cache': withCookie ? '-' : cache,
            page: name,
            'req/s': r.perSecond.toFixed(0),
            'p50 ms': String(r.p50),
            'p99 ms': String(r.p99),
            'non-2xx': String(r.non2xx),
            'ratio to static': (r.perSecond / baseline).toFixed(2),
          });
        }
        await stopServer(child);
      }
    }
    await bench.drop();
  }
  console.table(rows);
  console.log(
    `req/s, p50 and p99: medians of ${RUNS} runs of ${RUN_SECONDS} s each (after a 2 s warm-up); a "views/s" row sends its two requests in turn on each connection and counts one view per pair (p50 and p99 per request).`,
  );
  const met = (pages: Record<string, string>[]) =>
    pages.every((r) => Number(r['req/s']) >= 1_000 && Number(r['p99 ms']) <= 50) ? 'met' : 'not met';
  const pages = (processes: string, test: (r: Record<string, string>) => boolean) =>
    rows.filter((r) => r.processes === processes && !r.page!.startsWith('static') && test(r));
  for (const processes of ['1', '2'])
    console.log(
      `Goal (${processes} process${processes === '1' ? '' : 'es'}): thread page and list ≥ 1,000 req/s with p99 ≤ 50 ms at 25 connections, at both sizes → ` +
        `anonymous, cache on: ${met(pages(processes, (r) => r['anonymous cache'] === 'on'))}; ` +
        `anonymous, rendered on every request: ${met(pages(processes, (r) => r['anonymous cache'] === 'off'))}; ` +
        `signed-in thread page (shared page + viewer JSON per view): ${met(pages(processes, (r) => r.page!.endsWith('views/s')))}; ` +
        `signed in without script (own pages): ${met(pages(processes, (r) => r['anonymous cache'] === '-' && !r.page!.includes('shared') && !r.page!.startsWith('viewer')))}.`,
    );
}
