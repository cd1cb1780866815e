// Every on-demand route, as every role, against one table. Extend the table with each new route.
import { expect, request as requests, test, type APIRequestContext } from '@playwright/test';

type Who = 'anonymous' | 'member' | 'writer' | 'moderator' | 'admin';
const people: Who[] = ['anonymous', 'member', 'writer', 'moderator', 'admin'];

interface Route {
  method: 'GET' | 'POST';
  path: string;
  form?: Record<string, string>;
  /** Expected status per person; 303 means a redirect (to sign-in for anonymous). */
  expect: Record<Who, number>;
}
const everyone = (status: number): Record<Who, number> => ({
  anonymous: status,
  member: status,
  writer: status,
  moderator: status,
  admin: status,
});
const signedInOnly = (status: number): Record<Who, number> => ({
  anonymous: 303,
  member: status,
  writer: status,
  moderator: status,
  admin: status,
});

const table: Route[] = [
  { method: 'GET', path: '/fa/account/', expect: signedInOnly(200) },
  // Following categories for the weekly digest: members only; an unknown category or a forged value changes nothing.
  { method: 'GET', path: '/fa/account/follow/?kind=community&category=account', expect: signedInOnly(200) },
  {
    method: 'POST',
    path: '/fa/account/follow/?kind=community&category=account',
    form: { follow: '0' },
    expect: signedInOnly(200),
  },
  {
    method: 'POST',
    path: '/en/account/follow/?kind=articles&category=no-such-category',
    form: { follow: '1' },
    expect: signedInOnly(404),
  },
  {
    method: 'POST',
    path: '/ru/account/follow/?kind=community&category=account',
    form: { follow: 'yes' },
    expect: signedInOnly(422),
  },
  // The Follow button's state on prerendered pages: the reader's own; a query that names no category's shape is 400.
  {
    method: 'GET',
    path: '/api/follows/?kind=articles&category=agent-skills',
    expect: { anonymous: 401, member: 200, writer: 200, moderator: 200, admin: 200 },
  },
  {
    method: 'GET',
    path: '/api/follows/?kind=threads&category=account',
    expect: { anonymous: 401, member: 400, writer: 400, moderator: 400, admin: 400 },
  },
  { method: 'GET', path: '/ru/account/sessions/', expect: signedInOnly(200) },
  { method: 'GET', path: '/en/account/password/', expect: signedInOnly(200) },
  {
    method: 'POST',
    path: '/fa/account/password/',
    form: { current: 'wrong', password: 'whatever 1234' },
    expect: signedInOnly(422),
  },
  // Someone else's (here: a made-up) session id is never revocable.
  {
    method: 'POST',
    path: '/fa/account/sessions/',
    form: { session: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
    expect: signedInOnly(404),
  },
  {
    method: 'GET',
    path: '/fa/account/signin/',
    expect: { anonymous: 200, member: 303, writer: 303, moderator: 303, admin: 303 },
  },
  {
    method: 'GET',
    path: '/ru/account/signup/',
    expect: { anonymous: 200, member: 303, writer: 303, moderator: 303, admin: 303 },
  },
  { method: 'GET', path: '/en/account/forgot/', expect: everyone(200) },
  { method: 'GET', path: '/fa/account/verify/?token=bad', expect: everyone(400) },
  { method: 'GET', path: '/fa/account/reset/?token=bad', expect: everyone(400) },
  { method: 'GET', path: '/fa/forbidden/', expect: everyone(403) },
  { method: 'GET', path: '/xx/account/', expect: everyone(404) },
  { method: 'GET', path: '/fa/account/signout/', expect: everyone(404) },
  // The header's Admin link: staff go on to their first section (303), members get 403.
  {
    method: 'GET',
    path: '/admin/?lang=fa',
    expect: { anonymous: 303, member: 403, writer: 303, moderator: 303, admin: 303 },
  },
  // Writers' analytics: writers and admins only.
  ...['/admin/analytics/', '/admin/analytics/comments/', '/admin/analytics/search/?lang=ru'].map((path): Route => ({
    method: 'GET',
    path,
    expect: { anonymous: 303, member: 403, writer: 200, moderator: 403, admin: 200 },
  })),
  // The writers' area: content status, its CSV and the writers' guide (whose old address redirects).
  ...[
    '/admin/content/',
    '/admin/content/?state=outdated&owner=maria&after=x:fa&lang=fa',
    '/admin/content/guide/ru/',
  ].map((path): Route => ({
    method: 'GET',
    path,
    expect: { anonymous: 303, member: 403, writer: 200, moderator: 403, admin: 200 },
  })),
  {
    method: 'GET',
    path: '/admin/content.csv?locale=xx&state=nope',
    expect: { anonymous: 401, member: 403, writer: 200, moderator: 403, admin: 200 },
  },
  { method: 'GET', path: '/admin/guide/en/', expect: everyone(301) },
  ...['/admin/analytics/articles.csv', '/admin/analytics/comments.csv', '/admin/analytics/search.csv?table=zero'].map(
    (path): Route => ({
      method: 'GET',
      path,
      expect: { anonymous: 401, member: 403, writer: 200, moderator: 403, admin: 200 },
    }),
  ),
  {
    method: 'POST',
    path: '/admin/analytics/comments/',
    form: { action: 'status', id: '999999999', status: 'fixed' },
    expect: { anonymous: 303, member: 403, writer: 404, moderator: 403, admin: 404 },
  },
  // Moderation: the review queue, its actions and the audit log are for moderators and admins only.
  ...[
    '/admin/moderation/',
    '/admin/moderation/?status=dismissed&lang=fa',
    '/admin/moderation/?status=approved&after=999999999&lang=ru',
    '/admin/audit/',
    '/admin/audit/?lang=fa&action=user.warn&user=1',
  ].map((path): Route => ({
    method: 'GET',
    path,
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 200, admin: 200 },
  })),
  ...['/admin/audit.csv', '/admin/audit.csv?action=post.hide'].map((path): Route => ({
    method: 'GET',
    path,
    expect: { anonymous: 401, member: 403, writer: 403, moderator: 200, admin: 200 },
  })),
  ...['claim', 'unclaim', 'approve', 'dismiss', 'hide', 'delete', 'restore', 'edit', 'warn', 'silence', 'suspend'].map(
    (op): Route => ({
      method: 'POST',
      path: '/admin/moderation/',
      form: { op, item: '999999999', reason: 'a reason', body: 'new text here', duration: '1d' },
      expect: { anonymous: 303, member: 403, writer: 403, moderator: 404, admin: 404 },
    }),
  ),
  // Moderation admin screens: watched words and a user's record for moderators and admins, the
  // settings for admins only (moderators get 403). User 1 exists in every demo database.
  {
    method: 'GET',
    path: '/admin/moderation/words/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 200, admin: 200 },
  },
  {
    method: 'GET',
    path: '/admin/moderation/words/?lang=fa&locale=fa&action=hold&after=1',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 200, admin: 200 },
  },
  {
    method: 'POST',
    path: '/admin/moderation/words/',
    form: { intent: 'test', locale: 'fa', text: 'كلاه‌بـــردار' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 200, admin: 200 },
  },
  {
    method: 'POST',
    path: '/admin/moderation/words/',
    form: { intent: 'add', locale: 'xx', word: 'nope', action: 'block' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 422, admin: 422 },
  },
  {
    method: 'POST',
    path: '/admin/moderation/words/',
    form: { intent: 'remove', id: '999999999' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/admin/moderation/words/',
    form: { intent: 'import', csv: 'xx,bad,block' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 422, admin: 422 },
  },
  {
    method: 'GET',
    path: '/admin/moderation/words.csv',
    expect: { anonymous: 401, member: 403, writer: 403, moderator: 200, admin: 200 },
  },
  {
    method: 'GET',
    path: '/admin/moderation/words.csv?locale=ru',
    expect: { anonymous: 401, member: 403, writer: 403, moderator: 200, admin: 200 },
  },
  {
    method: 'GET',
    path: '/admin/moderation/settings/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 403, admin: 200 },
  },
  {
    method: 'POST',
    path: '/admin/moderation/settings/',
    form: { 'moderation.flagThreshold': '0' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 403, admin: 422 },
  },
  {
    method: 'GET',
    path: '/admin/moderation/users/1/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 200, admin: 200 },
  },
  {
    method: 'GET',
    path: '/admin/moderation/users/999999999/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 404, admin: 404 },
  },
  {
    method: 'GET',
    path: '/admin/moderation/users/x/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/admin/moderation/users/999999999/',
    form: { intent: 'trust', level: '2' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/admin/moderation/users/1/',
    form: { intent: 'trust', level: '9' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 422, admin: 422 },
  },
  // Lifting a sanction that is not in force changes nothing and lands back on the record.
  {
    method: 'POST',
    path: '/admin/moderation/users/1/',
    form: { intent: 'lift', kind: 'silence' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 303, admin: 303 },
  },
  // Article feedback is open to everyone; an unknown article is a 404 for everyone.
  { method: 'POST', path: '/fa/feedback/', form: { article: 'fa/nope/nope', helpful: 'yes' }, expect: everyone(404) },
  // Reading the community needs no account; a wrong slug is a 301 to the thread's address.
  { method: 'GET', path: '/fa/community/', expect: everyone(200) },
  { method: 'GET', path: '/ru/community/account/?list=unanswered&before=1.1', expect: everyone(200) },
  { method: 'GET', path: '/en/community/no-such-category/', expect: everyone(404) },
  { method: 'GET', path: '/fa/community/t/1/x/', expect: everyone(301) },
  { method: 'GET', path: '/fa/community/t/999999999/x/', expect: everyone(404) },
  // User 1 is the demo member, who has not posted: no public profile, but they and staff see it.
  {
    method: 'GET',
    path: '/en/community/u/1/',
    expect: { anonymous: 404, member: 200, writer: 404, moderator: 200, admin: 200 },
  },
  { method: 'GET', path: '/en/community/u/999999999/', expect: everyone(404) },
  // Notifications are the signed-in user's own; editing and revisions: the author or moderators
  // (post 1 is a seeded question by a demo member none of these accounts is).
  { method: 'GET', path: '/fa/community/notifications/', expect: signedInOnly(200) },
  {
    method: 'GET',
    path: '/api/notifications/count/',
    expect: { anonymous: 401, member: 200, writer: 200, moderator: 200, admin: 200 },
  },
  {
    method: 'GET',
    path: '/fa/community/t/1/x/edit/1/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 301, admin: 301 },
  },
  {
    method: 'GET',
    path: '/fa/community/t/1/x/revisions/1/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 200, admin: 200 },
  },
  // Forum actions (public endpoints): nobody signed in is a 401 before anything else happens.
  // Write forms carry the spam defences (form stamp, honeypot): without a stamp a member's write is
  // refused (400) before the lib runs; moderators pass the defences and reach the lib (404).
  {
    method: 'POST',
    path: '/_actions/forum.reply/',
    form: { threadId: '999999999', body: 'hello there' },
    expect: { anonymous: 401, member: 400, writer: 400, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/_actions/forum.edit/',
    form: { postId: '999999999', body: 'hello there' },
    expect: { anonymous: 401, member: 400, writer: 400, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/_actions/forum.threadTool/',
    form: { threadId: '999999999', tool: 'lock' },
    expect: { anonymous: 401, member: 403, writer: 403, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/_actions/forum.flag/',
    form: { postId: '999999999', reason: 'spam' },
    expect: { anonymous: 401, member: 400, writer: 400, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/_actions/forum.vote/',
    form: { postId: '999999999' },
    expect: { anonymous: 401, member: 404, writer: 404, moderator: 404, admin: 404 },
  },
  {
    method: 'POST',
    path: '/_actions/forum.accept/',
    form: { postId: '1' },
    expect: { anonymous: 401, member: 403, writer: 403, moderator: 400, admin: 400 },
  },
  {
    method: 'POST',
    path: '/_actions/forum.preview/',
    form: { body: '**hi**' },
    expect: { anonymous: 401, member: 200, writer: 200, moderator: 200, admin: 200 },
  },
  {
    method: 'POST',
    path: '/_actions/forum.markRead/',
    form: {},
    expect: { anonymous: 401, member: 200, writer: 200, moderator: 200, admin: 200 },
  },
  // Asking: the composer and its action need a signed-in member (a too short title is a 422);
  // forum search and suggestions are public; composer events are the signed-in writer's own.
  { method: 'GET', path: '/fa/community/new/', expect: signedInOnly(200) },
  {
    method: 'POST',
    path: '/ru/community/new/?_action=forum.createThread',
    form: { locale: 'ru', category: '1', title: 'x', body: 'y' },
    expect: signedInOnly(422),
  },
  { method: 'GET', path: '/fa/community/search/?q=test', expect: everyone(200) },
  {
    method: 'GET',
    path: '/api/community/suggest/?locale=ru&q=%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C',
    expect: everyone(200),
  },
  { method: 'GET', path: '/api/community/search/?locale=fa&q=test', expect: everyone(200) },
  { method: 'GET', path: '/api/community/search/?locale=xx&q=test', expect: everyone(400) },
  {
    method: 'POST',
    path: '/api/community/composer/',
    form: {},
    expect: { anonymous: 401, member: 400, writer: 400, moderator: 400, admin: 400 },
  },
  // Contact support is open to everyone (a too short request is a 422 before anything is
  // stored); the confirmation page shows nothing without the sender's receipt cookie.
  { method: 'GET', path: '/fa/contact/', expect: everyone(200) },
  {
    method: 'POST',
    path: '/ru/contact/',
    form: { step: 'send', subject: 'x', description: 'y', email: 'nobody' },
    expect: everyone(422),
  },
  { method: 'POST', path: '/en/contact/', form: { solved: 't:999999999' }, expect: everyone(422) },
  { method: 'GET', path: '/en/contact/sent/', expect: everyone(404) },
  { method: 'GET', path: '/xx/contact/', expect: everyone(404) },
  // The contact funnel is analytics (writers and admins); deliveries and their retry are admins' only.
  {
    method: 'GET',
    path: '/admin/analytics/contact/?lang=fa',
    expect: { anonymous: 303, member: 403, writer: 200, moderator: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/admin/support/',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 403, admin: 200 },
  },
  {
    method: 'GET',
    path: '/admin/support/?state=delivered&before=5',
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 403, admin: 200 },
  },
  {
    method: 'POST',
    path: '/admin/support/',
    form: { action: 'retry', id: '999999999' },
    expect: { anonymous: 303, member: 403, writer: 403, moderator: 403, admin: 409 },
  },
];

const passwords: Record<Exclude<Who, 'anonymous'>, string> = {
  member: 'demo-member-pass',
  writer: 'demo-writer-pass',
  moderator: 'demo-moderator-pass',
  admin: 'demo-admin-pass',
};

async function contextFor(baseURL: string, who: Who): Promise<APIRequestContext> {
  const request = await requests.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  if (who !== 'anonymous') {
    const response = await request.post('/en/account/signin/', {
      form: { email: `${who}@pasokh.example`, password: passwords[who] },
      maxRedirects: 0,
    });
    expect(response.status(), `sign in as ${who}`).toBe(303);
  }
  return request;
}

test('authorization table: every route as every role', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const failures: string[] = [];
  for (const who of people) {
    const request = await contextFor(baseURL!, who);
    for (const route of table) {
      const response =
        route.method === 'GET'
          ? await request.get(route.path, { maxRedirects: 0 })
          : await request.post(route.path, { form: route.form ?? {}, maxRedirects: 0 });
      const status = response.status();
      if (status !== route.expect[who])
        failures.push(`${who} ${route.method} ${route.path}: ${status}, expected ${route.expect[who]}`);
      // A guarded page sends the anonymous visitor to sign in and back.
      if (who === 'anonymous' && status === 303 && route.expect.member !== 303) {
        expect(response.headers()['location']).toContain('/account/signin/?next=');
      }
    }
    await request.dispose();
  }
  expect(failures).toEqual([]);
});

test('a cross-site form post is refused (Astro checkOrigin)', async ({ baseURL }) => {
  const request = await requests.newContext({ baseURL, extraHTTPHeaders: { Origin: 'https://evil.example' } });
  const response = await request.post('/en/account/signin/', {
    form: { email: 'admin@pasokh.example', password: 'demo-admin-pass' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  await request.dispose();
});
