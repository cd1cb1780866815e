// Beacon endpoint for search analytics. Same-origin only (Sec-Fetch-Site), bots dropped,
// floods limited per (hashed) address; always answers 204 so a page never waits or errors.
import type { APIRoute } from 'astro';
import { recordSearchEvent, searchEventSchema } from '@/lib/analytics/search-events.ts';
import { addressKey } from '@/lib/auth/address.ts';
import { isBot } from '@/lib/http/bots.ts';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { readJsonBody, tooManyRequests } from '@/lib/http/json-body.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

const MAX_BODY = 4_096;

export const POST: APIRoute = async ({ request, clientAddress }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403 });
  const noContent = new Response(null, { status: 204 });
  if (isBot(request.headers.get('user-agent'))) return noContent;
  const parsed = await readJsonBody(request, searchEventSchema, MAX_BODY);
  if (!parsed.ok) return new Response(null, { status: parsed.status });
  const db = getDb();
  const limit = await hitRateLimit(db, `search-events:${await addressKey(db, clientAddress)}`, {
    max: 60,
    windowMs: 60_000,
  });
  if (!limit.allowed) return tooManyRequests(limit.retryAfterMs);
  await recordSearchEvent(db, parsed.data);
  return noContent;
};
