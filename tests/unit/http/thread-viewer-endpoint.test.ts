// The shared thread page's viewer JSON as the server answers it, in front of Astro, over real
// HTTP: a member's state, a refusal for another site's fetch, 401 (dropping a stale cookie)
// without a session, 404 for what readers cannot see, and the cookie that sends staff to their
// own pages.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../../src/lib/auth/session.ts';
import { reply } from '../../../src/lib/forum/posts.ts';
import { votePost } from '../../../src/lib/forum/votes.ts';
import { createThreadViewerEndpoint, THREAD_VIEWER_PATH } from '../../../src/lib/http/thread-viewer-endpoint.ts';
import { PERSONAL_COOKIE } from '../../../src/lib/http/shared-variant.ts';
import { ok } from '../factories.ts';
import { ask, forum } from '../forum/fixture.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start() {
  const f = await forum();
  const thread = await ask(f.db, f.asker, f.categoryId, 'Refund for a cancelled order');
  const answer = ok(await reply(f.db, f.helper, thread.threadId, 'Refunds take five working days.'));
  const endpoint = createThreadViewerEndpoint({ db: f.db, secureCookies: true });
  server = createServer((req, res) => {
    if (!endpoint.handle(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}${THREAD_VIEWER_PATH}?${query}`, { headers });
  const cookieOf = async (userId: number) => `${SESSION_COOKIE}=${(await createSession(f.db, userId, 'test')).token}`;
  return { ...f, thread, answer, get, cookieOf };
}

describe('thread viewer endpoint', () => {
  it("answers a member's state for a page of a thread, never cached", async () => {
    const { db, stranger, thread, answer, get, cookieOf } = await start();
    await votePost(db, stranger, answer.postId);
    const response = await get(`thread=${thread.threadId}&page=1`, { cookie: await cookieOf(stranger.id) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.json()).toMatchObject({ personal: false, userId: stranger.id, voted: [answer.postId] });
  });

  it('refuses what is not a member asking from this site, and what readers cannot see', async () => {
    const { stranger, thread, get, cookieOf } = await start();
    const cookie = await cookieOf(stranger.id);
    expect((await get(`thread=${thread.threadId}&page=1`, { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(
      403,
    );
    const anonymous = await get(`thread=${thread.threadId}&page=1`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('set-cookie')).toBeNull();
    const stale = await get(`thread=${thread.threadId}&page=1`, { cookie: `${SESSION_COOKIE}=abc.def` });
    expect(stale.status).toBe(401);
    expect(stale.headers.get('set-cookie')).toMatch(
      new RegExp(`^${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970`),
    );
    for (const query of [`thread=${thread.threadId}&page=2`, 'thread=999999&page=1', 'thread=x&page=1', 'page=1'])
      expect((await get(query, { cookie })).status, query).toBe(404);
  });

  it('sends staff to their own pages with an HttpOnly cookie', async () => {
    const { moderator, thread, get, cookieOf } = await start();
    const response = await get(`thread=${thread.threadId}&page=1`, { cookie: await cookieOf(moderator.id) });
    expect(await response.json()).toEqual({ personal: true, forSeconds: 30 * 86_400 });
    expect(response.headers.get('set-cookie')).toBe(
      `${PERSONAL_COOKIE}=1; Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax`,
    );
  });

  it('leaves other requests alone', async () => {
    const { get } = await start();
    const { port } = server!.address() as { port: number };
    expect((await fetch(`http://127.0.0.1:${port}/api/community/viewers/`)).status).toBe(418);
    expect((await fetch(`http://127.0.0.1:${port}${THREAD_VIEWER_PATH}`, { method: 'POST' })).status).toBe(418);
    expect((await get('thread=1&page=1')).status).toBe(401);
  });
});
