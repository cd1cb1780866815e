// The small JSON bodies our beacons and endpoints accept: read at most `maxChars`, parse, check
// against a schema. A bad body is an HTTP status for the caller to answer, never an exception.
import type { z } from 'astro/zod';

export async function readJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxChars: number,
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; status: 400 | 413 }> {
  const text = await request.text();
  if (text.length > maxChars) return { ok: false, status: 413 };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, status: 400 };
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, status: 400 };
}

/** 429 with the seconds to wait, for a spent rate limit. */
export function tooManyRequests(retryAfterMs: number): Response {
  return new Response(null, { status: 429, headers: { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) } });
}
