// What the question composer reports about its session (start, suggestions shown, a suggestion
// opened, the page left without posting), for the deflection funnel. The page sends these with
// fetch and, on leaving, sendBeacon. Signed-in writers only, each touching only their own
// session; same-origin only (Sec-Fetch-Site); limited per user.
import type { APIRoute } from 'astro';
import { composerEventSchema, handleComposerEvent } from '@/lib/forum/composer.ts';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { readJsonBody, tooManyRequests } from '@/lib/http/json-body.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

const MAX_BODY = 1_024;

export const POST: APIRoute = async ({ request, locals }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403 });
  if (!locals.user) return new Response(null, { status: 401 });
  const parsed = await readJsonBody(request, composerEventSchema, MAX_BODY);
  if (!parsed.ok) return new Response(null, { status: parsed.status });
  const db = getDb();
  const limit = await hitRateLimit(db, `composer-events:user:${locals.user.id}`, { max: 120, windowMs: 60_000 });
  if (!limit.allowed) return tooManyRequests(limit.retryAfterMs);
  const result = await handleComposerEvent(db, locals.user.id, parsed.data);
  if ('id' in result)
    return new Response(JSON.stringify({ id: result.id }), {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  return new Response(null, { status: 204 });
};
