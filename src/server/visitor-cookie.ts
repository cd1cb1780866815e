// Page-side adapter for the visitor id (lib/analytics/visitor.ts): read it from the cookie, or
// give this browser a new one.
import type { AstroCookies } from 'astro';
import { isVisitorId, newVisitorId, VISITOR_COOKIE, visitorCookieOptions } from '@/lib/analytics/visitor.ts';

export function ensureVisitor(cookies: AstroCookies): string {
  const current = cookies.get(VISITOR_COOKIE)?.value;
  if (isVisitorId(current)) return current;
  const id = newVisitorId();
  cookies.set(VISITOR_COOKIE, id, visitorCookieOptions(!import.meta.env.DEV));
  return id;
}
