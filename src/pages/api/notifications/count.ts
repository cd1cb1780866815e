// The bell's count for prerendered pages (which cannot know who is reading): same-origin GET,
// never cached, {"unread": n} for a signed-in user (n capped at UNREAD_CAP), 401 otherwise.
import type { APIRoute } from 'astro';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { unreadNotificationCount } from '@/lib/forum/notifications.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

export const GET: APIRoute = async ({ request, locals }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403, headers });
  const user = locals.user;
  if (!user) return new Response(JSON.stringify({ error: 'unauthorized' }), { status: 401, headers });
  const unread = await unreadNotificationCount(getDb(), user.id);
  return new Response(JSON.stringify({ unread }), { status: 200, headers });
};
