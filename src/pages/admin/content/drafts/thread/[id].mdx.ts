// An article draft from a solved community thread, as a download (lib/content/draft.ts): writers
// and admins only. Under /admin/ with the writers' other downloads, not beside the thread: the
// thread's pages are public and shared from a cache, this file is a staff tool.
import type { APIRoute } from 'astro';
import { articleDraftFromThread } from '@/lib/content/draft.ts';
import { getDb, getOrigin } from '@/server/context.ts';
import { draftDownload } from '@/server/draft-download.ts';
import { guardAdminEndpoint } from '@/server/guards.ts';
export const prerender = false;

export const GET: APIRoute = async (context) => {
  const guard = guardAdminEndpoint(context, 'writing');
  if (guard.response) return guard.response;
  const id = context.params.id ?? '';
  const outcome = /^\d{1,15}$/.test(id)
    ? await articleDraftFromThread(getDb(), Number(id), { origin: getOrigin() })
    : ({ ok: false, problem: 'notFound' } as const);
  return draftDownload(outcome, guard.locale);
};
