// Members to mention, for the composer's @-autocomplete: those whose username or display name
// starts with `q` (look-alike letters and case meet). Only what a reader of the forum may see
// anyway: username and display name of members with a public profile, never an email or an id,
// never an account that has not posted. Signed-in members only (only they write), same-origin,
// limited per member, since it is called as they type.
import type { APIRoute } from 'astro';
import { mentionCandidates } from '@/lib/forum/mentions.ts';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { tooManyRequests } from '@/lib/http/json-body.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

/** Longer than any username (24) or display name (40) a prefix could usefully be. */
const MAX_QUERY = 60;

export const GET: APIRoute = async ({ request, url, locals }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403 });
  if (!locals.user) return new Response(null, { status: 401 });
  const query = url.searchParams.get('q') ?? '';
  if (query.length > MAX_QUERY) return new Response(null, { status: 400 });
  const db = getDb();
  const limit = await hitRateLimit(db, `mentions:user:${locals.user.id}`, { max: 120, windowMs: 60_000 });
  if (!limit.allowed) return tooManyRequests(limit.retryAfterMs);
  const members = await mentionCandidates(db, query, { exceptUserId: locals.user.id, limit: 8 });
  return new Response(JSON.stringify({ members }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'private, no-store' },
  });
};
