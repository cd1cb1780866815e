// Watching a thread: its watchers hear of every reply. Askers watch their own thread from the
// start; anyone signed in can watch or stop watching any visible thread.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session.ts';
import { requireMember } from './policy.ts';
import { refuse, type Outcome } from '../outcome.ts';

export async function watchThread(
  db: Db,
  actor: SessionUser | null,
  threadId: number,
  now = Date.now(),
): Promise<Outcome> {
  const user = requireMember(actor);
  const thread = await db
    .selectFrom('threads')
    .select('id')
    .where('id', '=', threadId)
    .where('hidden_at', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!thread) return refuse('notFound');
  await db
    .insertInto('thread_watches')
    .values({ thread_id: threadId, user_id: user.id, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { ok: true };
}

export async function unwatchThread(db: Db, actor: SessionUser | null, threadId: number): Promise<Outcome> {
  const user = requireMember(actor);
  await db.deleteFrom('thread_watches').where('thread_id', '=', threadId).where('user_id', '=', user.id).execute();
  return { ok: true };
}

export async function isWatching(db: Db, userId: number, threadId: number): Promise<boolean> {
  const row = await db
    .selectFrom('thread_watches')
    .select('user_id')
    .where('thread_id', '=', threadId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}
