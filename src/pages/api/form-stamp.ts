// A fresh form stamp (lib/moderation/spam.ts) for a write form that has been open for a long
// time (SpamFields asks once its stamp is an hour old). Handing it out weakens nothing: anyone
// gets one by loading a page, and the minimum time to submit counts from now.
import type { APIRoute } from 'astro';
import { isCrossSite } from '@/lib/http/fetch-site.ts';
import { issueFormStamp } from '@/lib/moderation/spam.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

export const GET: APIRoute = async ({ request }) => {
  if (isCrossSite(request.headers)) return new Response(null, { status: 403 });
  return new Response(JSON.stringify({ stamp: await issueFormStamp(getDb()) }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
