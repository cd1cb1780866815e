// Beacon endpoint for thread views, sent by the thread page's script once it is shown: one view
// per browser and thread for six hours (a short list of thread ids in an HttpOnly cookie), bots
// and the asker left out, floods limited per (hashed) address. Counting here rather than while
// rendering keeps the page the same for every anonymous reader, so it can be served from the
// anonymous cache.
import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { addressKey } from '@/lib/auth/address.ts';
import { recordThreadView } from '@/lib/forum/threads.ts';
import { isBot } from '@/lib/http/bots.ts';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { readJsonBody, tooManyRequests } from '@/lib/http/json-body.ts';
import { hitRateLimit } from '@/lib/rate-limit.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

const SEEN_COOKIE = 'pasokh_seen';
const viewSchema = z.strictObject({ thread: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const POST: APIRoute = async ({ request, clientAddress, cookies, locals }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403 });
  if (isBot(request.headers.get('user-agent'))) return new Response(null, { status: 204 });
  const parsed = await readJsonBody(request, viewSchema, 256);
  if (!parsed.ok) return new Response(null, { status: parsed.status });
  const threadId = parsed.data.thread;
  const seen = (cookies.get(SEEN_COOKIE)?.value ?? '').split('.').filter((s) => /^\d{1,15}$/.test(s));
  if (seen.includes(String(threadId))) return new Response(null, { status: 204 });
  const db = getDb();
  const limit = await hitRateLimit(db, `thread-views:${await addressKey(db, clientAddress)}`, {
    max: 120,
    windowMs: 60_000,
  });
  if (!limit.allowed) return tooManyRequests(limit.retryAfterMs);
  await recordThreadView(db, threadId, locals.user?.id ?? null);
  cookies.set(SEEN_COOKIE, [...seen.slice(-49), threadId].join('.'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: !import.meta.env.DEV,
    maxAge: 6 * 60 * 60,
  });
  return new Response(null, { status: 204 });
};
