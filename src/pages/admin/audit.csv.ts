// The audit log as CSV with the page's filters (moderator, action, member, item), newest first.
import type { APIRoute } from 'astro';
import { guardAdminEndpoint } from '@/server/guards.ts';
import { csvFilename, csvResponse } from '@/lib/analytics/csv.ts';
import { auditCsv, readAuditQuery } from '@/lib/moderation/index.ts';
import { getDb } from '@/server/context.ts';
export const prerender = false;

export const GET: APIRoute = async (context) => {
  const guard = await guardAdminEndpoint(context, 'moderation');
  if (guard.response) return guard.response;
  const { before: _before, ...filters } = readAuditQuery(context.url.searchParams);
  const body = await auditCsv(getDb(), guard.user, filters);
  return csvResponse(body, csvFilename('audit', filters.action ?? ''));
};
