// The Follow button's state for prerendered category pages (which cannot know who is reading):
// same-origin GET ?kind=…&category=…, never cached; {"following": bool} for a signed-in member,
// 401 otherwise, 400 when the query is not a category's.
import type { APIRoute } from 'astro';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { followState } from '@/lib/follows/follows.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
const answer = (status: number, body: object) => new Response(JSON.stringify(body), { status, headers });

export const GET: APIRoute = async ({ request, url, locals }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403, headers });
  const user = locals.user;
  if (!user) return answer(401, { error: 'unauthorized' });
  const following = await followState(getDb(), user.id, url.searchParams.get('kind'), url.searchParams.get('category'));
  if (following === null) return answer(400, { error: 'invalid' });
  return answer(200, { following });
};
