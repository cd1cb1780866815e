// A user's moderation record page's data: the user the address names (plain digits, else no
// one), then what the page shows: the record, the reasons typed into its forms, whether this
// moderator may change the user (mayModerate: never staff, never oneself), and one keyset page
// of sanctions (`?before=`).
import type { SessionUser } from '../auth/session.ts';
import { mayModerate } from '../auth/authorize.ts';
import type { Db } from '../db/index.ts';
import { sanctionHistory, userModerationRecord, type UserModerationRecord } from './admin.ts';
import { typedReasons } from './user-record-form.ts';

/** The record of the user `/admin/moderation/users/<id>/` names, or null (the page answers 404). */
export async function findUserRecord(
  db: Db,
  viewer: SessionUser,
  id: string | undefined,
): Promise<UserModerationRecord | null> {
  return /^\d{1,12}$/.test(id ?? '') ? userModerationRecord(db, viewer, Number(id)) : null;
}

/** What the page renders for `found`, after the form in `fields` (if one was posted); null when the user is gone. */
export async function userRecordView(
  db: Db,
  viewer: SessionUser,
  found: UserModerationRecord,
  fields: Record<string, string | undefined> | undefined,
  params: URLSearchParams,
) {
  // Read again after a refused change (a user deleted meanwhile has nothing left to show).
  const record = fields ? await userModerationRecord(db, viewer, found.id) : found;
  if (!record) return null;
  const before = /^\d{1,12}$/.test(params.get('before') ?? '') ? Number(params.get('before')) : undefined;
  return {
    record,
    reasons: typedReasons(fields),
    canModerate: mayModerate(viewer, record),
    before,
    history: await sanctionHistory(db, viewer, record.id, { before, limit: 25 }),
  };
}
