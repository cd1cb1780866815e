// Editing one's own post (issue 14, point 3): never refused as "too fast". The form stamp's time
// does not count for an edit (honeypot and signature still do), and edits have their own hourly
// limit far above what a person reaches, refused with its own words ("editLimit").
import { describe, expect, it } from 'vitest';
import { saveCategory } from '../../../src/lib/forum/categories.ts';
import { FORUM_RATE_LIMITS } from '../../../src/lib/forum/policy.ts';
import { editPost, postLocation } from '../../../src/lib/forum/posts.ts';
import { createThread } from '../../../src/lib/forum/threads.ts';
import { checkFormSubmission, issueFormStamp } from '../../../src/lib/moderation/spam.ts';
import { testDb, testUser } from '../helpers.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');

async function ownQuestion(trustLevel: number) {
  const db = await testDb();
  const member = await testUser(db, `Writer ${trustLevel}`, { trustLevel });
  const { id: categoryId } = await saveCategory(db, 'system', {
    slug: 'billing',
    titles: { fa: 'پرداخت', ru: 'Оплата', en: 'Billing' },
  });
  const asked = await createThread(
    db,
    member,
    { locale: 'en', categoryId, title: 'Where is my invoice for October?', body: 'I paid but got no invoice.' },
    T0,
  );
  if (!asked.ok) throw new Error(asked.problem);
  return { db, member, asked };
}

describe('editing your own post', () => {
  it('a form stamp made a second ago (or hours ago) passes for an edit; honeypot and forgery do not', async () => {
    const db = await testDb();
    const stamp = await issueFormStamp(db, T0);
    expect(await checkFormSubmission(db, { form_stamp: stamp }, T0 + 500)).toBe('tooFast');
    expect(await checkFormSubmission(db, { form_stamp: stamp }, T0 + 500, { timing: false })).toBeNull();
    expect(await checkFormSubmission(db, { form_stamp: stamp }, T0 + 5 * 60 * 60_000, { timing: false })).toBeNull();
    expect(await checkFormSubmission(db, { website: 'x', form_stamp: stamp }, T0 + 500, { timing: false })).toBe(
      'honeypot',
    );
    expect(
      await checkFormSubmission(db, { form_stamp: stamp.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }, T0 + 500, {
        timing: false,
      }),
    ).toBe('badStamp');
  });

  for (const trustLevel of [0, 1]) {
    it(`trust level ${trustLevel}: 150 edits in ten minutes all save; past the hourly limit the refusal is "editLimit", not "too fast"`, async () => {
      const { db, member, asked } = await ownQuestion(trustLevel);
      for (let i = 1; i <= 150; i++) {
        const edited = await editPost(
          db,
          member,
          asked.postId,
          { body: `I paid but got no invoice (edit ${i}).`, reason: null },
          T0 + i * 4_000,
        );
        expect(edited.ok, `edit ${i}: ${JSON.stringify(edited)}`).toBe(true);
      }
      const limit = trustLevel === 0 ? FORUM_RATE_LIMITS.edit.newUser.max : FORUM_RATE_LIMITS.edit.member.max;
      expect(limit).toBeGreaterThanOrEqual(200);
      await db
        .updateTable('rate_limits')
        .set({ count: limit })
        .where('key', '=', `forum:edit:user:${member.id}`)
        .execute();
      const refused = await editPost(
        db,
        member,
        asked.postId,
        { body: 'One edit too many this hour.', reason: null },
        T0 + 700_000,
      );
      expect(refused).toMatchObject({ ok: false, problem: 'editLimit' });
    });
  }

  it('the author of a held question is brought back to it after an edit (moderators too, nobody else)', async () => {
    const { db, member, asked } = await ownQuestion(0);
    expect(asked.pending).toBe(true);
    expect(await postLocation(db, asked.postId)).toBeNull();
    expect(await postLocation(db, asked.postId, member)).toMatchObject({ threadId: asked.threadId, number: 1 });
    const stranger = await testUser(db, 'Stranger');
    expect(await postLocation(db, asked.postId, stranger)).toBeNull();
    const moderator = await testUser(db, 'Moderator', { role: 'moderator' });
    expect(await postLocation(db, asked.postId, moderator)).toMatchObject({ threadId: asked.threadId });
  });
});
