// What is one member's on the members' shared thread page (src/lib/forum/thread-viewer.ts), for
// that page's script: same-origin GET ?thread=<id>&page=<n>, never cached. 401 without a session
// (the script then loads the page again, now anonymous: the middleware dropped the stale cookie).
// `personal` comes with a cookie that makes this browser get its own pages from now on (staff,
// a paused member: for the session's life; the asker or the author of a held post: for a while).
import type { APIRoute } from 'astro';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { threadRoute } from '@/lib/forum/thread-view.ts';
import { threadViewerState } from '@/lib/forum/thread-viewer.ts';
import { getDb } from '@/server/context.ts';
import { askForOwnPages } from '@/server/shared-page.ts';
export const prerender = false;

const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'private, no-store' };

export const GET: APIRoute = async ({ request, url, locals, cookies }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403, headers });
  const user = locals.user;
  if (!user) return new Response(JSON.stringify({ error: 'unauthorized' }), { status: 401, headers });
  const route = threadRoute(url.searchParams.get('thread') ?? undefined, url.searchParams.get('page'));
  const state = route && (await threadViewerState(getDb(), user, route.threadId, route.page));
  if (!state) return new Response(JSON.stringify({ error: 'notFound' }), { status: 404, headers });
  if (state.personal) askForOwnPages(cookies, state.forSeconds);
  return new Response(JSON.stringify(state), { status: 200, headers });
};
