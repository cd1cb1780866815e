// POST only (a link or a prefetch must not sign anyone out). Ends the current session.
import type { APIRoute } from 'astro';
import { isLocale } from '@/i18n/index.ts';
import { invalidateSession, SESSION_COOKIE } from '@/lib/auth/session.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

export const POST: APIRoute = async ({ locals, cookies, params, redirect }) => {
  if (locals.session) await invalidateSession(getDb(), locals.session.id);
  cookies.delete(SESSION_COOKIE, { path: '/' });
  return redirect(`/${isLocale(params.locale) ? params.locale : 'fa'}/`, 303);
};
