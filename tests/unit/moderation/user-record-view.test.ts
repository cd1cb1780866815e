// A user's moderation record page's data (lib/moderation/user-record-view.ts): only plain digits
// name a user, the record is read again after a posted form (and is gone if the user is), the
// reasons typed come back, staff cannot be changed, and sanctions page by `?before=`.
import { describe, expect, it } from 'vitest';
import { findUserRecord, userRecordView } from '../../../src/lib/moderation/user-record-view.ts';
import { testDb, testUser } from '../helpers.ts';

async function setup() {
  const db = await testDb();
  const moderator = await testUser(db, 'Mod', { role: 'moderator' });
  const member = await testUser(db, 'Ann', { trustLevel: 1 });
  const admin = await testUser(db, 'Root', { role: 'admin' });
  return { db, moderator, member, admin };
}

describe('user record page data', () => {
  it('finds a user only by plain digits', async () => {
    const { db, moderator, member } = await setup();
    expect((await findUserRecord(db, moderator, String(member.id)))?.name).toBe('Ann');
    expect(await findUserRecord(db, moderator, `${member.id}abc`)).toBeNull();
    expect(await findUserRecord(db, moderator, undefined)).toBeNull();
    expect(await findUserRecord(db, moderator, '999999')).toBeNull();
  });

  it('reads the record again after a form, keeps the typed reason, and says who may be changed', async () => {
    const { db, moderator, member, admin } = await setup();
    const found = (await findUserRecord(db, moderator, String(member.id)))!;
    await db.updateTable('users').set({ trust_level: 3 }).where('id', '=', member.id).execute();
    const none = new URLSearchParams();
    const shown = (await userRecordView(db, moderator, found, undefined, none))!;
    expect(shown.record.trustLevel).toBe(1);
    expect(shown.canModerate).toBe(true);
    expect(shown.reasons).toEqual({ trust: '', lift: '' });
    const posted = (await userRecordView(db, moderator, found, { intent: 'lift', reason: 'appeal' }, none))!;
    expect(posted.record.trustLevel).toBe(3);
    expect(posted.reasons).toEqual({ trust: '', lift: 'appeal' });

    const staff = (await findUserRecord(db, moderator, String(admin.id)))!;
    expect((await userRecordView(db, moderator, staff, undefined, none))!.canModerate).toBe(false);

    expect((await userRecordView(db, moderator, found, undefined, new URLSearchParams('before=5')))!.before).toBe(5);
    expect((await userRecordView(db, moderator, found, undefined, new URLSearchParams('before=x')))!.before).toBe(
      undefined,
    );
    await db.deleteFrom('users').where('id', '=', member.id).execute();
    expect(await userRecordView(db, moderator, found, { intent: 'trust' }, none)).toBeNull();
  });
});
