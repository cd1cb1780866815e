// A user's moderation record page's forms: set the trust level by hand (`intent=trust`, `level`)
// or lift a silence or suspension (`intent=lift`, `kind`), each with an optional reason. The
// functions called authorize and refuse staff accounts (mayModerate); this reads the form and
// says how the page answers.
import type { SessionUser } from '../auth/session.ts';
import type { Db } from '../db/index.ts';
import type { FormAnswer, FormNotice } from '../http/form-answer.ts';
import { REASON_MAX } from '../forum/policy.ts';
import type { ModerationOutcome } from '../outcome.ts';
import { liftSanction } from './sanctions.ts';
import { setTrustLevel } from './trust.ts';

/** What the page's notice says after a change (`?done=`). */
export type UserRecordDone = 'trust' | 'trustSame' | 'lift-silence' | 'lift-suspend' | 'notInForce';

export type UserRecordOutcome = ModerationOutcome<{ done: UserRecordDone }> | { ok: false; problem: 'invalidForm' };

export async function runUserRecordForm(
  db: Db,
  user: SessionUser,
  userId: number,
  fields: Record<string, string | undefined>,
): Promise<UserRecordOutcome> {
  if (fields.intent === 'trust' && /^\d$/.test(fields.level ?? '')) {
    const result = await setTrustLevel(db, user, userId, Number(fields.level), fields.reason ?? null);
    return result.ok ? { ok: true, done: result.changed ? 'trust' : 'trustSame' } : result;
  }
  if (fields.intent === 'lift' && (fields.kind === 'silence' || fields.kind === 'suspend')) {
    const result = await liftSanction(db, user, userId, fields.kind, fields.reason ?? null);
    return result.ok ? { ok: true, done: result.changed ? `lift-${fields.kind}` : 'notInForce' } : result;
  }
  return { ok: false, problem: 'invalidForm' };
}

export function userRecordAnswer(outcome: UserRecordOutcome): FormAnswer {
  if (outcome.ok) return { redirect: { done: outcome.done, before: null } };
  if (outcome.problem === 'invalidForm') return { status: 400, error: 'mod.user.invalid' };
  if (outcome.problem === 'staffAccount') return { status: 403, error: 'forum.error.staffAccount' };
  return { status: outcome.problem === 'notFound' ? 404 : 422, error: 'mod.user.invalid' };
}

/** The notice `?done=` names; the trust level is the one now stored. */
export function userRecordNotice(done: string, trustLevel: number): FormNotice | undefined {
  if (done === 'trust') return { kind: 'success', key: 'mod.user.trust.saved', vars: { level: trustLevel } };
  if (done === 'trustSame') return { kind: 'success', key: 'mod.user.trust.unchanged', vars: { level: trustLevel } };
  if (done === 'lift-silence') return { kind: 'success', key: 'mod.user.lift.done.silence' };
  if (done === 'lift-suspend') return { kind: 'success', key: 'mod.user.lift.done.suspend' };
  if (done === 'notInForce') return { kind: 'error', key: 'mod.user.lift.notInForce' };
  return undefined;
}

/** The reasons typed into the trust and lift forms, kept when the page shows again. */
export function typedReasons(fields: Record<string, string | undefined> | undefined): { trust: string; lift: string } {
  const reason = (fields?.reason ?? '').slice(0, REASON_MAX);
  return { trust: fields?.intent === 'trust' ? reason : '', lift: fields?.intent === 'lift' ? reason : '' };
}
