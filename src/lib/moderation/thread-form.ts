// The thread page's moderator tools as one form: `tool` names the change (lock, unlock, pin,
// unpin, move, slowMode, duplicate) and this module calls the matching thread-tools function.
// A duplicate's original is given as a thread number or any link to it (…/community/t/<id>/…).
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { requirePermission } from '../auth/authorize.ts';
import { refuse, type Outcome } from '../outcome.ts';
import {
  closeAsDuplicate,
  lockThread,
  moveThread,
  pinThread,
  setSlowMode,
  unlockThread,
  unpinThread,
} from './thread-tools.ts';

export const THREAD_TOOLS = ['lock', 'unlock', 'pin', 'unpin', 'move', 'slowMode', 'duplicate'] as const;
export type ThreadTool = (typeof THREAD_TOOLS)[number];

export function isThreadTool(value: unknown): value is ThreadTool {
  return typeof value === 'string' && (THREAD_TOOLS as readonly string[]).includes(value);
}

/** "42", "#42", "/fa/community/t/42/slug/" or a full URL → 42; anything else → null. */
export function threadIdFrom(text: string | null | undefined): number | null {
  const value = (text ?? '').trim();
  const match = /^#?(\d{1,15})$/.exec(value) ?? /\/community\/t\/(\d{1,15})(?:[/?#]|$)/.exec(value);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export interface ThreadToolFields {
  tool?: string | undefined;
  reason?: string | undefined;
  category?: string | undefined;
  minutes?: string | undefined;
  original?: string | undefined;
}

export async function runThreadTool(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  fields: ThreadToolFields,
  now = Date.now(),
): Promise<Outcome<{ tool: ThreadTool; changed: boolean }>> {
  const user = requirePermission(actor, 'moderation');
  const tool = fields.tool;
  if (!isThreadTool(tool)) return refuse('invalidInput');
  const reason = (fields.reason ?? '').trim() || null;
  const done = (outcome: Outcome<{ changed: boolean }>): Outcome<{ tool: ThreadTool; changed: boolean }> =>
    outcome.ok ? { ok: true, tool, changed: outcome.changed } : outcome;
  switch (tool) {
    case 'lock':
      return done(await lockThread(db, user, threadId, reason, now));
    case 'unlock':
      return done(await unlockThread(db, user, threadId, reason, now));
    case 'pin':
      return done(await pinThread(db, user, threadId, reason, now));
    case 'unpin':
      return done(await unpinThread(db, user, threadId, reason, now));
    case 'move': {
      const category = /^\d{1,12}$/.test(fields.category ?? '') ? Number(fields.category) : 0;
      return category > 0
        ? done(await moveThread(db, user, threadId, category, reason, now))
        : refuse('invalidCategory');
    }
    case 'slowMode': {
      const minutes = /^\d{1,4}$/.test(fields.minutes ?? '') ? Number(fields.minutes) : -1;
      return done(await setSlowMode(db, user, threadId, minutes, reason, now));
    }
    case 'duplicate': {
      const original = threadIdFrom(fields.original);
      return original === null
        ? refuse('invalidInput')
        : done(await closeAsDuplicate(db, user, threadId, original, reason, now));
    }
  }
}

/** Where a duplicate's notice points: the original thread's address parts, when readers can see it. */
export async function visibleThreadLink(
  db: Db,
  threadId: number,
): Promise<{ id: number; locale: string; slug: string; title: string } | null> {
  const row = await db
    .selectFrom('threads')
    .select(['id', 'locale', 'slug', 'title'])
    .where('id', '=', threadId)
    .where('hidden_at', 'is', null)
    .where('deleted_at', 'is', null)
    .where('held_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}
