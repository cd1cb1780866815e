// The comments inbox's form: set a comment's triage state (`action=status`, `status`) or delete a
// spam vote with its comment (`action=delete`), each naming the vote by `id`. The page maps the
// outcome to its answer (commentTriageAnswer) and renders.
import type { Db } from '../db/index.ts';
import type { CommentStatus } from '../db/schema.ts';
import type { FormAnswer } from '../http/form-answer.ts';
import { commentStatuses, deleteVote, setCommentStatus } from './feedback.ts';

export type CommentTriageOutcome =
  { ok: true; done: 'saved' | 'deleted'; id: number } | { ok: false; problem: 'gone' | 'invalid' };

export async function runCommentTriageForm(
  db: Db,
  userId: number,
  fields: Record<string, string | undefined>,
): Promise<CommentTriageOutcome> {
  const id = /^\d{1,12}$/.test(fields.id ?? '') ? Number(fields.id) : 0;
  const status = (commentStatuses as readonly string[]).includes(fields.status ?? '')
    ? (fields.status as CommentStatus)
    : undefined;
  if (fields.action === 'status' && id > 0 && status) {
    return (await setCommentStatus(db, id, status, userId))
      ? { ok: true, done: 'saved', id }
      : { ok: false, problem: 'gone' };
  }
  if (fields.action === 'delete' && id > 0) {
    return (await deleteVote(db, id)) ? { ok: true, done: 'deleted', id } : { ok: false, problem: 'gone' };
  }
  return { ok: false, problem: 'invalid' };
}

/** A saved state lands on its comment's row; a deleted comment has none. */
export function commentTriageAnswer(outcome: CommentTriageOutcome): FormAnswer {
  if (outcome.ok)
    return {
      redirect: { confirm: null, done: outcome.done },
      ...(outcome.done === 'saved' ? { hash: `c-${outcome.id}` } : {}),
    };
  return { status: outcome.problem === 'gone' ? 404 : 400, error: 'admin.comments.gone' };
}
