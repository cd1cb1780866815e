// Beacon endpoint for article views: once per visitor, article and UTC day. Same-origin only,
// bots dropped, floods limited per (hashed) address; answers 204 so a page never waits.
import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { publishedArticleIds } from '@/server/content.ts';
import { recordView } from '@/lib/analytics/feedback.ts';
import { addressKey } from '@/lib/auth/address.ts';
import { isBot } from '@/lib/http/bots.ts';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { readJsonBody, tooManyRequests } from '@/lib/http/json-body.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { getDb } from '@/server/context.ts';
import { ensureVisitor } from '@/server/visitor-cookie.ts';
export const prerender = false;

const viewSchema = z.strictObject({ article: z.string().max(200) });

export const POST: APIRoute = async ({ request, clientAddress, cookies }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403 });
  if (isBot(request.headers.get('user-agent'))) return new Response(null, { status: 204 });
  const parsed = await readJsonBody(request, viewSchema, 1_024);
  if (!parsed.ok) return new Response(null, { status: parsed.status });
  if (!(await publishedArticleIds()).has(parsed.data.article)) return new Response(null, { status: 400 });
  const db = getDb();
  const limit = await hitRateLimit(db, `views:${await addressKey(db, clientAddress)}`, { max: 120, windowMs: 60_000 });
  if (!limit.allowed) return tooManyRequests(limit.retryAfterMs);
  await recordView(db, { article: parsed.data.article, visitor: ensureVisitor(cookies) });
  return new Response(null, { status: 204 });
};
